"""Tickets: the braces and segments of a subject (bad-placeholder, unknown-placeholder, bad-subject) and
the values an answer presets with ``set:`` (bad-set-value), checked as the
browser flow (overrides/assets/javascripts/kb/fields.js) would take them."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from kb_tools.invisible import hidden
from kb_tools.model import KnowledgeBase
from kb_tools.project import load_project
from kb_tools.render import _readable_subject
from kb_tools.ticket_values import JS_SPACES, has_secret, set_value_refusal
from tests.conftest import FIXTURE_PROJECT, ROOT

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FIELDS = yaml.safe_load((FIXTURE_PROJECT / "_fields.yml").read_text(encoding="utf-8"))["fields"]
TICKET_FIELDS = ["email", "date", "montant"]
HEAD = ("id: essai\ntitle: Arbre de test\ndescription: Un arbre généré pour vérifier les tickets du parcours.\n"
        "category: Test\nstart: q\nnodes:\n")
OUTCOME = ("  q:\n    type: outcome\n    title: Fin\n    channel: chat\n    text: Fin.\n    ticket:\n"
           f"      subject: {{subject}}\n      request: Ma demande.\n      fields: [{', '.join(TICKET_FIELDS)}]\n")
QUESTION = ("  q:\n    type: question\n    text: Une question ?\n    answers:\n      - label: Oui\n        next: fin\n"
            "        set: {{{field}: {value}}}\n"
            "  fin:\n    type: outcome\n    title: Fin\n    channel: faq\n    still_stuck: contact\n    text: Fin.\n"
            "  contact:\n    type: outcome\n    title: Contact\n    channel: chat\n    text: Le chat.\n"
            "    ticket:\n      subject: Question\n      request: Ma demande.\n      fields: [email]\n")
# characters a reader can see (invisible ones have rules of their own), one UTF-16 unit each as in JavaScript
VISIBLE = st.characters(codec="utf-8", max_codepoint=0xFFFF,
                        exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")).filter(
    lambda c: not any(hidden(c, markdown=False)))  # drawn as nothing: refused in any plain text


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=True)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogues alone: the generated tree is the only one."""
    out = tmp_path_factory.mktemp("trees")
    for item in FIXTURE_PROJECT.glob("_*.yml"):
        shutil.copy(item, out)
    return out


def _located(folder: Path, text: str) -> set[tuple[str, int, int]]:
    (folder / "essai.yml").write_text(text, encoding="utf-8")
    _, problems = load_project(folder, env={})
    assert all(p.path.endswith("essai.yml") for p in problems), [p.format() for p in problems]
    return {(p.rule, p.line, p.col) for p in problems}


def _position(text: str, marker: str) -> tuple[int, int]:
    offset = text.index(marker)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


# ------------------------------------------------------------------ subjects

PIECES = st.one_of(
    st.sampled_from(["{", "}", "{{", "}}", "{}", "{ date }", *(f"{{{f}}}" for f in TICKET_FIELDS), "{methode}",
                     "{inconnu}", "Retrait ", " du ", "(", ")", " : ", "[", "]", "[ du {date}]", "[ ({methode})]",
                     "[ : précisez]"]),
    st.text(VISIBLE, min_size=1, max_size=4),
)
SUBJECTS = st.lists(PIECES, min_size=1, max_size=8).map("".join).filter(lambda s: 0 < len(s) <= 120)


def _expected_subject_rules(subject: str) -> set[str]:
    """An oracle written apart from kb_tools: braces balanced, never nested, and
    what they hold a field of the ticket."""
    rules = set()
    if not re.fullmatch(r"(?:[^{}]|\{[^{}]*\})*", subject):
        rules.add("bad-placeholder")
    if any(name not in TICKET_FIELDS for name in re.findall(r"\{([^{}]*)\}", subject)):
        rules.add("unknown-placeholder")
    if rules:
        return rules
    # then its segments: [ ... ] paired, not nested, each holding a {field}, every {field} inside one, words outside
    segments = re.findall(r"\[([^\[\]]*)\]", subject)
    outside = re.sub(r"\[[^\[\]]*\]", "", subject)
    if ("[" in outside or "]" in outside or "{" in outside or not outside.strip()
            or any(not re.search(r"\{[^{}]*\}", inside) for inside in segments)):
        rules.add("bad-subject")
    return rules


