"""Known incidents (trees/_incidents.yml): every mistake an editor can make is a
located problem with its rule; times carry their UTC offset; the boxes and the
flow data never turn a title or a text into markup."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools import incidents
from kb_tools.flow_data import flow_data
from kb_tools.problems import RULES, Problem
from kb_tools.project import load_project
from tests.payloads import all_payloads

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
GOOD = {
    "id": "retraits-ewallet-lents",
    "title": "Retraits vers les e-wallets retardés",
    "text": "Les retraits arrivent avec 24 h de retard. Vos fonds ne sont pas perdus.",
    "affects": "[retrait-en-attente]",
    "start": "2026-11-28T08:00:00+01:00",
    "end": "2026-12-03T18:00:00+01:00",
}
HEADER = "# yaml-language-server: $schema=../kb_tools/schema/incidents.schema.json\nincidents:\n"


def _yaml(items: list[dict[str, str]]) -> tuple[str, list[dict[str, int]]]:
    """The file's text, and for each incident the line of each of its keys."""
    lines, where = HEADER.splitlines(), []
    for item in items:
        at = {}
        for n, (key, value) in enumerate(item.items()):
            at[key] = len(lines) + 1
            shown = value if key == "affects" else json.dumps(value, ensure_ascii=False)
            lines.append(f"  {'- ' if n == 0 else '  '}{key}: {shown}")
        where.append(at)
    return "\n".join(lines) + "\n", where


def _load(project: Path, items: list[dict[str, str]], now: datetime = NOW) -> tuple[list[Problem], list[dict[str, int]], object]:
    text, where = _yaml(items)
    (project / "_incidents.yml").write_text(text, encoding="utf-8")
    kb, problems = load_project(project, env={}, now=now)
    return [p for p in problems if p.path.endswith("_incidents.yml")], where, kb


def _only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_the_issue_example_is_clean_and_loaded(project: Path) -> None:
    problems, _, kb = _load(project, [GOOD])
    assert problems == []
    assert [i["id"] for i in kb.incidents] == [GOOD["id"]]  # type: ignore[attr-defined]


def test_no_file_no_incidents_and_an_empty_list_is_fine(project: Path) -> None:
    kb, problems = load_project(project, env={}, now=NOW)
    assert kb.incidents == [] and not [p for p in problems if "_incidents" in p.path]
    (project / "_incidents.yml").write_text(HEADER.replace("incidents:\n", "incidents: []\n"), encoding="utf-8")
    kb, problems = load_project(project, env={}, now=NOW)
    assert kb.incidents == [] and not [p for p in problems if "_incidents" in p.path]


@pytest.mark.parametrize(("change", "key", "rule"), [
    ({"id": "Retraits Lents"}, "id", "bad-id"),
    ({"id": "retraits-"}, "id", "bad-id"),
    ({"affects": "[]"}, "affects", "too-few"),
    ({"affects": "[retrait-en-atente]"}, "affects", "unknown-affects"),
    ({"affects": "[paiements]"}, "affects", "unknown-affects"),
    ({"text": "x" * 401}, "text", "too-long"),
    ({"title": ""}, "title", "too-short"),
    ({"start": "2026-11-28T08:00"}, "start", "incident-time"),
    ({"start": "2026-11-28T08:00:00"}, "start", "incident-time"),
    ({"end": "2026-12-03 18:00"}, "end", "incident-time"),
    ({"start": "2026-11-28"}, "start", "incident-time"),
    ({"start": "28/11/2026 08:00+01:00"}, "start", "incident-time"),
    ({"start": "2026-13-28T08:00:00+01:00"}, "start", "incident-time"),
    ({"end": "2026-11-28T08:00:00+01:00"}, "end", "incident-order"),
    ({"end": "2026-11-27T08:00:00+01:00"}, "end", "incident-order"),
    ({"text": "Voir [ici](javascript:alert(1))."}, "text", "unsafe-html"),
    ({"text": "Voir <img src=x onerror=alert(1)>."}, "text", "unsafe-html"),
    ({"text": "Voir ![x](https://evil.example/x.png)."}, "text", "foreign-host"),
])
def test_each_mistake_is_an_error_at_its_key(project: Path, change: dict[str, str], key: str, rule: str) -> None:
    problems, where, kb = _load(project, [dict(GOOD, **change)])
    problem = _only(problems)
    assert (problem.rule, problem.level, problem.line) == (rule, "error", where[0][key]), problem.format()
    assert problem.col > 1 and problem.rule in RULES
    assert kb.incidents == []  # type: ignore[attr-defined]  # nothing published from a file with an error


