"""Security headers for the published site, computed from the built pages.

The Content-Security-Policy allows scripts from the site itself plus the
few inline scripts the theme's templates write, each by its SHA-256 hash.
Only scripts that a template of the theme can write are hashed
(``known_scripts``): any other script in a built page fails the build
instead (``kb_tools.built_pages``). Written for static hosts as a
``_headers`` file (Netlify, Cloudflare Pages), as an nginx snippet
(``python -m kb_tools headers SITE --nginx``), and into every page as a
``<meta>`` for hosts that send no headers.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .built_pages import DATA_TYPES

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
#: What a ``{{ ... }}`` inside a template's inline script may become: a path or
#: URL of the site (Material's ``base_url``), never a quote or a bracket.
_TEMPLATE_VALUE = r"[A-Za-z0-9./:_-]*"


def known_scripts(template_dirs: list[Path]) -> list[re.Pattern[str]]:
    """The inline scripts the theme's templates can write, as patterns.

    ``template_dirs`` are the theme's folders (the site's overrides, then
    Material's templates). A ``{{ expression }}`` in a script matches only
    a site path, so content can never pass for one of these scripts."""
    patterns: dict[str, re.Pattern[str]] = {}
    for folder in template_dirs:
        for template in sorted(folder.rglob("*.html")):
            for attrs, body in _SCRIPT.findall(template.read_text(encoding="utf-8")):
                if _SRC.search(attrs) or _is_data(attrs) or "{%" in body or not body.strip():
                    continue
                parts = _EXPRESSION.split(body)
                source = _TEMPLATE_VALUE.join(re.escape(part) for part in parts)
                patterns.setdefault(source, re.compile(source, re.DOTALL))
    return list(patterns.values())


def _is_data(attrs: str) -> bool:
    match = _TYPE.search(attrs)
    return match is not None and match.group(1).lower() in DATA_TYPES


def theme_scripts(template_dirs: list[Path]) -> set[str]:
    """The site paths of the theme's JavaScript files (Material's and the
    site's overrides): the only scripts a page may load by ``src``."""
    return {p.relative_to(folder).as_posix() for folder in template_dirs for p in folder.rglob("*.js")}


def origin(url: str) -> str:
    """``https://host`` of an endpoint, for connect-src."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not re.fullmatch(r"[a-z0-9.-]+", host) or parts.username \
            or any(c in url for c in " ;,'\"\t\n\r"):
        raise ValueError(f"not an http(s) URL: {url!r}")  # the plugin's config refuses these first
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def content_security_policy(hashes: list[str], connect: tuple[str, ...] = (), *, meta: bool = False) -> str:
    """The policy; ``meta``: as a page's ``<meta>`` states it, where
    ``frame-ancestors`` is ignored (and logged as an error by browsers)."""
    directives = [
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src " + " ".join(("'self'", *connect)),
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(d for d in directives if not (meta and d.startswith("frame-ancestors")))


_CHARSET = '<meta charset="utf-8">'


_HEAD = re.compile(r"\A\s*<!doctype html>\s*<html[^<>]*>\s*<head>\s*" + re.escape(_CHARSET), re.IGNORECASE)


def add_policy_meta(site: Path, policy: str) -> list[str]:
    """The policy in every page's ``<head>`` too, right after its charset and
    before anything else, for hosts that send no headers (GitHub Pages); and
    no referrer, which only a header could say otherwise. The pages (paths in
    ``site``) where the theme's head was not found, and nothing was written."""
    tag = (f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
           '<meta name="referrer" content="no-referrer">')
    missed = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        head = _HEAD.match(text)
        if head is None:
            missed.append(page.relative_to(site).as_posix())
            continue
        page.write_text(text[:head.end()] + tag + text[head.end():], encoding="utf-8")
    return missed


def security_headers(hashes: list[str], connect: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(hashes, connect),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def headers_file(headers: dict[str, str]) -> str:
    """The ``_headers`` format of Netlify and Cloudflare Pages."""
    return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())


def nginx_snippet(headers: dict[str, str]) -> str:
    lines = ["# Include in the server block that serves site/ (generated by kb_tools; rebuild to refresh)."]
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> dict[str, str]:
    """Read back a ``_headers`` file (the rules for ``/*``), for local serving and tests."""
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("  ") and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name] = value.strip()
    return headers
