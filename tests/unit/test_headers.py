"""Security headers: the policy names each inline script by its hash, and a
configured feedback endpoint is the only other host the page may reach."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from kb_tools.headers import content_security_policy, headers_file, inline_script_hashes, origin, parse_headers_file


def test_inline_scripts_are_hashed_and_data_blocks_ignored(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<script>var a = 1</script><script src="x.js"></script>'
        '<script type="application/ld+json">{"a": 1}</script>', encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(b"var a = 1").digest()).decode()
    assert inline_script_hashes(tmp_path) == [f"'sha256-{digest}'"]


def test_feedback_endpoint_is_the_only_other_host() -> None:
    policy = content_security_policy([], (origin("https://stats.example.org/feedback?x=1"),))
    assert "connect-src 'self' https://stats.example.org;" in policy
    with pytest.raises(ValueError):
        origin("javascript:alert(1)")


def test_headers_file_round_trips() -> None:
    headers = {"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff"}
    assert parse_headers_file(headers_file(headers)) == headers