@pytest.mark.parametrize("key", ["id", "title", "text", "affects", "start"])
def test_a_missing_key_says_which(project: Path, key: str) -> None:
    problem = _only(_load(project, [{k: v for k, v in GOOD.items() if k != key}])[0])
    assert problem.rule == "missing-key" and f"« {key}" in problem.message


def test_the_same_id_twice_is_reported_on_the_second(project: Path) -> None:
    problems, where, _ = _load(project, [GOOD, dict(GOOD, title="Autre")])
    problem = _only(problems)
    assert (problem.rule, problem.line) == ("duplicate-incident", where[1]["id"])


def test_a_category_and_a_tree_id_both_name_trees(project: Path) -> None:
    problems, _, kb = _load(project, [dict(GOOD, affects="[KYC, retrait-en-attente]")])
    assert problems == []
    for tree in kb.trees.values():  # type: ignore[attr-defined]
        assert [i["id"] for i in incidents.affecting(kb, tree)] == [GOOD["id"]]  # type: ignore[arg-type]
    problems, _, kb = _load(project, [dict(GOOD, affects="[KYC]")])
    ids = {t: [i["id"] for i in incidents.affecting(kb, tree)] for t, tree in kb.trees.items()}  # type: ignore[attr-defined, arg-type]
    assert ids == {"retrait-en-attente": [], "verification-kyc": [GOOD["id"]]}


def test_an_unknown_name_gets_the_closest_one(project: Path) -> None:
    problem = _only(_load(project, [dict(GOOD, affects="[retrait-en-atente]")])[0])
    assert "« retrait-en-attente »" in problem.message


def test_an_incident_over_is_a_warning_and_dropped_by_the_build(project: Path) -> None:
    ended = dict(GOOD, id="fini", end="2026-11-29T08:00:00+01:00")
    problems, where, kb = _load(project, [GOOD, ended])
    problem = _only(problems)
    assert (problem.rule, problem.level, problem.line) == ("incident-ended", "warning", where[1]["end"])
    assert [i["id"] for i in incidents.live(kb.incidents, NOW)] == [GOOD["id"]]  # type: ignore[attr-defined]
    later = NOW + timedelta(days=10)
    assert incidents.live(kb.incidents, later) == []  # type: ignore[attr-defined]
    no_end = {k: v for k, v in GOOD.items() if k != "end"}
    assert [i["id"] for i in incidents.live(_load(project, [no_end])[2].incidents, later)] == [GOOD["id"]]  # type: ignore[attr-defined]


OFFSETS = st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15)


@settings(max_examples=60, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)), minutes=OFFSETS,
       zulu=st.booleans())
def test_any_time_with_an_offset_is_read_as_that_instant(moment: datetime, minutes: int, zulu: bool) -> None:
    aware = moment.replace(microsecond=0, tzinfo=UTC if zulu else timezone(timedelta(minutes=minutes)))
    written = aware.isoformat().replace("+00:00", "Z") if zulu else aware.isoformat()
    assert incidents.moment(written) == aware
    page = incidents.iso(written)  # what data-kb-start holds: ISO 8601 with its offset, to the second
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", page) and datetime.fromisoformat(page) == aware


@settings(max_examples=30, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1)),
       seconds=st.booleans())
