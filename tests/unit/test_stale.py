"""`python -m kb_tools report --stale DAYS`: what no one has reviewed for DAYS
days or ever, with its owner, oldest first, located at its ``reviewed:`` key;
GitHub annotations escaped as GitHub reads them; never a failure for stale
content, a usage error (code 2, no traceback) for a wrong DAYS or --today."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.stale import MAX_ANNOTATIONS, Item, cell, github_annotations, review_state, sections, stale, summary_table, total
from tests.payloads import deploy_payloads

TODAY = dt.date(2026, 11, 15)
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): warning: (?P<message>.+) \(stale\)$")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb_tools", "--trees", "trees", "report", *args], cwd=root,
                          capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2])})


def _tree(root: Path, tree_id: str, head: str = "") -> None:
    """A valid one-node tree whose top level starts with ``head`` (review keys)."""
    (root / "trees" / f"{tree_id}.yml").write_text(
        f"{head}id: {tree_id}\ntitle: Un problème\ndescription: Une description assez longue pour le schéma.\n"
        "category: Paiements\nstart: fin\nnodes:\n  fin:\n    type: outcome\n    title: Fin\n    channel: faq\n"
        "    text: Voici la réponse.\n", encoding="utf-8")


def _page(root: Path, name: str, front: str | None) -> None:
    body = "# Titre\n\nTexte.\n"
    (root / "docs" / name).write_text(body if front is None else f"---\n{front}---\n{body}", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "trees").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "trees" / "_channels.yml").write_text("nothing: here\n", encoding="utf-8")  # a catalogue: never listed
    return tmp_path


def _listed(stdout: str) -> list[tuple[str, int, int, str]]:
    return [(m["path"], int(m["line"]), int(m["col"]), m["message"])
            for m in map(LOCATED.match, stdout.splitlines()) if m]


def test_boundaries_never_reviewed_first_then_oldest_each_at_its_reviewed_key(site: Path) -> None:
    days = 30
    for offset in (days - 1, days, days + 1):
        day = TODAY - dt.timedelta(days=offset)
        _tree(site, f"age-{offset}", f"owner: Support paiements\nreviewed: {day.isoformat()}\n")
    _tree(site, "jamais", "owner: Conformité KYC\n")
    _page(site, "sans-en-tete.md", None)
    _page(site, "page.md", f"description: Une page.\nreviewed: {(TODAY - dt.timedelta(days=400)).isoformat()}\n")
    result = run(site, "--stale", str(days), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    listed = _listed(result.stdout)
    # a section per owner, most to review first, the owner-less last: a heading line, then its items,
    # never reviewed first (by path), then the oldest review first; DAYS-1 is not due yet
    sections = _sections(result.stdout)
    assert [(owner, [path for path, *_ in found]) for owner, found in sections] == [
        ("Support paiements", [f"trees/age-{days + 1}.yml", f"trees/age-{days}.yml"]),
        ("Conformité KYC", ["trees/jamais.yml"]),
        ("sans responsable", ["docs/sans-en-tete.md", "docs/page.md"]),
    ]
    where = {path: (line, col) for path, line, col, _ in listed}
    assert where["trees/jamais.yml"] == (1, 1) and where["docs/sans-en-tete.md"] == (1, 1)
    assert where[f"trees/age-{days}.yml"] == (2, 1)  # the reviewed: key, under owner:
    assert where["docs/page.md"] == (3, 1)  # counted from the page's first line (---)
    messages = {path: message for path, *_, message in listed}
    assert "Conformité KYC" in messages["trees/jamais.yml"] and "Support paiements" in messages[f"trees/age-{days}.yml"]
    assert f"{days + 1} jours" in messages[f"trees/age-{days + 1}.yml"]
    # each heading counts its items; the closing line counts them all
    headings = [line for line in result.stdout.splitlines() if line and not LOCATED.match(line)]
    assert re.search(r"\b2\b", headings[0]) and re.search(r"\b5\b.*\b6\b", headings[-1]), headings
    # one team's list: --owner, spaces and case aside
    mine = run(site, "--stale", str(days), "--today", TODAY.isoformat(), "--owner", "  support   PAIEMENTS ")
    assert [path for path, *_ in _listed(mine.stdout)] == [f"trees/age-{days + 1}.yml", f"trees/age-{days}.yml"]
    nobody = run(site, "--stale", str(days), "--today", TODAY.isoformat(), "--owner", "sans responsable")
    assert [path for path, *_ in _listed(nobody.stdout)] == ["docs/sans-en-tete.md", "docs/page.md"]


def _sections(stdout: str) -> list[tuple[str, list[tuple[str, int, int, str]]]]:
    """(owner, located lines) per section of the plain output: a heading « OWNER : … », then its lines."""
    out: list[tuple[str, list[tuple[str, int, int, str]]]] = []
    for line in stdout.splitlines()[:-1]:  # the last line is the total
        if (m := LOCATED.match(line)) is not None:
            out[-1][1].append((m["path"], int(m["line"]), int(m["col"]), m["message"]))
        elif line:
            out.append((line.split(" : ", 1)[0], []))
    return out


@pytest.mark.parametrize(("days", "singular"), [(0, True), (1, True), (2, False), (180, False)])
def test_french_numbers_are_singular_for_zero_and_one_and_never_written_with_an_s_in_brackets(
        days: int, singular: bool) -> None:
    found = [Item("trees/a.yml", 1, 1, "arbre", None, TODAY - dt.timedelta(days=days)),
             Item("trees/b.yml", 1, 1, "arbre", None, None)] * (1 if singular else 2)
    text = "\n".join([*sections(found, TODAY), total(found, len(found), days, TODAY)])
    assert "(s)" not in text and "responsable : sans responsable" not in text
    assert (f"{days} jours" in text) == (not singular) and (f"{days} jour " in text) == singular
    assert ("jamais relus" in text) == (not singular)


def test_plain_report_is_unchanged_and_lists_nothing_stale(site: Path) -> None:
    _tree(site, "jamais")
    result = run(site)
    assert "(stale)" not in result.stdout + result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["--stale"], ["--stale", "-1"], ["--stale", "abc"], ["--stale", "1.5"], ["--stale", "²"], ["--stale", "1e3"],
    ["--stale", "99999999999"], ["--stale", "30", "--today", "2026-02-30"], ["--stale", "30", "--today", "15/11/2026"],
    ["--stale", "30", "--today", "demain"], ["--stale", "30", "--today", ""], ["--github"], ["--today", "2026-11-15"],
])
def test_a_wrong_argument_is_a_usage_error_in_french_without_traceback(site: Path, args: list[str]) -> None:
    result = run(site, *args)
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.strip() and not result.stdout
    assert re.search(r"(--stale|--today) : .+ ; écrivez", result.stderr)


def test_broken_files_are_listed_with_their_keys_or_as_unreadable(site: Path) -> None:
    # readable keys, a schema error elsewhere: listed with its owner
    (site / "trees" / "casse.yml").write_text("owner: Support comptes\nreviewed: 2020-01-01\nid: casse\n",
                                              encoding="utf-8")
    (site / "trees" / "illisible.yml").write_text("owner: [pas fermé\n", encoding="utf-8")
    (site / "trees" / "date-fausse.yml").write_text("reviewed: 2026-02-30\nowner: Support comptes\n", encoding="utf-8")
    _page(site, "en-tete-ouvert.md", None)
    (site / "docs" / "en-tete-ouvert.md").write_text("---\nowner: x\n# jamais fermé\n", encoding="utf-8")
    (site / "docs" / "binaire.md").write_bytes(b"---\nowner: \xff\xfe\n---\n")
    result = run(site, "--stale", "180", "--today", TODAY.isoformat())
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    listed = {path: (line, message) for path, line, _, message in _listed(result.stdout)}
    assert set(listed) == {"trees/casse.yml", "trees/illisible.yml", "trees/date-fausse.yml",
                           "docs/en-tete-ouvert.md", "docs/binaire.md"}
    assert "Support comptes" in listed["trees/casse.yml"][1] and listed["trees/casse.yml"][0] == 2
    assert listed["trees/date-fausse.yml"][0] == 1 and "2026-02-30" in listed["trees/date-fausse.yml"][1]
    assert "yaml-syntax" in listed["trees/illisible.yml"][1] or "(" in listed["trees/illisible.yml"][1]


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY)
items = st.lists(st.builds(Item, path=st.from_regex(r"[a-z]{1,8}\.(yml|md)", fullmatch=True), line=st.just(1),
                           col=st.just(1), kind=st.sampled_from(["arbre", "page"]),
                           owner=st.one_of(st.none(), st.sampled_from(["Support paiements", "Jeu responsable"])),
                           reviewed=st.one_of(st.none(), dates)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(items, st.integers(min_value=0, max_value=10_000))
def test_stale_keeps_exactly_the_due_ones_never_reviewed_first_then_oldest(found: list[Item], days: int) -> None:
    result = stale(found, days, TODAY)
    due = [i for i in found if i.reviewed is None or (TODAY - i.reviewed).days >= days]
    assert sorted(result, key=id) == sorted(due, key=id)
    keys = [(i.reviewed is not None, i.reviewed or dt.date.min) for i in result]
    assert keys == sorted(keys)


def _unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]], text)


hostile = st.one_of(st.sampled_from([value for _, value in deploy_payloads()]),
                    st.text(st.sampled_from("%:,\r\n=:: ab\u00e9"), min_size=1, max_size=20),
                    st.text(min_size=1, max_size=40))


@settings(max_examples=300, deadline=None)
@given(hostile, hostile)
def test_annotations_escape_hostile_paths_and_owners_as_github_reads_them(path: str, owner: str) -> None:
    item = Item(path, 7, 3, "page", owner, None)
    [line] = github_annotations([item], TODAY)
    match = re.fullmatch(r"::warning (?P<props>[^:\r\n]*)::(?P<data>[^\r\n]*)", line)
    assert match, line  # one command on one line: no property nor message breaks out
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    assert set(props) == {"file", "line", "col", "title"}
    assert _unescape(props["file"]) == path and props["line"] == "7" and props["col"] == "3"
    assert owner in _unescape(props["title"]) and owner in _unescape(match["data"])


def test_the_real_content_is_all_listed_with_an_owner(tmp_path: Path) -> None:
    """Every tree and page of the site says who keeps it true; no review date was invented."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-m", "kb_tools", "report", "--stale", "0", "--today", "2999-01-01"],
                            cwd=root, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
    listed = _listed(result.stdout)
    pages = {p.relative_to(root).as_posix() for p in (root / "docs").rglob("*.md")}
    trees = {p.relative_to(root).as_posix() for p in (root / "trees").glob("[!_]*.yml")}
    assert {path for path, *_ in listed} == pages | trees
    assert not [path for path, *_, message in listed if "sans responsable" in message]