@SETTINGS
@given(subject=SUBJECTS)
def test_subjects_are_refused_exactly_when_a_brace_a_bracket_or_a_segment_is_wrong(folder: Path, subject: str) -> None:
    text = HEAD + OUTCOME.format(subject=_quoted(subject))
    where = _position(text, "subject: ")
    found = _located(folder, text)
    expected = _expected_subject_rules(subject)
    assert found == {(rule, where[0], where[1] + len("subject: ")) for rule in expected}
    if not expected:
        # accepted: every {x} is a field of the ticket, and the page without JavaScript shows no brace
        assert all(name in TICKET_FIELDS for name in re.findall(r"\{([^}]*)\}", subject))
        shown = _readable_subject(KnowledgeBase(fields={f: FIELDS[f] for f in TICKET_FIELDS}), subject)
        assert "{" not in shown and "}" not in shown


@pytest.mark.parametrize("subject", ["Retrait {montant en attente", "}x{", "{{montant}}", "Retrait {du {date}}",
                                     "Retrait du {date}}", "{date} {"])
def test_stray_braces_are_located_at_the_subject(folder: Path, subject: str) -> None:
    text = HEAD + OUTCOME.format(subject=_quoted(subject))
    line, col = _position(text, _quoted(subject))
    assert ("bad-placeholder", line, col) in _located(folder, text)


# ------------------------------------------------------------------ set: values

FIELD_OF = {"choice": "methode", "date": "date", "amount": "montant", "email": "email", "text": "statut",
            "textarea": "etapes"}
OPTIONS = FIELDS["methode"]["options"]
SECRET_WORDS = re.compile(r"mdp|pwd|pass|mot|sms|2fa|a2f|otp|code|auth", re.IGNORECASE)
WORD = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,8}", fullmatch=True).filter(lambda w: not SECRET_WORDS.search(w))
SPACE = st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"])

VALID: dict[str, st.SearchStrategy[str]] = {
    "choice": st.sampled_from(OPTIONS),
    "date": st.dates(datetime.date(2000, 1, 1), datetime.date(9999, 12, 31)).map(datetime.date.isoformat),
    # 1 000 000,50 or 49.9 or 50: digits (spaces between thousands) and at most two decimals
    "amount": st.builds(lambda units, space, decimals, currency: f"{units:,}".replace(",", space) + decimals + currency,
                        st.integers(0, 10**9), SPACE,
                        st.one_of(st.just(""), st.builds(str.__add__, st.sampled_from([".", ","]),
                                                         st.from_regex(r"[0-9]{1,2}", fullmatch=True))),
                        st.sampled_from(["", " €", "€", "\u00a0€", " EUR", " euros"])),
    # another currency: up to eight decimals (« 0,015 BTC », « 20 $ »)
    "amount_other": st.builds(lambda units, decimals, currency: f"{units}{decimals} {currency}", st.integers(0, 10**6),
                              st.one_of(st.just(""), st.from_regex(r"[.,][0-9]{1,8}", fullmatch=True)),
                              st.sampled_from(["BTC", "btc", "ETH", "USDT", "$", "USD", "£", "GBP", "XMR"])),
    "email": st.builds(lambda a, b, c: f"{a}@{b}.{c}", WORD, WORD, st.from_regex(r"[a-z]{2,6}", fullmatch=True))
    .filter(lambda s: not SECRET_WORDS.search(s)),
    "text": st.text(VISIBLE, min_size=1, max_size=30).filter(lambda s: s.strip(JS_SPACES) != "" and not SECRET_WORDS.search(s)),
}
VALID["textarea"] = VALID["text"]
VALID["amount"] = st.one_of(VALID["amount"], VALID.pop("amount_other"))