def test_a_time_without_offset_is_refused_and_the_fix_is_proposed(tmp_path_factory: pytest.TempPathFactory,
                                                                   moment: datetime, seconds: bool) -> None:
    import shutil

    from tests.conftest import FIXTURE_PROJECT

    project = tmp_path_factory.mktemp("p") / "trees"
    shutil.copytree(FIXTURE_PROJECT, project)
    written = moment.strftime("%Y-%m-%dT%H:%M:%S" if seconds else "%Y-%m-%dT%H:%M")
    problems, where, _ = _load(project, [dict(GOOD, start=written, end="2099-01-01T00:00:00Z")])
    problem = _only(problems)
    assert (problem.rule, problem.line) == ("incident-time", where[0]["start"])
    proposed = re.search(re.escape(written) + r"[+-]\d\d:\d\d", problem.message)
    assert proposed and incidents.moment(proposed.group(0)) is not None  # what it proposes is accepted


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _elements(markup: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(markup)
    return parser.tags


@pytest.mark.parametrize(("name", "payload"), all_payloads())
def test_a_hostile_title_or_text_never_becomes_markup(project: Path, name: str, payload: str) -> None:
    for key in ("title", "text"):
        value = payload if key == "text" or "\n" not in payload else payload.replace("\n", " ")
        problems, _, kb = _load(project, [dict(GOOD, **{key: value})])
        if any(p.level == "error" for p in problems):
            assert all(p.rule in RULES and p.line > 2 for p in problems)  # refused, located
            continue
        [incident] = kb.incidents  # type: ignore[attr-defined]
        box = incidents.box(incident, "index.md")
        for tag, attrs in _elements(box):
            assert tag in {"div", "h2", "p", "a", "strong", "em", "code", "br", "ul", "ol", "li", "blockquote", "pre",
                           "hr", "abbr"}, (name, key, box)
            for attr, val in attrs:
                assert not attr.startswith("on") and attr not in {"style", "srcdoc"}, (name, key, box)
                if attr in {"href", "src"}:
                    assert re.match(r"(https?:|mailto:|/(?!/)|#|[a-z0-9])", html.unescape(val or "")), (name, key, box)
        title = re.search(r"<h2[^>]*>(.*?)</h2>", box, re.DOTALL)
        assert title and "<" not in title.group(1)  # the title is text, whatever it holds
        tree = kb.trees["retrait-en-attente"]  # type: ignore[attr-defined]
        data = flow_data(kb, tree)["incidents"]  # type: ignore[arg-type]
        assert [i["id"] for i in data] == [GOOD["id"]] and "\n" not in data[0]["title"] + data[0]["text"]


def test_a_misspelt_key_gets_the_closest_allowed_one(project: Path) -> None:
    item = {("afects" if k == "affects" else k): v for k, v in GOOD.items()}
    problems, where, _ = _load(project, [item])
    unknown = [p for p in problems if p.rule == "unknown-key"]
    assert len(unknown) == 1 and unknown[0].line == where[0]["afects"] and "« affects »" in unknown[0].message


def test_an_empty_end_is_one_located_problem_that_is_not_about_text(project: Path) -> None:
    text, where = _yaml([{k: v for k, v in GOOD.items() if k != "end"}])
    (project / "_incidents.yml").write_text(text + "    end:\n", encoding="utf-8")
    _, problems = load_project(project, env={}, now=NOW)
    problem = _only([p for p in problems if p.path.endswith("_incidents.yml")])
    assert (problem.rule, problem.line) == ("wrong-type", where[0]["start"] + 1)
    assert "end" in problem.message and "texte" not in problem.message  # the end date, or the line removed


TIMES = st.one_of(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.isoformat(timespec="minutes"), d.isoformat(timespec="seconds"),
                                   d.isoformat(sep=" ", timespec="minutes")]).flatmap(
            lambda s: st.sampled_from([s, s + "Z", s + "+01:00", s + "-05:30", s + "+1:00", s + "+0100"]))),
    st.text(alphabet="0123456789-T:+Z .", max_size=30))


@settings(max_examples=150, deadline=None)
@given(written=TIMES)
def test_the_schema_pattern_vs_code_underlines_with_is_the_checks_format(written: str) -> None:
    """start/end: VS Code underlines, while typing, exactly what is no ISO time with an offset."""
    from kb_tools.schema_check import schema_text

    schema = json.loads(schema_text("incidents"))["$defs"]["incident"]["properties"]
    for key in ("start", "end"):
        pattern = schema[key]["pattern"].replace("(?!\\n)$", r"\Z")
        found = incidents._MOMENT.fullmatch(written)
        assert bool(re.match(pattern, written)) == bool(found and found["offset"]), (key, written)
        assert schema[key]["x-rule"] == "incident-time"


