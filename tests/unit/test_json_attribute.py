"""The flow data travels as a JSON attribute through Markdown (md_in_html):
whatever text an editor writes in a tree, entity-looking text included
(« &quot; », « &#92;u0041 », « &lt;script&gt; »), the browser reads back the
very same data, so the flow never falls back to the plain article."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.text import json_attribute

ENTITYISH = st.sampled_from(["&quot;", "&#92;u0041", "&lt;script&gt;", "&amp;", "&", "&#x27;", "&nbsp;", "\\u0026",
                             "\"", "'", "<", ">", "}", "{", "\\", "&#", "&q", ";"])
TEXT = st.lists(st.one_of(ENTITYISH, st.text(max_size=5)), max_size=8).map("".join)


class _Attr(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "data-kb-flow-data":
                self.value = value


def _through_markdown(data: Any) -> Any:
    source = f'<div class="kb-flow" data-kb-flow-data="{json_attribute(data)}" markdown>\n\nTexte.\n\n</div>\n'
    html = markdown.markdown(source, extensions=["md_in_html", "attr_list", "abbr"])
    parser = _Attr()
    parser.feed(html)
    assert parser.value is not None, html
    return json.loads(parser.value)


@settings(max_examples=300, deadline=None)
@given(said=TEXT, title=TEXT)
def test_the_browser_reads_back_the_data_the_tree_gave(said: str, title: str) -> None:
    data = {"title": title, "nodes": {"q": {"answers": [{"said": said}]}}}
    assert _through_markdown(data) == data


def test_entities_written_in_a_tree_stay_text() -> None:
    data = {"said": "J’ai vu &quot; puis &#92;u0041 et &lt;script&gt;"}
    assert _through_markdown(data) == data
