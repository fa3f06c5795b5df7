"""Security headers: the policy names each inline script by its hash, and a
configured feedback endpoint is the only other host the page may reach."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from kb_tools.built_pages import check_built_pages
from kb_tools.headers import content_security_policy, headers_file, known_scripts, origin, parse_headers_file
from tests.payloads import SCRIPT

TEMPLATE = '<script>s=new URL("{{ base_url }}",location)</script><script src="{{ x }}"></script>'


def _site(tmp_path: Path, html: str) -> tuple[Path, Path]:
    templates, site = tmp_path / "templates", tmp_path / "site"
    templates.mkdir()
    (templates / "base.html").write_text(TEMPLATE, encoding="utf-8")
    (site / "js").mkdir(parents=True)
    (site / "js" / "x.js").write_text("1", encoding="utf-8")
    (site / "js" / "copie.js").write_text("alert(1)", encoding="utf-8")  # copied from docs/, say
    (site / "index.html").write_text(html, encoding="utf-8")
    return templates, site


def test_scripts_the_templates_write_are_hashed_and_data_blocks_ignored(tmp_path: Path) -> None:
    templates, site = _site(tmp_path, '<script>s=new URL("../..",location)</script><script src="js/x.js"></script>'
                                      '<script type="application/ld+json">{"a": 1}</script>')
    hashes, problems = check_built_pages(site, known_scripts([templates]), {"js/x.js"})
    digest = base64.b64encode(hashlib.sha256(b's=new URL("../..",location)').digest()).decode()
    assert (hashes, problems) == ([f"'sha256-{digest}'"], [])


@pytest.mark.parametrize("script", [
    "<script>alert(1)</script>",
    '<SCRIPT>s=new URL("",location);alert(1)</SCRIPT>',
    '<script>s=new URL("x",location),alert(1)//",location)</script>',
    '<script>s=new URL("a"+alert(1)+"",location)</script>',
    '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>',
    '<script src="https://evil.example/x.js"></script>',
    '<script src="//evil.example/x.js"></script>',
    '<script src="js/missing.js"></script>',
    '<script src="index.html"></script>',
    '<script src="../../etc/x.js"></script>',
    "<script src=data:text/javascript,alert(1)></script>",
    # attributes that only look like src or type, around a body that would run
    '<script data-src="js/x.js">alert(1)</script>',
    '<script title="src=js/x.js x">alert(1)</script>',
    '<script data-type="application/json">alert(1)</script>',
    # a file of the site, but not one of the theme's
    '<script src="js/copie.js"></script>',
] + [f"<p>{value}</p>" for _, value in SCRIPT if "<script" in value.lower()])
def test_any_other_script_is_a_located_problem_and_gets_no_hash(tmp_path: Path, script: str) -> None:
    templates, site = _site(tmp_path, f"<p>texte</p>\n  {script}")
    hashes, problems = check_built_pages(site, known_scripts([templates]), {"js/x.js"})
    assert [(p.path, p.line, p.rule) for p in problems] == [("index.html", 2, "inline-script")]
    assert hashes == []


def test_material_and_our_templates_give_the_known_list() -> None:
    import material

    from tests.conftest import ROOT

    known = known_scripts([ROOT / "overrides", Path(material.__file__).parent / "templates"])
    assert known, "no inline script found in the theme's templates"
    assert not [p.pattern for p in known if p.fullmatch("alert(1)")]


def test_feedback_endpoint_is_the_only_other_host() -> None:
    policy = content_security_policy([], (origin("https://stats.example.org/feedback?x=1"),))
    assert "connect-src 'self' https://stats.example.org;" in policy
    with pytest.raises(ValueError):
        origin("javascript:alert(1)")


def test_headers_file_round_trips() -> None:
    headers = {"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff"}
    assert parse_headers_file(headers_file(headers)) == headers