INVALID: dict[str, st.SearchStrategy[str]] = {
    "choice": st.one_of(st.sampled_from(OPTIONS).map(str.lower), st.sampled_from(OPTIONS).map(lambda o: o + " "),
                        st.text(VISIBLE, min_size=1, max_size=10)).filter(lambda s: s not in OPTIONS),
    "date": st.one_of(
        st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1, 9999), st.integers(0, 99), st.integers(0, 99))
        .filter(lambda s: not _exists(s)),
        st.dates().map(lambda d: d.strftime("%d/%m/") + f"{d.year:04d}"),
        st.dates().map(lambda d: f"{d.year}-{d.month}-{d.day}").filter(lambda s: not re.fullmatch(r"\d{4}-\d\d-\d\d", s)),
        st.sampled_from(["hier", "aujourd'hui", "2024-03-15T10:00", "20240315"]),
        # a real day before 2000: a typo the browser refuses (kb/fields.js EARLIEST)
        st.dates(datetime.date(1, 1, 1), datetime.date(1999, 12, 31)).map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    ),
    "amount": st.one_of(
        # three decimals after a comma; after a point, three digits are a group of thousands (« 1.000 »)
        st.builds(lambda u, c: f"{u},{c}", st.integers(0, 10**6), st.from_regex(r"[0-9]{3,5}", fullmatch=True)),
        st.builds(lambda u, c: f"{u}.{c}", st.integers(0, 10**6), st.from_regex(r"[0-9]{4,5}", fullmatch=True)),
        st.integers(1, 10**6).map(lambda n: f"-{n}"),
        st.integers(0, 10**6).map(lambda n: f"{n} dollars"),
        st.integers(0, 10**6).map(lambda n: f"-{n} BTC"),
        st.integers(0, 10**6).map(lambda n: f"{n},000000001 BTC"),
        st.sampled_from(["cinquante", "1,000.50", "50,", ",50", "1e3", "€", "12 €50"]),
    ),
    "email": st.one_of(
        WORD.map(lambda w: f"{w}@exemple"), WORD.map(lambda w: f"{w}.exemple.fr"), WORD.map(lambda w: f"@{w}.fr"),
        WORD.map(lambda w: f"{w} x@exemple.fr"), WORD.map(lambda w: f"{w}@exemple.f"), WORD.map(lambda w: f"{w}@@exemple.fr"),
    ),
    "text": st.one_of(st.lists(SPACE, min_size=1, max_size=3).map("".join),
                      st.builds(lambda a, b: f"{a}\n{b}", WORD, WORD),
                      WORD.map(lambda w: f"mot de passe : {w}1234"), WORD.map(lambda w: f"mdp={w}5678")),
}
INVALID["textarea"] = INVALID["text"]


def _exists(iso: str) -> bool:
    try:
        datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def _set_value_problems(folder: Path, field: str, value: str) -> tuple[set[tuple[str, int, int]], tuple[int, int]]:
    """Problems of a tree whose one answer presets ``value``, and where that value is."""
    text = HEAD + QUESTION.format(field=field, value=_quoted(value))
    line, col = _position(text, f"{{{field}: ")
    return _located(folder, text), (line, col + len(f"{{{field}: "))


@pytest.mark.parametrize("good", [True, False], ids=["valid", "invalid"])
@pytest.mark.parametrize("kind", sorted(FIELD_OF))
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_set_values_are_checked_against_the_field_type(folder: Path, kind: str, good: bool, data: st.DataObject) -> None:
    value = data.draw(VALID[kind] if good else INVALID[kind], label="value")
    field = FIELD_OF[kind]
    assert FIELDS[field]["type"] == kind
    found, where = _set_value_problems(folder, field, value)
    if good:
        assert found == set()
    else:
        rule = "control-character" if "\n" in value else "bad-set-value"
        assert found == {(rule, *where)}


@pytest.mark.parametrize(("kind", "value", "good"), [
    ("choice", "Carte bancaire", True), ("choice", "Carte  bancaire", False), ("choice", "Crypto ", False),
    ("date", "2024-02-29", True), ("date", "2023-02-29", False), ("date", "0000-01-01", False), ("date", "2024-13-01", False),
    ("date", "1999-12-31", False), ("date", "0201-03-04", False), ("date", "2000-01-01", True),
    ("date", "2099-12-31", True),  # in the future: a preset is written once, not typed by the player
    ("amount", "0", True), ("amount", "1 000 000,05", True), ("amount", "49.9", True), ("amount", "49.9999", False),
    ("amount", "250 €", True), ("amount", "250,50 €", True), ("amount", "1.000", True), ("amount", "1,000", False),
    ("amount", "١٢", False), ("amount", "50,", False), ("amount", " 50 ", True),
    ("amount", "0,015 BTC", True), ("amount", "0.00000001 btc", True), ("amount", "20 $", True), ("amount", "12 mars", False),
    ("amount", "-0,015 BTC", False), ("amount", "0,015 BTC €", False), ("amount", "50 dollars", False),
    ("text", "Mon ancien mot de passe était Marseille13 si ça peut aider.", False), ("text", "mon mot de passe c'est Lucas2010", False),
    ("text", "j'ai mis le mot de passe soleil", False), ("text", "code 2FA 482913 reçu par SMS", False),
    ("text", "mon mdp est bloqué", True), ("text", "j'ai réinitialisé mon mot de passe hier", True),
    ("text", "Le mot de passe a été changé le 3 décembre", True), ("text", "code erreur 5003", True),
    ("email", "a@b.fr", True), ("email", "a@b.f", False), ("email", "a@b", False), ("email", "a b@c.fr", False),
    ("email", "motdepasse1234@b.fr", False),
    ("text", "x", True), ("text", "mot de passe à changer", True), ("text", "mot de passe : hunter2", False),
    ("text", "　", False), ("textarea", "ligne 1\nligne 2", False),
])
def test_set_value_edges(folder: Path, kind: str, value: str, good: bool) -> None:
    found, where = _set_value_problems(folder, FIELD_OF[kind], value)
    if good:
        assert found == set()
    else:
        assert found == {("control-character" if "\n" in value else "bad-set-value", *where)}