#: Every kind of wrong ``reviewed:`` value, as the YAML loader (a text, None, a list…) or MkDocs
#: (a date, a datetime) hands it over: each counts as no review, said the same way.
WRONG_REVIEWED: list[object] = ["2999-01-01", TODAY + dt.timedelta(days=1), "", "   ", None, "hier", "2026-02-30",
                                "15/11/2026", "2026-11-15 10:00", 42, 3.5, True, ["2026-01-01"], {"a": 1},
                                dt.datetime(2026, 1, 1, 10, 0), dt.datetime(2999, 1, 1)]


@pytest.mark.parametrize("value", WRONG_REVIEWED, ids=repr)
def test_every_wrong_reviewed_value_is_no_review_and_says_why(value: object) -> None:
    reviewed, note = review_state({"reviewed": value, "owner": "Support paiements"}, TODAY)
    assert reviewed is None and note is not None and "reviewed" in note and "None" not in note, (value, note)
    [item] = stale([Item("trees/a.yml", 2, 1, "arbre", "Support paiements", reviewed, note)], 10_000, TODAY)
    [line] = sections([item], TODAY)[1:]
    assert note in line  # listed among the never reviewed, with the reason


@pytest.mark.parametrize("written", ["2999-01-01", "", "''", "hier", "2026-02-30", "42", "[2026-01-01]",
                                     "2026-11-15T10:00:00"])
