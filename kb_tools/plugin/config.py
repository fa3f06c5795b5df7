from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class KbToolsConfig(Config):  # type: ignore[no-untyped-call]
    enabled = opt.Type(bool, default=True)

    # Where the YAML content lives and where its pages go in the site
    trees_dir = opt.Type(str, default="trees")
    pages_dir = opt.Type(str, default="parcours")

    # Search: keywords, synonyms and boosts added to Material's index
    search_enrich = opt.Type(bool, default=True)

    # Where « Cela vous a-t-il aidé ? » answers go (none by default: nothing is sent)
    feedback_endpoint = opt.Optional(opt.Type(str))

    # Minify the site's own JavaScript and CSS in site/
    minify = opt.Type(bool, default=True)

    # Folder searched before the package for kb_tools/*.md.j2 templates;
    # defaults to the theme's custom_dir (overrides/)
    templates_dir = opt.Optional(opt.Type(str))