def test_set_value_messages_name_the_field_its_type_and_options(project: Path) -> None:
    tree = project / "retrait-en-attente.yml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("set: {statut: Refusé}", "set: {methode: Paypal}"),
                    encoding="utf-8")
    _, problems = load_project(project, env={})
    [problem] = problems
    assert problem.rule == "bad-set-value"
    assert all(word in problem.message for word in ("methode", "choice", "Paypal", *OPTIONS))


def test_every_preset_value_of_the_real_trees_is_accepted() -> None:
    kb, problems = load_project(ROOT / "trees", env={})
    assert not [p for p in problems if p.rule == "bad-set-value"]
    presets = [(f, v) for t in kb.trees.values() for n in t["nodes"].values() for a in n.get("answers", [])
               for f, v in a["set"].items()]
    assert len(presets) > 20


# ------------------------------------------------------------------ the browser's validate(), through node

FIELDS_JS = ROOT / "overrides" / "assets" / "javascripts" / "kb" / "fields.js"
TOKENS = st.sampled_from(["mot de passe", "MDP", "mdp", "pwd", "passwd", "pass word", "est", ":", "=", "->", "@", ".",
                          ",", "-", "1", "42", "2024-02-30", "2024-03-15", "fr", "nom", " ", "\u00a0", "\u2003",
                          "\u3000", "\ufeff", "\t", "\n", "é", "K", "\u212a", "ſ", "١", "Oui", "E-wallet",
                          "€", "EUR", "euros", "1.000", "250", "\u202f", "motdepasse", "Azerty123!", "sans", "(",
                          "»", "[", "Hunter2", "était", "c'est", "c’est", "ÉTAIT", "actuel", "mis le", "tapé mon ", "soleil",
                          "bloqué", "hier", "code", "2FA", "SMS", "sms", "OTP", "de vérification", "d'authentification",
                          "482913", "2024", "12/03", "BTC", "btc", "$", "USD", "0,015", "0.00000001", "XMR", "mars", "soLeil"])
RAW = st.lists(st.one_of(TOKENS, VISIBLE), max_size=12).map("".join)


def _js_validate() -> str:
    """The browser's own check (kb/fields.js ``problem``), run by node; the date is never in the future here."""
    assert FIELDS_JS.is_file(), "kb/fields.js moved: update this test and kb_tools/ticket_values.py"
    # a password is not refused in the browser but cut out of the message (privacy.js):
    # a preset value holding one is refused all the same
    privacy = FIELDS_JS.with_name("privacy.js")
    return (f"import {{ problem }} from {json.dumps(FIELDS_JS.as_uri())};\n"
            f"import {{ looksLikePassword }} from {json.dumps(privacy.as_uri())};\n"
            "let input = ''; process.stdin.on('data', d => input += d).on('end', () => {\n"
            "  const out = JSON.parse(input).map(([field, value]) => problem(field, value.trim(), '9999-12-31')\n"
            "    || (looksLikePassword(value.trim()) ? 'secret' : ''));\n"
            "  process.stdout.write(JSON.stringify(out));\n});\n")


def _browser_keeps(spec: dict[str, Any], value: str) -> bool:
    """What the form control keeps before validate() sees it, and what a preset
    must be (kb_tools.ticket_values.set_value_refusal's docstring)."""
    trimmed = value.strip(JS_SPACES)
    if spec["type"] == "choice":
        return value in spec["options"]
    if not trimmed or re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", value):
        return False
    return spec["type"] != "date" or _exists(trimmed)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
# no shrinking: each step would start node again, and the message already names the one value
@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(cases=st.lists(st.tuples(st.sampled_from(sorted(FIELD_OF)), RAW), min_size=40, max_size=80))
def test_check_and_the_browser_validate_agree(cases: list[tuple[str, str]]) -> None:
    assume(any(value for _, value in cases))
    specs = [dict(FIELDS[FIELD_OF[kind]], required=False) for kind, _ in cases]
    node = subprocess.run(["node", "--input-type=module", "-e", _js_validate()],
                          input=json.dumps(list(zip(specs, (v for _, v in cases), strict=True))),
                          capture_output=True, text=True, timeout=30, check=True)
    browser = json.loads(node.stdout)
    for spec, (_, value), message in zip(specs, cases, browser, strict=True):
        python_ok = set_value_refusal(spec, value) is None
        assert python_ok == (message == "" and _browser_keeps(spec, value)), (spec["type"], value, message)


