"""What ``make check`` needs from mkdocs.yml, read without MkDocs.

``!ENV [NAME, default]`` gives its default (the deployment's values are
checked elsewhere, kb_tools/deploy_values.py), any ``!!python/...`` tag
nothing. The ``nav:`` entries keep their line and column, so that a page the
menu names but ``docs/`` lacks is reported where the editor wrote it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

#: The extensions MkDocs always adds to those of mkdocs.yml.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


class _Loader(yaml.SafeLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode) and len(node.value) > 1:
        return loader.construct_object(node.value[-1])
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class NavEntry:
    target: str
    line: int  # 1-based, in mkdocs.yml
    col: int


@dataclass
class SiteConfig:
    path: str  # as shown in problems
    docs_dir: str = "docs"
    pages_dir: str = "parcours"
    custom_dir: str | None = None  # the theme's overrides (templates of the tree pages)
    theme: str = "material"  # theme: name:
    theme_custom_dir: str | None = None  # theme: custom_dir: (the plugin's templates_dir aside)
    site_description: str = ""  # what a page without its own description shows
    nav: list[NavEntry] | None = None  # None: no nav, MkDocs lists every page itself
    directory_urls: bool = True  # use_directory_urls: page.md -> page/index.html
    extensions: list[str] = field(default_factory=lambda: list(BUILTIN_EXTENSIONS))
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    snippet_dirs: list[str] = field(default_factory=list)  # pymdownx.snippets base_path
    snippet_appends: list[str] = field(default_factory=list)  # auto_append


def read_site_config(path: Path, shown: str) -> tuple[SiteConfig, list[Problem]]:
    """mkdocs.yml as far as the pages depend on it; a file MkDocs could not read
    either is a located problem (defaults are used meanwhile)."""
    config = SiteConfig(shown)
    if not path.is_file():
        return config, []
    loader = _Loader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return config, [Problem(shown, line, col, "error", "mkdocs.yml ne se lit pas (YAML) ; corrigez cette ligne",
                                "yaml-syntax")]
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return config, []
    config.docs_dir = str(data.get("docs_dir") or "docs")
    config.directory_urls = data.get("use_directory_urls") is not False
    config.site_description = " ".join(str(data.get("site_description") or "").split())
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        config.custom_dir = config.theme_custom_dir = theme["custom_dir"]
    if isinstance(theme, dict) and isinstance(theme.get("name"), str):
        config.theme = theme["name"]
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("kb_tools"), dict):
            options = plugin["kb_tools"]
            config.pages_dir = str(options.get("pages_dir") or "parcours")
            config.custom_dir = options.get("templates_dir") or config.custom_dir
    nav = next((value for key, value in node.value if key.value == "nav"), None)
    if nav is not None:
        config.nav = list(_nav_entries(nav))
    for item in data.get("markdown_extensions") or []:
        name, options = (next(iter(item.items())) if isinstance(item, dict) and item else (item, {}))
        if not isinstance(name, str):
            continue
        if name not in config.extensions:
            config.extensions.append(name)
        config.extension_configs[name] = dict(options or {})
    snippets = config.extension_configs.get("pymdownx.snippets", {})
    config.snippet_dirs = _strings(snippets.get("base_path", ["."]))
    config.snippet_appends = _strings(snippets.get("auto_append", []))
    return config, []


def theme_dirs(root: Path, config: SiteConfig) -> list[Path]:
    """The folders MkDocs takes the theme's files from, in its order (its
    ``config.theme.dirs``): ``custom_dir``, the theme's package, MkDocs' own
    templates. Found without importing MkDocs or the theme (a test compares)."""
    found = [root / config.theme_custom_dir] if config.theme_custom_dir else []
    modules = [e.value for e in entry_points(group="mkdocs.themes") if e.name == config.theme][:1]
    for module in (*modules, "mkdocs.templates"):
        top, *rest = module.split(".")
        spec = find_spec(top)  # a top-level name: found, not imported
        if spec is not None and spec.submodule_search_locations:
            found.append(Path(next(iter(spec.submodule_search_locations)), *rest))
    return found


def _strings(value: object) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value] if isinstance(value, list) else []


def _nav_entries(node: yaml.Node) -> Iterator[NavEntry]:
    """Every file a ``nav:`` names, wherever it is (``- page.md``, ``- Titre: page.md``, sections)."""
    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and node.value:
        yield NavEntry(node.value, node.start_mark.line + 1, node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_entries(item)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _nav_entries(value)
