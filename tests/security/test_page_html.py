"""A page's content is written out again from what the check read, so that
the browser runs nothing the check did not see: markup that Python's parser
and Chromium read differently (comments, raw-text elements, CDATA, duplicate
attributes, foreign content) is tried in Chromium, before and after."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from kb_tools.built_pages import attribute_refusal, same_host
from kb_tools.page_html import clean
from tests.payloads import SCRIPT, TEMPLATE

pytestmark = pytest.mark.browser


def _judge(tag: str, name: str, value: str, kept: dict[str, str]) -> tuple[str, str] | None:
    return attribute_refusal(tag, name, value, kept, lambda url: same_host(url, "aide.roulettino.example"))


#: Markup that Python 3.11's html.parser and a browser read differently (found by an attacker's review).
DIFFERENTIALS = [
    "<!--><img src=x onerror=alert(1)>-->",
    "<!--!><img src=x onerror=alert(1)>-->",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>',
    '<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    '<textarea><p title="</textarea><img src=x onerror=alert(1)>"></textarea>',
    '<title><p title="</title><img src=x onerror=alert(1)>"></title>',
    "<script>alert(1)</script/>",
    "<script>alert(1)</script x>",
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<math><style><img src=x onerror=alert(1)></style></math>',
    '<svg><script href="data:text/javascript,alert(1)"></script></svg>',
    '<svg><script>alert(1)</script></svg>',
    '<img src="x" src="y" onerror="alert(1)">',
    '<img onerror="alert(1)" onerror="">',
    '<a href="javascript:alert(1)" href="/ok/">x</a>',
    '<svg><animate attributeName="href" values="javascript:alert(1)"/><a><text>x</text></a></svg>',
    '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
    '<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<details open ontoggle=alert(1)>',
    "<img src=x\x0conerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    '<p>texte</p><img src=x onerror=alert(1)',  # never closed
    "<template><img src=x onerror=alert(1)></template>",
    '<base href="javascript:alert(1)//"><a href="x">x</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]
PAYLOADS = DIFFERENTIALS + [value for _, value in SCRIPT + TEMPLATE]

RUN_JS = """async (html) => {
  window.__ran = 0;
  window.alert = () => { window.__ran += 1; };
  const box = document.createElement('div');
  document.body.replaceChildren(box);
  // as a page would: parsed by the browser's own HTML parser, scripts included
  const doc = new DOMParser().parseFromString('<!doctype html><body>' + html, 'text/html');
  for (const node of [...doc.body.childNodes]) box.appendChild(document.importNode(node, true));
  for (const old of box.querySelectorAll('script')) {
    const s = document.createElement('script');
    for (const a of old.attributes) s.setAttribute(a.name, a.value);
    s.textContent = old.textContent;
    old.replaceWith(s);
  }
  box.querySelectorAll('a, [onmouseover], [ontoggle]').forEach(e => {
    e.dispatchEvent(new MouseEvent('mouseover')); if (e.tagName === 'A' && e.href.startsWith('javascript:')) e.click();
  });
  await new Promise(r => setTimeout(r, 150));
  return window.__ran;
}"""


@pytest.fixture(scope="module")
def blank(browser: Browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.goto("about:blank")
    yield page
    context.close()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_what_the_check_wrote_out_runs_nothing_in_chromium(blank, payload: str) -> None:  # type: ignore[no-untyped-def]
    cleaned, found = clean(f"<p>avant</p>{payload}<p>après</p>", _judge)
    assert blank.evaluate(RUN_JS, cleaned) == 0, (payload, cleaned)
    if blank.evaluate(RUN_JS, payload):  # the payload runs as it was written...
        assert found, payload  # ...so the check said so, for the editor to fix


TAGS = st.sampled_from(["p", "a", "img", "svg", "math", "style", "script", "textarea", "title", "noscript", "b",
                        "table", "td", "select", "option", "template", "xmp", "iframe", "details", "abbr"])
BITS = st.one_of(
    TAGS.map(lambda t: f"<{t}>"), TAGS.map(lambda t: f"</{t}>"), TAGS.map(lambda t: f"<{t} "),
    st.sampled_from(["<!--", "-->", "--!>", "<![CDATA[", "]]>", ">", "<", "/>", '"', "'", "=", " ", "\x0c",
                     "onerror=alert(1)", "src=x", "href=javascript:alert(1)", "title=", "&lt;", "&", "\n"]),
    st.text(max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(BITS, max_size=25).map("".join))
def test_random_markup_is_written_out_in_a_form_that_reads_back_the_same(soup: str) -> None:
    once, _ = clean(soup, _judge)
    twice, found = clean(once, _judge)
    assert twice == once and found == [], (soup, once, twice)  # a fixed point: nothing left to read otherwise


@settings(max_examples=40, deadline=None)
@given(st.lists(BITS, max_size=25).map("".join))
def test_random_markup_written_out_runs_nothing(blank, soup: str) -> None:  # type: ignore[no-untyped-def]
    cleaned, _ = clean(soup, _judge)
    assert blank.evaluate(RUN_JS, cleaned) == 0, (soup, cleaned)


def test_ordinary_content_keeps_its_markup() -> None:
    html = ('<h2 id="kyc">KYC</h2><p>Texte <abbr title="Know Your Customer">KYC</abbr> &amp; « suite »&nbsp;!</p>'
            '<div class="admonition note"><p class="admonition-title">Note</p><p>x<br>y</p></div>'
            '<img alt="" src="../assets/logo.svg"><a href="https://autre.example/">lien</a>'
            '<div data-kb-flow-data="{&quot;a&quot;:&quot;&lt;b&gt;&quot;}"></div>'
            '<svg viewBox="0 0 24 24"><path d="M0 0h24"/></svg><details><summary>Q</summary><p>R</p></details>')
    cleaned, found = clean(html, _judge)
    assert found == []
    reread = HTMLParser()
    assert cleaned.count("<") == html.count("<") and "&nbsp;" not in cleaned and "\u00a0!" in cleaned
    reread.feed(cleaned)
    assert '{&quot;a&quot;:&quot;&lt;b&gt;&quot;}' in cleaned