# ------------------------------------------------------------------ passwords and codes phrased naturally (F1)

SECRETS = ["Marseille13", "Lucas2010", "Lucas2010!", "hunter22", "soLeil", "P@ssw0rd"]
PLAIN_SECRETS = ["soleil", "marseille"]
CUT = ["Mon ancien mot de passe était {s}", "mon mot de passe c'est {s}", "mot de passe actuel : {s}", "MDP: {s}",
       "password = {s}", "j'ai mis le mot de passe {s}", "j'ai tapé mon mot de passe {s}", "Mon mot de passe c’est {s}"]
CODE_CUT = ["code 2FA {c} reçu par SMS", "J'ai reçu le code {c} par SMS", "code de vérification : {c}", "OTP {c}"]
KEPT = ["Quelqu'un a changé mon mot de passe sans mon accord", "Le mot de passe a été changé le 3 décembre",
        "mon mdp est bloqué", "j'ai réinitialisé mon mot de passe hier", "Problème de mot de passe : je ne peux plus me connecter",
        "mon mot de passe était incorrect", "mot de passe oublié", "code erreur 5003", "j'ai reçu 3 SMS en 2024",
        "SMS reçu le 12/03/2024 pour 1500,50 €", "code 2FA 123"]
# the second phone walk: a word mixing letters and digits in a sentence that names a password or a typing
CONTEXT_SECRETS = ["marseille13", "Lea2024!", "loulou1975"]
CONTEXT_CUT = ["J'ai remis un nouveau mdp puis essayé avec mon ancien qui était {s}", "j'ai bien tapé {s} comme toujours",
               "mon mot de passe c'est toujours {s} je crois", "mdp=[{s}]", "mot de passe = « {s} »", "mot-de-passe: {s}"]
KEPT += ["J'ai changé mon mot de passe le 12/03/2024 à 10h30", "mon mdp ne marche pas pour jean75@gmail.com",
         "mot de passe refusé pour la transaction TX-2026-118734", "j'ai tapé mon e-mail 2 fois", "[mot de passe retiré]",
         "mdp: [mot de passe retiré]"]
AROUND = [("", ""), ("Bonjour, ", ""), ("", " si ça peut aider."), ("Je n'arrive plus à me connecter. ", ", merci")]


def _sentences() -> list[tuple[str, bool]]:
    cut = [t.format(s=s) for t in CUT for s in SECRETS + PLAIN_SECRETS]
    cut += [t.format(c=c) for t in CODE_CUT for c in ("4829", "482913", "48291377")]
    cut += [t.format(s=s) for t in CONTEXT_CUT for s in CONTEXT_SECRETS]
    return [(before + text + after, secret) for before, after in AROUND
            for text, secret in [*((c, True) for c in cut), *((k, False) for k in KEPT)]]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_passwords_and_codes_phrased_naturally_are_found_the_same_way_by_the_browser_and_python() -> None:
    privacy = FIELDS_JS.with_name("privacy.js")
    script = (f"import {{ looksLikePassword }} from {json.dumps(privacy.as_uri())};\n"
              "let input = ''; process.stdin.on('data', d => input += d).on('end', () =>\n"
              "  process.stdout.write(JSON.stringify(JSON.parse(input).map(looksLikePassword))));\n")
    cases = _sentences()
    node = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps([t for t, _ in cases]),
                          capture_output=True, text=True, timeout=30, check=True)
    for (text, secret), browser in zip(cases, json.loads(node.stdout), strict=True):
        assert browser == secret, text
        assert has_secret(text) == secret, text
        # a preset value holding one is refused, an ordinary sentence is not
        assert (set_value_refusal(FIELDS["statut"], text) is None) != secret, text


def test_the_ordinary_words_after_a_password_keyword_are_the_same_in_the_browser_and_python() -> None:
    """kb/privacy.js PLAIN and kb_tools.ticket_values._PLAIN: one list, written twice."""
    from kb_tools.ticket_values import _PLAIN

    source = FIELDS_JS.with_name("privacy.js").read_text(encoding="utf-8")
    block = source[source.index("const PLAIN"):source.index(".split(", source.index("const PLAIN"))]
    assert frozenset("".join(re.findall(r'"([^"]*)"', block)).split(" ")) == _PLAIN
