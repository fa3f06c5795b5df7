"""Security headers for the published site, computed from the built pages.

The Content-Security-Policy allows scripts from the site itself plus the
few inline scripts the theme's templates write, each by its SHA-256 hash.
Only scripts that a template of the theme can write are hashed: any other
inline script in a built page (smuggled in by content) fails the build
instead of getting a hash of its own. Written
for static hosts as a ``_headers`` file (Netlify, Cloudflare Pages) and as
an nginx snippet (``python -m kb_tools headers SITE --nginx``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from .problems import Problem

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_DATA_TYPES = ("application/json", "application/ld+json")
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
    return match is not None and match.group(1).lower() in _DATA_TYPES


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_scripts(site: Path, known: list[re.Pattern[str]], base_path: str = "/") -> tuple[list[str], list[Problem]]:
    """The hashes of the known inline scripts of every page, and a problem for
    every other script: an inline one no template writes, or one whose ``src``
    is not a JavaScript file of the site (``base_path``: where the site is
    served, for the absolute addresses of the 404 page)."""
    hashes: set[str] = set()
    problems: list[Problem] = []
    for page in sorted(site.rglob("*.html")):
        shown = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        for match in _SCRIPT.finditer(text):
            attrs, body = match.group(1), match.group(2)
            line, col = _position(text, match.start())
            src = _SRC.search(attrs)
            if src is not None:
                target = next(g for g in src.groups() if g is not None)
                if not _own_script(site, page, target, base_path):
                    problems.append(Problem(shown, line, col, "error",
                                            f"script « {target[:60]} » qui n'est pas un fichier JavaScript du site ; "
                                            "il vient sans doute d'une page ou d'un arbre : retirez-le", "inline-script"))
                continue
            if _is_data(attrs):
                continue  # data blocks never run; one cut short by </script> leaves a script that is caught here
            if any(pattern.fullmatch(body) for pattern in known):
                digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                hashes.add(f"'sha256-{digest}'")
                continue
            snippet = " ".join(body.split())[:60]
            problems.append(Problem(shown, line, col, "error",
                                    f"script en ligne qu'aucun gabarit du thème n'écrit (« {snippet} ») ; "
                                    "il vient sans doute d'une page ou d'un arbre : retirez-le", "inline-script"))
    return sorted(hashes), problems


def _own_script(site: Path, page: Path, src: str, base_path: str) -> bool:
    path = src.split("#", 1)[0].split("?", 1)[0]
    if not path or "://" in src or src.startswith(("//", "\\")) or ":" in path.split("/", 1)[0]:
        return False
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    if path.startswith("/") and not path.startswith(base):
        return False
    target = (site / path.removeprefix(base)) if path.startswith("/") else (page.parent / path)
    try:
        resolved = target.resolve()
    except OSError:
        return False
    return resolved.is_relative_to(site.resolve()) and resolved.suffix == ".js" and resolved.is_file()


def origin(url: str) -> str:
    """``https://host`` of an endpoint, for connect-src."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not re.fullmatch(r"[a-z0-9.-]+", host) or parts.username \
            or any(c in url for c in " ;,'\"\t\n\r"):
        raise ValueError(f"not an http(s) URL: {url!r}")  # the plugin's config refuses these first
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def content_security_policy(hashes: list[str], connect: tuple[str, ...] = ()) -> str:
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
    return "; ".join(directives)


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
