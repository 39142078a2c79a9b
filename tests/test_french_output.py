"""Under ``--lang fr`` nothing a person reads is English: every command's output (run,
compare, levers, sweep, sensitivity, report, params, outcomes), its progress lines, its
report and its common errors are checked against the English of the vocabulary and of
the scenario files (their names, descriptions and calibration notes)."""

import html
import re
from pathlib import Path

import pytest
from tests_support import SCENARIO_DIR

from sim.cli.main import main
from sim.scenario import load_scenario
from sim.vocabulary import WORDS

SMALL = ["--replicates", "2", "--weeks", "4", "--lang", "fr"]


def _fragments(en: str, fr: str) -> set[str]:
    """The English runs of three words or more in ``en`` that its French does not share."""
    found = set()
    for piece in re.split(r"{\w*}|[;:()«»\[\]]|, |\. ", en):
        part = piece.strip(" .,*'")
        if len(part.split()) >= 3 and part not in fr:
            found.add(part)
    return found


def english_phrases() -> set[str]:
    """What English output would give away: the vocabulary's English phrases, and the
    English names, descriptions and calibration notes of the bundled scenario files."""
    phrases = set()
    for en, fr in WORDS.values():
        phrases |= _fragments(en, fr)
    for path in SCENARIO_DIR.glob("*.toml"):
        scenario = load_scenario(path)
        pairs = [(scenario.description, scenario.description_fr),
                 (scenario.calibration, scenario.calibration_fr),
                 *((item.name, item.name_fr) for item in (*scenario.partners,
                                                          *scenario.committees))]
        phrases |= {en for en, fr in pairs if fr and en != fr}
    return phrases


PHRASES = english_phrases()


def english_in(text: str) -> list[str]:
    """The English phrases found in ``text`` (lower-cased comparison)."""
    return sorted(p for p in PHRASES
                  if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text, re.IGNORECASE))


def page_text(path: Path) -> str:
    """A report's words: its text and its charts' titles, without markup or scripts' code."""
    doc = path.read_text(encoding="utf-8")
    charts = " ".join(re.findall(r'"text":\s*"([^"]*)"', doc))
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", doc, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body)) + " " + charts


def say_fr(capsys, *args: object) -> tuple[int, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse's own errors
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_the_phrases_are_there_to_find():
    """The check can fail: the English it looks for is what English output holds."""
    assert "Partners' committee" in PHRASES
    assert english_in("Committees: Partners' committee, Coordination committee")
    assert english_in("not analysed: 46 of 90 design points have no finite value over their "
                      "replicates (failed runs, or an outcome undefined in every replicate)")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    return tmp_path_factory.mktemp("fr")


COMMANDS = {
    "run": ["run", "milieu-1", *SMALL, "--outcomes", "all"],
    "compare": ["compare", "milieu-2", "--set", "room_agreement=false", "--set",
                "staff_turnover_rate=0,9", *SMALL, "--outcomes", "all"],
    "levers": ["levers", "milieu-3", *SMALL],
    "sweep": ["sweep", "milieu-4", "--params", "worker_hours", "--levels", "2", "--replicates",
              "1", "--weeks", "4", "--workers", "1", "--lang", "fr"],
    "sensitivity": ["sensitivity", "milieu-1", "--method", "morris", "--n", "2", "--params",
                    "worker_hours", "mediator_presence", "--replicates", "1", "--weeks", "4",
                    "--workers", "1", "--resamples", "20", "--lang", "fr"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_and_its_report_speak_french(command, folders, capsys):
    out = folders / command
    code, text = say_fr(capsys, *COMMANDS[command], "--out", out, "--report")
    assert code == 0, text
    assert english_in(text) == [], text
    assert english_in(page_text(out / "report.html")) == []
    code, text = say_fr(capsys, "report", out, "--out", out / "again.html", "--lang", "fr")
    assert code == 0, text
    assert english_in(text) == []


def test_reports_name_the_scenario_not_a_path_on_disk(folders, capsys):
    out = folders / "named"
    assert say_fr(capsys, *COMMANDS["run"], "--out", out, "--report")[0] == 0
    text = page_text(out / "report.html")
    assert str(SCENARIO_DIR) not in text
    assert "milieu-1.toml" in text
    assert "Rapport : Milieu 1" in text  # the milieu's own name, not its parent file's
    assert "Comité de partenaires, Comité de coordination" in text


@pytest.mark.parametrize("args", [["params", "milieu-2", "--lang", "fr"],
                                  ["outcomes", "--lang", "fr"]])
def test_lists_speak_french(args, capsys):
    """The parameters' sources are not translated yet (their notes are declared in English
    in sim/params.py, the seed's passages in French): left out here, and said so."""
    code, text = say_fr(capsys, *args)
    assert code == 0
    text = re.sub(r"(?m)^    source : .*$|; plausible .*? — ", " ", text)
    assert english_in(text) == []


ERRORS = {
    "unknown scenario": (["run", "milieu-9", *SMALL], "aucun fichier de scénario"),
    "unknown parameter": (["run", "milieu-1", "--set", "staff_turnover_rat=0.2", *SMALL],
                          "paramètre inconnu"),
    "bad --set value": (["compare", "milieu-1", "--set", "staff_turnover_rate=abc", *SMALL],
                        "attendu un nombre, trouvé"),
    "outside the range": (["run", "milieu-1", "--set", "staff_turnover_rate=9", *SMALL],
                          "hors de l'étendue déclarée"),
    "--force without --out": (["run", "milieu-1", "--force", *SMALL], "--out DOSSIER"),
    "bad number": (["run", "milieu-1", "--weeks", "x", "--lang", "fr"], "nombre entier"),
    "no such choice": (["sweep", "milieu-1", "--out", "x", "--design", "cube", "--lang", "fr"],
                       "attendu grid ou lhs"),
    "report of nothing": (["report", "nowhere", "--lang", "fr"], "aucun dossier de ce nom"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_common_errors_speak_french(case, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args, expected = ERRORS[case]
    code, text = say_fr(capsys, *args)
    assert code == 2, text
    assert "erreur :" in text, text
    assert expected in text, text
    assert english_in(text) == [], text


def test_an_out_folder_holding_results_is_refused_in_french(folders, capsys):
    out = folders / "held"
    assert say_fr(capsys, *COMMANDS["run"], "--out", out)[0] == 0
    code, text = say_fr(capsys, *COMMANDS["run"], "--out", out)
    assert code == 2
    assert "attendu un dossier nouveau ou vide, trouvé des résultats antérieurs" in text, text
    assert english_in(text) == [], text


def test_a_sentence_is_french_whole_or_english_whole():
    """A sentence whose words no template knows stays English rather than half French."""
    from sim.vocabulary import in_words  # noqa: PLC0415

    odd = "--out x.html: expected a new file or a report of run, found another file"
    assert in_words(odd, "fr") == odd
    assert in_words("w.toml: key: expected 20 to 400, found 5", "fr") == \
        "w.toml: key : attendu 20 à 400, trouvé 5"
