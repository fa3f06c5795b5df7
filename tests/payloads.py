"""Hostile and sloppy values, by class, for the generated hostile suites.

Every payload that could run code calls ``alert(1)`` (or loads ``x``), so a
browser test only has to watch for a dialog, a failed image and a script
error. Each class is a list of ``(name, value)`` pairs; tests loop over
every class for every text-bearing field.
"""

from __future__ import annotations

#: Markup: script elements, and elements whose event attributes run code.
SCRIPT = [
    ("script-tag", "<script>alert(1)</script>"),
    ("close-title", "X </title><script>alert(1)</script>"),
    ("close-attribute", '"><script>alert(1)</script>'),
    ("single-quote", "' onmouseover='alert(1)' x='"),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("svg-onload", "<svg onload=alert(1)>"),
    ("entity-markup", "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("close-script", "</script><script>alert(1)</script>"),
    ("cdata-end", "]]><script>alert(1)</script>"),
]

#: ``javascript:`` (and other code-running schemes), in every spelling a
#: browser decodes back to it.
JAVASCRIPT_URLS = [
    ("plain", "javascript:alert(1)"),
    ("mixed-case", "JaVaScRiPt:alert(1)"),
    ("leading-space", " javascript:alert(1)"),
    ("tab", "java\tscript:alert(1)"),
    ("newline", "java\nscript:alert(1)"),
    ("entity-colon", "javascript&colon;alert(1)"),
    ("decimal-entity", "&#106;avascript:alert(1)"),
    ("hex-entity", "&#x6A;avascript:alert(1)"),
    ("padded-entity", "&#0000106;avascript:alert(1)"),
    ("percent", "%6Aavascript:alert(1)"),
    ("data-html", "data:text/html,<script>alert(1)</script>"),
    ("vbscript", "vbscript:alert(1)"),
    ("protocol-relative", "//evil.example/x"),
    ("backslash-host", "/\\evil.example/x"),
]

#: Markdown links that carry those URLs, in each syntax Markdown knows.
def markdown_links() -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for name, url in JAVASCRIPT_URLS:
        if "\n" in url:
            continue
        links.append((f"inline-{name}", f"voir [ici]({url}) fin"))
        links.append((f"reference-{name}", f"voir [ici][r] fin\n\n[r]: {url}"))
    links.append(("autolink", "voir <javascript:alert(1)> fin"))
    links.append(("reference-in-admonition", "!!! note\n    [r]: javascript:alert(1)\n\nVoir [ici][r]."))
    links.append(("reference-in-quote", "> [r]: javascript:alert(1)\n\nVoir [ici][r]."))
    links.append(("far-target", "voir [ici](" + " " * 250 + "javascript:alert(1)) fin"))
    links.append(("image", "![x](javascript:alert(1))"))
    return links


#: Markdown extensions and template syntax that could turn text into markup.
TEMPLATE = [
    ("attr-list", "Texte {: onclick=\"alert(1)\" }"),
    ("attr-list-block", "Texte\n{: onclick=\"alert(1)\" }"),
    ("jinja-expression", "{{ 7*7 }} {{ config }}"),
    ("jinja-statement", "{% for x in range(3) %}boucle{% endfor %}"),
    ("md-in-html", '<div markdown="1" onclick="alert(1)">x</div>'),
]

#: Text that is sloppy rather than hostile: it must still read as written.
SLOPPY = [
    ("ampersand", "Dépôts & retraits"),
    ("quotes", "Le « bon » \"canal\" d'aide"),
    ("backslash", "C:\\dossier\\fichier"),
    ("markdown-chars", "*gras* _souligné_ `code` # titre"),
]

CLASSES: dict[str, list[tuple[str, str]]] = {
    "script": SCRIPT,
    "javascript-url": JAVASCRIPT_URLS,
    "template": TEMPLATE,
}


def all_payloads() -> list[tuple[str, str]]:
    """Every hostile payload, named ``class/name``."""
    return [(f"{kind}/{name}", value) for kind, items in CLASSES.items() for name, value in items]


#: Deployment values (KB_* variables) that looser checks let through: a
#: header or CSP directive smuggled in, an attribute closed, a hidden
#: recipient, characters a URL never holds unencoded.
DEPLOY_VALUES = [
    ("bcc", "a@b.c?bcc=victime@exemple.fr"),
    ("csp-directive", "https://a.example; frame-ancestors *"),
    ("attribute-break", 'https://a.example/"><script>alert(1)</script>'),
    ("space", "https://a.example/x y"),
    ("quote", "https://a.example/x'y"),
    ("trailing-newline", "https://a.example/\n"),
    ("control", "https://a.example/\x00x"),
    ("angle", "https://a.example/<x>"),
    ("userinfo", "https://user@evil.example/"),
    ("mailto-header", "aide@casino.example\r\nBcc: x@y.fr"),
    # mail clients decode %XX in a mailto: address: %40 is @, %2C a comma, so two recipients
    ("percent-recipient", "attacker%40evil.example%2Caide@roulettino.example"),
    ("percent-query", "aide%3Fbcc%3Dvictime%40exemple.fr@casino.example"),
    ("comma-recipients", "attacker@evil.example,aide@roulettino.example"),
    ("non-ascii-host", "https://exämple.fr/"),
]


def deploy_payloads() -> list[tuple[str, str]]:
    """Every hostile payload, the sloppy texts and the deployment values, named ``class/name``."""
    return (all_payloads() + [(f"sloppy/{name}", value) for name, value in SLOPPY]
            + [(f"deploy/{name}", value) for name, value in DEPLOY_VALUES])


#: URL hashes a player can type or be sent: names of Object.prototype, broken
#: percent-escapes, answer paths that are not numbers or lead nowhere, and huge.
HOSTILE_HASHES = [
    ("constructor", "constructor"),
    ("proto", "__proto__"),
    ("to-string", "toString"),
    ("has-own-property", "hasOwnProperty"),
    ("value-of", "valueOf"),
    ("bare-percent", "%"),
    ("truncated-escape", "%E0%A4%A"),
    ("encoded-proto", "%5F%5Fproto%5F%5F"),
    ("out-of-range", "p=999.999"),
    ("negative", "p=-1"),
    ("exponent", "p=1e3"),
    ("empty-step", "p=0..1"),
    ("fraction", "p=0.5.x"),
    ("huge-index", "p=" + "9" * 400),
    ("huge-path", "p=" + ".".join(["0"] * 5000)),
    ("huge-hash", "a" * 100_000),
    # entries named by a tree: "tree=0.1&other=2"
    ("proto-entry", "__proto__=0"),
    ("constructor-entry", "constructor=0.0"),
    ("empty-entries", "&&=&"),
    ("no-key", "=0.1"),
    ("two-equals", "p=0=1"),
    ("unknown-tree", "pas-un-arbre=0.0"),
    ("uppercase-tree", "P=0"),
    ("encoded-entry", "%70%3D999"),
    ("many-entries", "&".join(f"t{i}=0" for i in range(300))),
]

#: What a tampered sessionStorage may hold under the flow's key.
HOSTILE_STORAGE = [
    ("not-json", "{"),
    ("proto-keys", '{"tree": "%s", "path": "x", "carried": {"__proto__": {"polluted": 1}, "constructor": 1},'
                   ' "values": {"__proto__": {"polluted": 1}, "toString": 3}, "arriving": "yes"}'),
    ("wrong-types", '{"tree": "%s", "path": {"length": 1e9}, "carried": "texte", "values": [1, 2]}'),
    ("array", "[1, 2, 3]"),
    ("null", "null"),
]
