"""Write the calibrated values back into the milieu scenario files, with provenance.

Each fitted value becomes the posterior median, rounded to the parameter's resolution
(:func:`sim.vocabulary.resolution`, the page's slider step, so that the page shows the
file's value) or, where that would put it outside its 90% interval, to the coarsest finer
power of ten that keeps it inside (``tests/test_app_controls.py`` then reports the value
off its slider, and the resolution needs refining). It is
written on the line that sets it in the file's ``[params]`` table (replaced) or on a new
line in a block at its end, with a comment naming the calibration folder, its date and
the 90% credible interval (for a difference the seed states for the milieu, the shared
value times its ratio, with the reason). The preferred mechanism (the highest posterior
model probability) is written the same way. Comments and every other line of the file
are kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from sim.calibration.folder import read_table
from sim.calibration.problem import SEP, STATED
from sim.params import PARAMS, Value
from sim.scenario import find_scenario, load_scenario
from sim.vocabulary import resolution

BEGIN = "# --- calibrated values (hlm-sim calibrate) ---"
END = "# --- end of calibrated values ---"


def fitted_values(folder: Path, milieu: str) -> dict[str, tuple[Value, str]]:
    """The value and provenance comment of every parameter fitted for ``milieu``."""
    posterior = read_table(folder / "posterior.csv", "posterior summary",
                           ("parameter", "median"), ("median",))
    models = read_table(folder / "models.csv", "model probabilities",
                        ("mechanism", "probability"), ("probability",))
    best = models.loc[models["probability"].idxmax()]
    when = folder.name[:10]
    out: dict[str, tuple[Value, str]] = {}
    for _, row in posterior.iterrows():
        name, _, where = str(row["parameter"]).partition(SEP)
        if where and where != milieu:
            continue
        param = PARAMS[name]
        step = resolution(param)
        ratio, stated = STATED.get(milieu, {}).get(name, (1.0, ""))
        value, low, high = (row["median"] * ratio, row["low_90"] * ratio, row["high_90"] * ratio)
        median = round(value) if param.kind == "int" else _rounded(value, step, low, high)
        note = (f"calibrated {when} (calibration/{folder.name}): posterior median, "
                f"90% interval [{low:.4g}, {high:.4g}]")
        if stated:
            note += f"; {ratio:.3g} × the shared value: {stated}"
        out[name] = (median, note)
    mediation, trust = str(best["mechanism"]).split("+")
    note = (f"calibrated {when} (calibration/{folder.name}): preferred mechanism, "
            f"posterior probability {best['probability']:.2f}")
    out["mediation_mechanism"] = (mediation, note)
    out["trust_mechanism"] = (trust, note)
    return out


def _rounded(value: float, step: float, low: float, high: float) -> float:
    """``value`` at the slider's ``step``, or at the coarsest finer power of ten that
    keeps it inside its 90% interval ``[low, high]`` (a project rate of 0.014 in
    [0.011, 0.020] is not written 0.01)."""
    while step > abs(value) * 1e-9:
        rounded = float(f"{round(value / step) * step:.10g}")
        if low <= rounded <= high:
            return rounded
        step /= 10
    return value


def _toml(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f'"{value}"' if isinstance(value, str) else repr(value)


def with_intervals(folder: Path, milieu: str,
                   values: dict[str, tuple[Value, str]]) -> dict[str, tuple[Value, str]]:
    """``values`` with each fitted one's 90% credible interval added to its note."""
    medians = fitted_values(folder, milieu)
    out = {}
    for name, (value, note) in values.items():
        interval = re.search(r"90% interval \[[^]]*\]", medians.get(name, (None, ""))[1])
        out[name] = (value, f"{note}; {interval.group(0)}" if interval else note)
    return out


def write_back(folder: Path, milieu: str, path: Path | None = None,
               values: dict[str, tuple[Value, str]] | None = None) -> Path:
    """Write the fitted values into ``scenarios/<milieu>.toml`` (or ``path``); return it.
    ``values`` (name: value and note) replaces the posterior medians: one particle."""
    path = path or find_scenario(milieu)
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"\n?{re.escape(BEGIN)}.*?{re.escape(END)}\n?", "\n", text, flags=re.DOTALL)
    what, what_fr = ("one posterior particle below", "une particule a posteriori ci-dessous")
    if values is None:
        values = fitted_values(folder, milieu)
        what, what_fr = ("posterior medians below", "médianes a posteriori ci-dessous")
    else:
        values = with_intervals(folder, milieu, values)
    head, sep, params = text.partition("\n[params]\n")
    status = (f'calibration = "fitted {folder.name[:10]} (calibration/{folder.name}): '
              "structure from the seed; shared dynamics and this milieu's network age fitted "
              f"jointly with the other milieux by ABC-SMC ({what}); "
              "calibration/README.md says what the patterns constrain and whether every "
              'calibration pattern holds on the posterior"')
    status_fr = (f'calibration_fr = "ajusté le {folder.name[:10]} (calibration/{folder.name}) : '
                 "structure tirée de l'article source ; dynamique commune et âge du réseau de ce "
                 f"milieu ajustés avec les autres milieux par ABC-SMC ({what_fr}) ; "
                 "calibration/README.md dit ce que les motifs contraignent et si "
                 'chaque motif de calibration tient sous la loi a posteriori"')
    head = re.sub(r"^calibration_fr\s*=.*\n", "", head, flags=re.MULTILINE)
    head = re.sub(r"^calibration\s*=.*$", (status + "\n" + status_fr).replace("\\", "\\\\"),
                  head, count=1, flags=re.MULTILINE)
    appended = []
    for name, (value, note) in values.items():
        line = f"{name} = {_toml(value)}  # {note}"
        pattern = re.compile(rf"^{re.escape(name)}\s*=.*$", re.MULTILINE)
        if sep and pattern.search(params):
            params = pattern.sub(line.replace("\\", "\\\\"), params, count=1)
        else:
            appended.append(line)
    block = "\n".join([BEGIN, *appended, END]) + "\n" if appended else ""
    body = params.rstrip("\n") + "\n" + block if sep else "\n[params]\n" + block
    path.write_text(head + (sep or "") + body if sep else text.rstrip("\n") + "\n" + body,
                    encoding="utf-8")
    load_scenario(path)  # the file still loads and every value is in range
    return path