@settings(max_examples=40, deadline=None)
@given(written=TIMES, key=st.sampled_from(["start", "end"]))
def test_a_wrong_time_is_one_message_whatever_says_it(tmp_path_factory: pytest.TempPathFactory,
                                                      written: str, key: str) -> None:
    import shutil

    from tests.conftest import FIXTURE_PROJECT

    written = written.strip()  # the check reads a time without the spaces around it; the schema cannot
    project = tmp_path_factory.mktemp("p") / "trees"
    shutil.copytree(FIXTURE_PROJECT, project)
    item = {**GOOD, "start": "2020-01-01T00:00:00Z", "end": "2099-01-01T00:00:00Z", key: written}
    found, where, _ = _load(project, [item])
    problems = [p for p in found if p.line == where[0][key]]
    if incidents.moment(written) is None:
        assert [p.rule for p in problems] == ["incident-time"], [p.format() for p in problems]
    else:
        assert [p.rule for p in problems if p.rule == "incident-time"] == []


# Links in an incident's text: written as in a page at the top of docs/, checked as page links are.
_BAD_LINKS = [
    ("[la FAQ](faq-contact/)", "faq-contact/", "broken-link"),  # a built address, not the page's file
    ("[la FAQ](/faq-contact/)", "/faq-contact/", "broken-link"),  # the site's root: not under a sub-path
    ("[la FAQ](/faq-contact.md)", "/faq-contact.md", "broken-link"),
    ("[la FAQ](faq-contat.md)", "faq-contat.md", "broken-link"),
    ("[la FAQ](../faq-contact.md)", "../faq-contact.md", "broken-link"),
    ("[la FAQ](faq-contact.md#pas-une-ancre)", "faq-contact.md#pas-une-ancre", "broken-anchor"),
    ("[plus bas](#documents)", "#documents", "broken-anchor"),  # which page? the box is on several
    ("[l’escalade](/escalade/) ou <https://x.github.io/aide/>", "/escalade/", "broken-link"),
]

#: Raw HTML in an incident's text: never published as markup (the site's scripts read data-kb-... hooks,
#: and a block inside the box's paragraph broke Material's search plugin), always one located refusal.
_RAW_HTML = ["Voir <div>m</div> fin", "a <p>x</p> b", "<a data-kb-quick-exit href=\"https://evil.example/\">ici</a>",
             "<div data-kb-flow=\"depot-non-credite\" data-kb-flow-data=\"{}\"></div>", "<p id=\"kb-page-strings\">x</p>",
             "<!-- kb-flow: depot-non-credite -->", "<span>x</span>", "<br>", "<img src=\"x.png\" alt=\"\">"]


