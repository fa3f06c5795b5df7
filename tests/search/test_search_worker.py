"""What our search worker changes in Material's search, checked in Chromium.

- The completion Material shows while the player types (``search.suggest``)
  is a word of the site, never a stem: « attente », not « attent ».
- Material's weighting by the share of the query's words a result contains
  sees every word typed, with or without accents. These tests fail loudly if
  Material changes how it completes or weighs words.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from kb_tools.search_index import index_file

pytestmark = pytest.mark.browser

WORKER = "assets/javascripts/workers/kb-search-worker.js"


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(index_file(site / "search").read_text(encoding="utf-8"))
    return data


def _title_words(site: Path) -> set[str]:
    words: set[str] = set()
    for doc in _index(site)["docs"]:
        for word in re.findall(r"\w+", re.sub(r"<[^>]+>", " ", doc["title"]).lower()):
            words |= {word, _fold(word)}
    return words


def _open_search(page: Any, site_url: str) -> Any:
    page.goto(site_url)
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initialisation')",
        timeout=20_000)
    return page.locator("input.md-search__input")


# The last word is cut short, as while typing; with and without accents.
@pytest.mark.parametrize("typed", ["retrait en att", "mot de pas", "depot non cred", "délais de rép"])
def test_completion_is_a_word_of_the_site(page, site_url: str, built_site: Path, typed: str) -> None:  # type: ignore[no-untyped-def]
    box = _open_search(page, site_url)
    box.press_sequentially(typed, delay=20)
    suggest = page.locator(".md-search__suggest")
    page.wait_for_function("t => document.querySelector('.md-search__suggest').textContent.length > t.length",
                           arg=typed, timeout=10_000)
    completion = suggest.inner_text()
    fragment = re.split(r"[\s'-]+", typed)[-1]
    word = re.split(r"[\s'-]+", completion)[-1]
    assert completion.startswith(typed[: -len(fragment)])
    assert _fold(word).startswith(_fold(fragment)) and len(word) > len(fragment)
    assert word in _title_words(built_site), f"{completion!r}: {word!r} is not a word of the site's titles"
    # → accepts it, as in Material
    box.press("ArrowRight")
    assert box.input_value() == completion


# Material weighs each result by the share of the words typed that it
# contains. Ask the worker as Material does, and read that share.
WORDS_FOUND = """async ([worker, query]) => {
  const index = await (await fetch('search/search_index.json')).json();
  const w = new Worker(worker);
  const next = () => new Promise((resolve) => w.addEventListener('message', (e) => resolve(e.data), {once: true}));
  w.postMessage({type: 0, data: {...index, options: {suggest: false}}});
  await next();
  w.postMessage({type: 2, data: query});
  const answer = await next();
  w.terminate();
  return answer.data.items.slice(0, 3).map((group) => [group[0].location, group[0].terms]);
}"""


@pytest.mark.parametrize("query", ["dépôt attente", "depot attente", "retraits refuses"])
def test_weighting_sees_every_word_typed(page, site_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    assert worker.startswith(WORKER)
    top = page.evaluate(WORDS_FOUND, [worker, query])
    assert top, f"no result for {query!r}"
    location, terms = top[0]
    assert len(terms) == len(query.split()), terms
    assert all(terms.values()), f"{query!r}: the first result, {location}, is not credited with {terms}"


def test_a_page_loads_no_index_until_the_player_opens_the_search(page, site_url: str, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    stub = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and len(_index(built_site)["docs"]) > 100
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "parcours/retrait-en-attente/", wait_until="load")
    page.wait_for_timeout(1000)
    heavy = [u for u in requests if "kb-search-index.json" in u or "/workers/search." in u]
    assert heavy == [], f"loaded before the search was opened: {heavy}"
    page.locator("label.md-header__button[for='__search']").click()
    page.locator("input.md-search__input").press_sequentially("retrait", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert sum("kb-search-index.json" in u for u in requests) == 1


def test_small_words_are_never_listed_as_missing(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    top = page.evaluate(WORDS_FOUND, [worker, "mon depot de hier pas arrive"])
    assert top
    for location, terms in top:
        assert not {"mon", "de", "pas"} & set(terms), f"{location}: {terms}"
        assert len(terms) == 3, terms  # depot, hier, arrive


def test_a_guided_flow_is_marked_as_such_in_the_results(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """kb-flow.css labels a flow's page result; only that one (a page of the site, a section of a flow
    are not labelled). The label hangs on the way Material writes a page result (boundary test)."""
    box = _open_search(page, site_url)
    box.press_sequentially("retrait en attente", delay=20)
    page.locator(".md-search-result__item a[href*='parcours/']").first.wait_for(timeout=15_000)
    labels = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__link')].flatMap(a =>
      [...a.querySelectorAll('h1, h2')].map(h => [a.getAttribute('href').includes('parcours/'), h.tagName,
        getComputedStyle(h, '::before').content]))""")
    labelled = [(flow, tag) for flow, tag, content in labels if content not in ("none", "normal", "")]
    assert (True, "H1") in labelled, labels
    assert all(flow and tag == "H1" for flow, tag in labelled), labels


