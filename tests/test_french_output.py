"""Under ``--lang fr`` nothing a person reads is English: every command's output (run,
compare, levers, sweep, sensitivity, report, params, outcomes, patterns, validate), its
progress lines, its report and its errors, common and rarer, are checked against the
English of the vocabulary, of the scenario files (their names, descriptions and
calibration notes), of the parameters' and levers' sources and of the patterns'
statements."""

import html
import re
from pathlib import Path

import pytest
from tests_support import SCENARIO_DIR

from sim.cli.main import main
from sim.levers import LEVERS
from sim.params import PARAMS
from sim.run.patterns import load_patterns
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
    """What English output would give away: the vocabulary's English phrases, the English
    names, descriptions and calibration notes of the bundled scenario files, the English
    words of the parameters' and levers' sources and the patterns' English statements."""
    phrases = set()
    pairs = [*WORDS.values(), *((p.source, p.cited("fr")) for p in PARAMS.values()),
             *((p.plausible_source, p.plausible_cited("fr")) for p in PARAMS.values()),
             *((lever.source, lever.cited("fr")) for lever in LEVERS),
             *((p["statement"], p["statement_fr"]) for p in load_patterns()["pattern"])]
    for en, fr in pairs:
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
    assert english_in("source: [S] turnover listed among the controversies of every milieu")
    assert english_in("plausible 2–16 weeks ([A] weeks to hire in community organisations)")
    assert english_in("[S] « le partage » (controversies over the room)")
    assert english_in("[holds] some-unresolved: Several controversies are still open at the "
                      "end of data collection.")


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


LISTS = {"params": ["params", "milieu-2", "--lang", "fr"],
         "outcomes": ["outcomes", "--lang", "fr"],
         "patterns": ["patterns", "--replicates", "1", "--lang", "fr"],
         "validate": ["validate", "milieu-3", "--replicates", "1", "--lang", "fr"]}


@pytest.mark.parametrize("command", list(LISTS))
def test_lists_speak_french(command, capsys):
    """The parameters with their sources, the outcomes, the pattern scorecard and the
    validation on the posterior (its 0/1 status says whether the patterns hold)."""
    code, text = say_fr(capsys, *LISTS[command])
    assert code in (0, 1), text
    assert english_in(text) == [], text


def test_params_sources_are_french(capsys):
    text = say_fr(capsys, *LISTS["params"])[1]
    assert "source : [S] le roulement figure parmi les controverses de chaque milieu" in text
    assert "([A] semaines pour embaucher dans les organismes communautaires)" in text


def test_a_what_if_outside_the_plausible_range_names_its_french_source(capsys):
    code, text = say_fr(capsys, "compare", "milieu-1", "--set", "staff_turnover_rate=1,04",
                        "--replicates", "1", "--weeks", "2", "--lang", "fr")
    assert code == 0, text
    assert "15-30 %/an dans les organismes communautaires" in text, text
    assert english_in(text) == [], text


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
    "unknown key in a scenario file": (["run", "bad.toml", *SMALL], "clé inconnue 'colour'"),
    "a parameter outside [params]": (["run", "top.toml", *SMALL], "vont sous [params]"),
    "no such posterior": (["run", "milieu-1", "--posterior", "nowhere", *SMALL],
                          "aucun dossier de ce nom"),
    "bounds the wrong way": (["sweep", "milieu-1", "--params", "worker_hours=30:10", "--out",
                              "s", "--lang", "fr"], "attendu LO < HI"),
    "bounds outside the range": (["sweep", "milieu-1", "--params", "worker_hours=1:99",
                                  "--out", "s", "--lang", "fr"], "sortent de l'étendue"),
    "a flag to sweep": (["sweep", "milieu-1", "--params", "room_agreement", "--out", "s",
                         "--lang", "fr"], "paramètre numérique"),
    "one level": (["sweep", "milieu-1", "--params", "worker_hours", "--levels", "1", "--out",
                   "s", "--lang", "fr"], "attendu 2 ou plus"),
    "--n with a grid": (["sweep", "milieu-1", "--params", "worker_hours", "--n", "3", "--out",
                         "s", "--lang", "fr"], "seulement avec --design lhs"),
    "Sobol's N": (["sensitivity", "milieu-1", "--method", "sobol", "--n", "3", "--out", "s",
                   "--lang", "fr"], "puissance de 2"),
    "--levels with Sobol": (["sensitivity", "milieu-1", "--method", "sobol", "--n", "4",
                             "--levels", "4", "--out", "s", "--lang", "fr"],
                            "seulement avec --method morris"),
    "validate a stranger": (["validate", "milieu-9", "--lang", "fr"], "l'une des valeurs"),
    "patterns with no replicate": (["patterns", "--replicates", "0", "--lang", "fr"],
                                   "1 ou plus"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_common_errors_speak_french(case, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text('extends = "milieu-1"\ncolour = "red"\n', encoding="utf-8")
    (tmp_path / "top.toml").write_text('extends = "milieu-1"\nstaff_turnover_rate = 0.2\n',
                                       encoding="utf-8")
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