@pytest.mark.parametrize("text", _RAW_HTML)
def test_raw_html_in_the_text_is_refused_and_never_published_as_markup(site_copy: Path, text: str) -> None:
    from kb_tools.content_check import check_content
    from kb_tools.incidents import text_html

    _, line = _write_text(site_copy, f"Les retraits sont lents. {text}")
    _, problems = check_content(site_copy, site_copy / "trees")
    mine = [(p.rule, p.line) for p in problems if p.level == "error" and Path(p.path).name == "_incidents.yml"]
    assert ("unsafe-html", line) in mine, mine
    assert text_html(text).replace("<p>", "").replace("</p>", "").count("<") == 0  # all of it shown as text


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    import shutil

    from tests.conftest import ROOT

    for name in ("docs", "trees", "includes", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _write_text(site: Path, text: str) -> tuple[Path, int]:
    path = site / "trees" / "_incidents.yml"
    lines = [HEADER.rstrip("\n"), f"  - id: {GOOD['id']}", f"    title: {GOOD['title']}",
             f"    text: {json.dumps(text, ensure_ascii=False)}", "    affects: [retrait-en-attente, Contact]",
             "    start: 2026-11-28T08:00:00+01:00"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, 5


@pytest.mark.parametrize(("link", "target", "rule"), _BAD_LINKS, ids=[t for _, t, _ in _BAD_LINKS])
def test_a_link_the_boxes_would_break_is_one_located_error(site_copy: Path, link: str, target: str, rule: str) -> None:
    from kb_tools.content_check import check_content

    path, line = _write_text(site_copy, f"Voir {link}, ou [le statut](https://statut.example/).")
    _, problems = check_content(site_copy, site_copy / "trees")
    errors = [p for p in problems if p.level == "error"]
    col = path.read_text(encoding="utf-8").split("\n")[line - 1].index(target) + 1
    assert [(p.rule, Path(p.path).name, p.line, p.col) for p in errors] == [(rule, "_incidents.yml", line, col)], \
        [p.format() for p in errors]
    if "." in target.strip("/#").split("#")[0] or target == "faq-contact/":
        assert "faq-contact.md" in errors[0].message or "escalade.md" in errors[0].message  # the page to write


def test_links_written_as_in_pages_are_clean(site_copy: Path) -> None:
    from kb_tools.content_check import check_content

    _write_text(site_copy, "Voir [la FAQ](faq-contact.md), [les documents](faq-contact.md#documents), "
                           "[l’accueil](index.md) et [le statut](https://statut.example/).")
    _, problems = check_content(site_copy, site_copy / "trees")
    assert [p.format() for p in problems if p.level == "error"] == []


@settings(max_examples=200, deadline=None)
@given(page=st.lists(st.sampled_from(["a", "b", "index", "parcours"]), min_size=1, max_size=4),
       target=st.lists(st.sampled_from(["a", "c", "index", "README", "parcours"]), min_size=1, max_size=4),
       fragment=st.sampled_from(["", "#documents"]))
def test_a_box_link_leads_to_its_page_from_any_page_and_any_sub_path(page: list[str], target: list[str],
                                                                     fragment: str) -> None:
    from urllib.parse import urljoin, urlsplit

    page_src, target_src = "/".join(page) + ".md", "/".join(target) + ".md"
    for base in ("https://aide.example/", "https://x.github.io/aide/", "http://127.0.0.1:8000/a/b/"):
        href = incidents.page_href(target_src + fragment, page_src)
        assert not urlsplit(href).scheme and not href.startswith("/")
        where = urljoin(urljoin(base, incidents.page_url(page_src)), href)
        assert where == base + incidents.page_url(target_src) + fragment, (page_src, target_src, href)


def test_the_affects_examples_vs_code_offers_name_real_trees_or_categories() -> None:
    from kb_tools.schema_check import schema_text
    from tests.conftest import ROOT

    kb, _ = load_project(ROOT / "trees", env={}, now=NOW)
    known = set(kb.trees) | {t["category"] for t in kb.trees.values()}
    affects = json.loads(schema_text("incidents"))["$defs"]["incident"]["properties"]["affects"]
    assert set(affects["items"]["examples"]) <= known and all(set(e) <= known for e in affects["examples"])


@pytest.mark.parametrize("title", ["T <b data-kb-quick-exit>x</b>", "Retraits <em>lents</em>", "<script>x</script>"])
def test_a_title_with_html_is_refused_at_the_title(site_copy: Path, title: str) -> None:
    """The title is shown as text, tags and all (escaped): the editor is told, at the title's line."""
    from kb_tools.content_check import check_content

    path = site_copy / "trees" / "_incidents.yml"
    path.write_text("\n".join([HEADER.rstrip("\n"), f"  - id: {GOOD['id']}", f"    title: {json.dumps(title)}",
                               "    text: Les retraits sont lents.", "    affects: [retrait-en-attente]",
                               "    start: 2026-11-28T08:00:00+01:00"]) + "\n", encoding="utf-8")
    _, problems = check_content(site_copy, site_copy / "trees")
    mine = [(p.rule, p.line) for p in problems if p.level == "error" and Path(p.path).name == "_incidents.yml"]
    assert mine == [("unsafe-html", 4)], mine  # the header, « incidents: », « - id », then the title