def test_a_wrong_reviewed_in_a_tree_or_a_page_is_listed_never_reviewed_at_its_key(site: Path, written: str) -> None:
    _tree(site, "arbre", f"owner: Support paiements\nreviewed: {written}\n")
    _page(site, "page.md", f"owner: Support paiements\nreviewed: {written}\n")
    result = run(site, "--stale", "99999", "--today", TODAY.isoformat())
    listed = {path: (line, message) for path, line, _, message in _listed(result.stdout)}
    assert set(listed) == {"trees/arbre.yml", "docs/page.md"}, result.stdout
    assert listed["trees/arbre.yml"][0] == 2 and listed["docs/page.md"][0] == 3
    for _, message in listed.values():
        assert "reviewed" in message.split(";")[0] + message and "None" not in message, message
    # the same reason for both, whatever the kind of mistake
    reasons = {message.split(" : ", 1)[1].split(" ; responsable")[0] for _, message in listed.values()}
    assert len(reasons) == 1, reasons


paths = st.from_regex(r"(docs|trees)/[a-z]{1,3}\.(md|yml)", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.builds(Item, path=paths, line=st.just(1), col=st.just(1), kind=st.just("arbre"),
                          owner=st.none(), reviewed=st.one_of(st.none(), dates)), max_size=40, unique_by=lambda i: i.path),
       st.sets(paths, max_size=30))