@pytest.mark.parametrize(("query", "first"), [
    ("ticket clôturé je ne suis pas d'accord", "parcours/contester-decision/"),
    ("retrait crypto refusé", "parcours/retrait-en-attente/"),
])
def test_the_page_that_holds_more_of_the_words_comes_first(page, site_url: str, query: str,  # type: ignore[no-untyped-def]
                                                           first: str) -> None:
    """Page coverage (workers/kb-search-rank.js) and page types (reference
    pages weigh little), in the worker Material runs."""
    page.goto(site_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    top = page.evaluate(WORDS_FOUND, [worker, query])
    assert top and top[0][0] == first, top


@pytest.mark.parametrize("query", ["c'est quoi le closed loop", "que veut dire wagering", "horodatage définition"])
def test_a_question_about_a_term_brings_the_glossary(page, site_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    assert "glossaire/" in [location for location, _ in page.evaluate(WORDS_FOUND, [worker, query])], query


# Typed key by key in the box, as on a phone: accented last letters, commas, question marks.
NOT_FOUND_QUERIES = ["dépôt pas crédité", "mdp oublié", "impossible de me connecter, aide",
                     "mot de passe oublié, je fais quoi ?", "identifient incorrect", "retrait crypto refusé"]


@pytest.mark.parametrize("query", NOT_FOUND_QUERIES)
def test_not_found_lists_words_as_typed_and_never_one_the_page_holds(page, site_url: str, built_site: Path,  # type: ignore[no-untyped-def]
                                                                     query: str) -> None:
    from tests.search.evaluate import open_search, type_query
    box = open_search(page, site_url)
    type_query(page, box, query)
    typed = {re.sub(r"^\W+|\W+$", "", w) for w in query.split()}
    lines = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')]
      .map(li => [li.querySelector('a').getAttribute('href'),
                  [...li.querySelectorAll('.md-search-result__terms')]
                    .map(p => [p.textContent, [...p.querySelectorAll('del')].map(d => d.textContent)])])""")
    assert lines, query
    pages = {doc["location"]: doc for doc in _index(built_site)["docs"]}
    for href, terms in lines:
        location = href.split("?")[0].lstrip("./")
        page_text = _fold(" ".join(re.sub(r"<[^>]+>", " ", f"{d['title']} {d['text']} {d.get('keywords', '')}")
                                   for loc, d in pages.items() if loc.split("#")[0] == location))
        for text, words in terms:
            assert not re.search("[^\u00a0][:;!?]", text), f"{text!r}: a no-break space before the colon"
            for word in words:
                assert word in typed, f"{href}: « {word} » is not a word typed in {query!r}"
                assert not re.search(rf"\b{re.escape(_fold(word))}", page_text), f"{href} holds « {word} »"


@pytest.mark.parametrize("name", ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf"])
def test_a_word_named_like_an_object_property_is_only_a_word(page, site_url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Words the player types key the worker's tables: a property name of
    JavaScript's objects among them must not break the search (attacker finding)."""
    page.goto(site_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    for query in (f"{name} retrait", f"retrait {name}"):
        top = page.evaluate(WORDS_FOUND, [worker, query])
        assert top and top[0][0].startswith("parcours/retrait-en-attente/"), (query, top[:3])


# A large site's first answer (workers/kb-search-worker.js): the page titles
# first, then every document in slices. The query is sent with the setup, as
# when the player types before the index is there. `slices_from` 0 makes this
# small site take the large site's way; a huge one builds the index at once.
FIRST_AND_WHOLE = """async ([worker, query, slicesFrom]) => {
  const stub = await (await fetch('search/search_index.json')).json();
  const w = new Worker(worker);
  const messages = [];
  let notify = () => {};
  w.addEventListener('message', (e) => { messages.push(e.data); notify(); });
  const until = async (n) => { while (messages.length < n) await new Promise((resolve) => { notify = resolve; }); };
  w.postMessage({type: 0, data: {config: {...stub.config, kb_slices_from: slicesFrom}, docs: [], options: {suggest: false}}});
  w.postMessage({type: 2, data: query});
  await until(2);
  if (slicesFrom === 0) await until(3);  // the whole index's answer, unasked
  await new Promise((resolve) => setTimeout(resolve, 300));  // and nothing more
  w.terminate();
  return messages.slice(1).map((m) => m.data.items.map((group) => group.map((doc) => [doc.location, doc.title, doc.terms])));
}"""


def _page_titles(site: Path, count: int) -> list[tuple[str, str]]:
    """Every few pages' main entry, with its title as typed (no markup)."""
    mains = [(d["location"], re.sub(r"<[^>]+>", "", d["title"])) for d in _index(site)["docs"] if "#" not in d["location"]]
    return mains[:: max(1, len(mains) // count)][:count]


def test_a_large_sites_first_results_are_the_right_pages_then_the_whole_index_answers(  # type: ignore[no-untyped-def]
        page, site_url: str, built_site: Path) -> None:
    page.goto(site_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    titles = _page_titles(built_site, 6)
    assert len(titles) >= 5
    for location, title in titles:
        first, whole = page.evaluate(FIRST_AND_WHOLE, [worker, title, 0])
        at_once = page.evaluate(FIRST_AND_WHOLE, [worker, title, 10**9])
        top = [group[0][0] for group in first[:3]]
        assert location in top, f"{title!r}: the first answer's best three are {top}, not {location}"
        assert all("#" not in doc[0] for group in first for doc in group), "the first answer lists pages, not sections"
        # then the whole index: the very list an index built at once gives, words found included
        assert [whole] == at_once, f"{title!r}: the whole index answers otherwise than one built at once"


@pytest.mark.parametrize("path", ["", "parcours/retrait-en-attente/", "glossaire/"])
def test_the_index_comes_when_the_player_presses_the_search_button_and_never_before(  # type: ignore[no-untyped-def]
        page, site_url: str, path: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + path, wait_until="load")
    button = page.locator("label.md-header__button[for='__search']")
    box = button.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a pointer over it is no intent
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(800)
    assert [u for u in requests if "kb-search-index.json" in u] == [], f"{path}: index loaded before any search"
    page.mouse.wheel(0, -600)
    page.wait_for_timeout(200)
    with page.expect_request(lambda request: "kb-search-index.json" in request.url, timeout=15_000):
        page.mouse.down()  # the finger on the button: the index is on its way before the click
    page.mouse.up()
    page.locator("input.md-search__input").press_sequentially("retrait", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert sum("kb-search-index.json" in u for u in requests) == 1
# The worker as Material drives it; `steps`: a query posted, "wait" for the next answer, a list of
# pages to wait for that answer, or a pause in ms. Returns every answer, as the pages of its results.
ASKED = """async ([worker, steps]) => {
  const index = await (await fetch('search/search_index.json')).json();
  const w = new Worker(worker);
  const answers = [];
  let wake = () => {};
  w.addEventListener('message', (e) => {
    if (e.data.type === 3) answers.push(e.data.data.items.map((group) => group[0].location));
    wake();
  });
  const answered = (count) => new Promise((resolve, reject) => {
    const late = setTimeout(() => reject(new Error(`${answers.length} answers, waited for ${count}`)), 15000);
    const check = () => { if (answers.length >= count) { clearTimeout(late); resolve(); } else wake = check; };
    check();
  });
  w.postMessage({type: 0, data: {...index, options: {suggest: false}}});
  await new Promise((resolve) => { wake = resolve; });  // ready
  let expected = 0;
  for (const step of steps) {
    if (step === 'wait') await answered(++expected);
    else if (Array.isArray(step)) {
      while (JSON.stringify(answers[expected - 1]) !== JSON.stringify(step)) await answered(++expected);
    }
    else if (typeof step === 'number') await new Promise((resolve) => setTimeout(resolve, step));
    else w.postMessage({type: 2, data: step});
  }
  w.terminate();
  return answers;
}"""
NOTHING = "zzqxw"  # no page holds it: an empty answer, always sent


def _worker(page: Any, site_url: str) -> str:
    page.goto(site_url)
    url: str = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    return url


def test_queries_typed_while_the_worker_is_busy_get_one_answer_the_newest(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """A query the player has typed past is not answered (its list would be redrawn for nothing);
    the box's value is. A long query keeps the worker busy while the next ones arrive."""
    worker = _worker(page, site_url)
    alone = page.evaluate(ASKED, [worker, ["retrait", "wait", "depot non credite", "wait"]])
    busy = ("verification identite justificatif retrait bloque paiement carte bancaire remboursement "
            "conseiller reclamation mediation contestation")
    typed = ["d", "de", "dep", "depo", "depot", "depot ", "depot n", "depot no", "depot non", "depot non c",
             "depot non credite"]
    answers = page.evaluate(ASKED, [worker, ["retrait", "wait", busy, *typed, alone[1], NOTHING, "wait"]])
    assert answers[-1] == [], answers[-1]
    between = answers[1:-1]
    # the long query may be answered before the others arrive; of the others, the newest only
    assert between[-1] == alone[1], [a[:2] for a in between]
    assert len(between) <= 2, f"{len(between)} answers for {len(typed) + 1} queries: {[a[:2] for a in between]}"


@pytest.mark.parametrize(("first", "again"), [("retrait", "retrait "), ("mot de passe", "mot  de passe")])
def test_an_answer_that_would_redraw_the_same_list_is_not_sent(page, site_url: str, first: str,  # type: ignore[no-untyped-def]
                                                               again: str) -> None:
    worker = _worker(page, site_url)
    answers = page.evaluate(ASKED, [worker, [first, "wait", again, 300, NOTHING, "wait"]])
    assert answers[0] and answers[-1] == [], answers
    assert len(answers) == 2, f"the same list sent {len(answers) - 1} times"


@pytest.mark.parametrize("pasted", ["dépôt non crédité", "mot de passe oublié", "vérification"])
def test_a_word_entered_without_a_key_release_gets_its_results(page, site_url: str, pasted: str) -> None:  # type: ignore[no-untyped-def]
    """A paste, autocorrect, dictation: the box changes with no key event; its results follow,
    the last one shown matches the box's final value."""
    from tests.search.evaluate import SETTLED, result_pages
    box = _open_search(page, site_url)
    box.press_sequentially("retrait", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.evaluate(SETTLED)
    before = result_pages(page, site_url)
    box.fill(pasted)  # an input event only
    page.evaluate(SETTLED)
    after = result_pages(page, site_url)
    worker = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).search")
    expected = page.evaluate(ASKED, [worker, [pasted, "wait"]])[0]
    assert after and after != before
    assert after[:3] == list(dict.fromkeys(location.split("#")[0] for location in expected))[:3], (after[:3], expected[:3])


# The lists the page shows while a large site's index is built in slices: each with the box's value,
# whether it lists sections (only the whole index does), and how many pages.
SHOWN = """([again]) => {
  window.kbShown = [];
  const box = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver(() => {
    const links = [...list.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    const shown = {box: box.value, pages: list.querySelectorAll('.md-search-result__item').length,
                   sections: links.some((href) => href.includes('#'))};
    const last = window.kbShown.at(-1);
    if (last && JSON.stringify(last) === JSON.stringify(shown)) return;
    window.kbShown.push(shown);
    // the no-match word's list: the player types back at once
    if (shown.box === again[0] && !shown.pages && box.value === again[0]) {
      box.value = again[1];
      box.dispatchEvent(new Event('input', {bubbles: true}));
    }
  }).observe(list, {childList: true, subtree: true});
}"""


def test_while_the_index_is_built_in_slices_the_list_follows_the_box_and_never_goes_back(  # type: ignore[no-untyped-def]
        page, site_url: str) -> None:
    """A large site's way, forced (the index in slices from 0 documents, its last slice held 3 s):
    a word that matches nothing, typed during the slicing, empties the list at once (never the list
    of the query before under it); and a list from the whole index is never followed by one from
    the titles for the same query."""
    def with_slices(route: Any) -> None:
        index = route.fetch().json()
        index["config"]["kb_slices_from"] = 0
        route.fulfill(json=index)

    def slow_last_slice(route: Any) -> None:
        text = route.fetch().text()
        held = re.sub(r"next\.build\(\);\s*done\(\);", "setTimeout(function(){next.build();done();},3000);", text)
        assert held != text, "kb-search-slices.js: its last slice is no longer `next.build(); done();`"
        route.fulfill(body=held, content_type="text/javascript")

    page.context.route("**/search/search_index.json", with_slices)
    page.context.route("**/workers/kb-search-slices.js", slow_last_slice)
    box = _open_search(page, site_url)
    page.evaluate(SHOWN, [[NOTHING, "retrait"]])
    box.fill("retrait")
    page.wait_for_function("() => window.kbShown.some((s) => s.box === 'retrait' && s.pages)", timeout=15_000)
    box.fill(NOTHING)
    # the whole index answers « retrait » again, with its sections
    page.wait_for_function("() => window.kbShown.some((s) => s.sections)", timeout=20_000)
    page.wait_for_timeout(300)
    shown = page.evaluate("() => window.kbShown")
    nothing = [s for s in shown if s["box"] == NOTHING]
    assert nothing and all(not s["pages"] for s in nothing), f"the list of « retrait » stayed under {NOTHING!r}: {shown}"
    # the empty list came from the titles, while slicing: « retrait » typed back got the titles first
    back = shown[shown.index(nothing[0]) + 1:]
    assert back and back[0]["box"] == "retrait" and back[0]["pages"] and not back[0]["sections"], shown
    for query in {s["box"] for s in shown}:
        lists = [s for s in shown if s["box"] == query]
        whole = next((i for i, s in enumerate(lists) if s["sections"]), len(lists))
        assert all(s["sections"] or not s["pages"] for s in lists[whole:]), f"{query!r}: back to the titles: {lists}"
    assert shown[-1]["box"] == "retrait" and shown[-1]["sections"], shown
