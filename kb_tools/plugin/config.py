"""The plugin's options. Every value is checked here, when MkDocs reads
mkdocs.yml, so a bad one stops the build with a French message before
anything is built (the checks themselves are kb_tools' core)."""

from __future__ import annotations

import os

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError

from ..deploy_values import Kind, folder_refusal, option_refusal

#: A plain search engine: the neutral page « Quitter ce site » opens when no ``quick_exit_url`` is set.
QUICK_EXIT_DEFAULT = "https://www.google.fr/"


class DeployUrl(opt.Type[str]):
    """An address checked like the same value in ``_channels.yml`` (``web_url``, ``site_url``...)."""

    def __init__(self, kind: Kind) -> None:
        super().__init__(str)
        self.kind: Kind = kind

    def run_validation(self, value: object) -> str:
        reason = option_refusal(self.kind, value, os.environ)
        if reason:
            raise ValidationError(reason)
        return str(value)


class ProjectFolder(opt.Type[str]):
    """A folder inside the project (no ``..``, no absolute path); for
    ``pages_dir``, a path of pages in the site."""

    def __init__(self, default: str | None = None, *, page_path: bool = False) -> None:
        super().__init__(str, default=default)
        self.page_path = page_path

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"doit être un nom de dossier (du texte), pas « {value!r} »")
        text = value
        reason = folder_refusal(text, page_path=self.page_path)
        if reason:
            raise ValidationError(reason)
        return text


class KbToolsConfig(Config):  # type: ignore[no-untyped-call]
    enabled = opt.Type(bool, default=True)

    # Where the YAML content lives and where its pages go in the site
    trees_dir = ProjectFolder(default="trees")
    pages_dir = ProjectFolder(default="parcours", page_path=True)

    # Search: keywords, synonyms and boosts added to Material's index
    search_enrich = opt.Type(bool, default=True)

    # Where « Cela vous a-t-il aidé ? » answers go (none by default: nothing is sent)
    feedback_endpoint = opt.Optional(DeployUrl("web_url"))

    # Where « Quitter ce site » sends the player from a sensitive page (none: QUICK_EXIT_DEFAULT)
    quick_exit_url = opt.Optional(DeployUrl("web_url"))

    # Minify the site's own JavaScript and CSS in site/
    minify = opt.Type(bool, default=True)

    # Folder searched before the package for kb_tools/*.md.j2 templates;
    # defaults to the theme's custom_dir (overrides/)
    templates_dir = opt.Optional(ProjectFolder())