def test_at_most_ten_annotations_the_changed_files_first(found: list[Item], changed: set[str]) -> None:
    ordered = stale(found, 0, TODAY)
    out = github_annotations(ordered, TODAY, frozenset(changed))
    annotated = [re.search(r"file=([^,]+)", line)[1] for line in out if line.startswith("::warning ")]  # type: ignore[index]
    commands = [line for line in out if line.startswith("::")]
    assert len(commands) == len(annotated) == min(len(ordered), MAX_ANNOTATIONS)
    mine = [i.path for i in ordered if i.path in changed]
    assert annotated[:len(mine)] == mine[:MAX_ANNOTATIONS]  # the changed ones first, in the list's order
    if len(mine) < MAX_ANNOTATIONS:
        assert annotated[len(mine):] == [i.path for i in ordered if i.path not in changed][:MAX_ANNOTATIONS - len(mine)]
    # the others are said to be in the summary, on a plain line (no command GitHub would drop)
    assert (len(out) > len(commands)) == (len(ordered) > MAX_ANNOTATIONS)


HOSTILE_CELLS = ["a|b", "a\\|b", "x\ny", "x\r\ny\u2028z", "`code`", "```", "<script>alert(1)</script>", "&amp;",
                 "<!--", "**gras**", "[lien](javascript:alert(1))", "![i](https://e.test/i.png)", "| --- |",
                 "_a_", "~~b~~", "\\", "#", "\t"]


def _cells(row: str) -> list[str]:
    assert row.startswith("| ") and row.endswith(" |"), row
    return row[2:-2].split(" | ")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(HOSTILE_CELLS), hostile), st.one_of(st.sampled_from(HOSTILE_CELLS), hostile),
       st.one_of(st.none(), st.sampled_from(HOSTILE_CELLS), hostile))
def test_the_summary_table_shows_hostile_paths_owners_and_notes_literally(path: str, owner: str,
                                                                        note: str | None) -> None:
    import html

    item = Item(path, 4, 1, "page", owner, None, note)
    text = summary_table([item], 1, 180, TODAY, frozenset({path}))
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 2, text  # the header and one row: nothing broke out of its line
    cells = _cells(rows[1])
    assert len(cells) == 5, rows[1]  # no | made a column

    def shown(value: str) -> str:
        return "".join(c if c.isprintable() else " " for c in value)

    assert html.unescape(cells[0]) == shown(path) and cells[1] == "4" and cells[3] == "oui"
    assert html.unescape(cells[4]) == shown(note or "")
    for value in cells:
        assert not re.search(r"[|`<>*_\[\]\\~!]", value), value  # no Markdown nor HTML sign left as such
    heading = next(line for line in text.splitlines() if line.startswith("### "))
    assert html.unescape(heading[4:]).startswith(shown(owner) + " : ") and "`" not in heading and "<" not in heading
    assert cell(owner) in heading
