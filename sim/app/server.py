"""Serve the page with Solara's server, privately and offline.

What is set before Solara is imported (its settings read the environment once):

- ``SOLARA_TELEMETRY_MIXPANEL_ENABLE=false``: no usage reports (the server would post
  to Mixpanel and ask ipify for its address);
- ``SOLARA_MODE=production``: no "solara check" frames calling solara.dev, no reloader;
- the page's JavaScript and CSS come from Solara's local proxy of its CDN
  (``/_solara/cdn``), served from the files ``solara-assets`` installs. Solara's Vega
  widget asks for ``vega@5``, ``vega-lite@5`` and ``vega-embed@6`` by major version
  while ``solara-assets`` holds exact versions, and the proxy would fetch what it lacks
  from jsdelivr.net. :func:`asset_dir` therefore builds a folder of links to the
  installed files (kept in the user's cache, :func:`assets_home`), adding each
  major-version name, and ``SOLARA_ASSETS_CDN`` points
  at a closed loopback port, so that an asset still missing fails here instead of being
  fetched from the internet;
- ``SOLARA_APP``: the page (:func:`sim.app.page.Page`), and the milieu and language it
  opens with;
- ``REACTON_FAST=1``: the faster tree walk of Solara's renderer (opt-in in reacton
  1.11): Mesa redraws the whole page once per chart at each step, and this halves it.

The server is uvicorn, as ``solara run`` uses, started here without ``solara run``'s
version check against PyPI.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sim.app import ENV_LANG, ENV_MILIEU

APP = "sim.app.page:Page"
CLOSED_CDN = "http://127.0.0.1:9/no-cdn-offline"
"""Where Solara's proxy would fetch an asset it lacks: a closed local port."""
_VERSIONED = re.compile(r"^(?P<name>(?:@[^/@]+/)?[^/@]+)@(?P<major>\d+)\.\d+\.\d+$")


def installed_assets() -> Path:
    """The folder where ``solara-assets`` installed Solara's CDN files."""
    for prefix in (sys.prefix, sys.base_prefix):
        path = Path(prefix) / "share" / "solara" / "cdn"
        if path.is_dir():
            return path
    raise RuntimeError("solara-assets is not installed: pip install -e '.[viz]' "
                       "(the page would otherwise fetch its scripts from a CDN)")


def asset_dir(source: Path, target: Path) -> Path:
    """Fill ``target`` with links to every asset package in ``source`` (scoped packages
    such as ``@widgetti/...`` included), plus ``name@MAJOR`` for the newest installed
    version of each major; return ``target``."""
    entries = [p for p in source.iterdir() if p.is_dir() and not p.name.startswith("@")]
    for scope in (p for p in source.iterdir() if p.is_dir() and p.name.startswith("@")):
        (target / scope.name).mkdir(parents=True, exist_ok=True)
        entries += [p for p in scope.iterdir() if p.is_dir()]
    newest: dict[str, tuple[tuple[int, ...], Path]] = {}
    for path in entries:
        rel = path.relative_to(source).as_posix()
        _link(target / rel, path)
        match = _VERSIONED.match(rel)
        if match:
            version = tuple(int(x) for x in rel.rsplit("@", 1)[1].split("."))
            key = f"{match['name']}@{match['major']}"
            if key not in newest or version > newest[key][0]:
                newest[key] = (version, path)
    for key, (_, path) in newest.items():
        _link(target / key, path)
    return target


def _link(link: Path, to: Path) -> None:
    if link.is_symlink() and link.resolve() == to.resolve():
        return
    try:
        link.symlink_to(to, target_is_directory=True)
    except FileExistsError:  # another server made it at the same moment, or an old link
        if link.is_symlink() and link.resolve() != to.resolve():
            link.unlink()
            link.symlink_to(to, target_is_directory=True)


def assets_home(source: Path) -> Path:
    """Where the page's asset links live: a folder per installed ``solara-assets``
    (under ``$XDG_CACHE_HOME``, else ``~/.cache``; a temporary folder if neither can be
    written). It is reused by every later start; it holds only links."""
    try:
        tag = version("solara-assets")
    except PackageNotFoundError:
        tag = "unknown"
    tag += "-" + hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:8]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "hlm-sim" / f"solara-assets-{tag}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="hlm-sim-assets-"))
    return folder


def private_environment(milieu: str, lang: str, assets: Path) -> dict[str, str]:
    """The environment variables that make the page private and offline."""
    return {
        "SOLARA_APP": APP,
        "SOLARA_MODE": "production",
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
        "SOLARA_ASSETS_PROXY": "true",
        "SOLARA_ASSETS_PROXY_CACHE_DIR": str(assets),
        "SOLARA_ASSETS_CDN": CLOSED_CDN,
        "SOLARA_THEME_SHOW_BANNER": "false",
        # reacton's opt-in tree walk that skips unchanged parts of the page: it halves
        # the cost of a redraw (benchmarks/bench_page.py)
        "REACTON_FAST": "1",
        "SOLARA_THEME_TITLE": "hlm-sim",
        ENV_MILIEU: milieu,
        ENV_LANG: lang,
    }


def serve(milieu: str, lang: str = "fr", host: str = "127.0.0.1", port: int = 8765) -> None:
    """Run the page server until interrupted (prints the address to open)."""
    source = installed_assets()
    assets = asset_dir(source, assets_home(source))
    os.environ.update(private_environment(milieu, lang, assets))
    os.environ["SERVER_NAME"], os.environ["SERVER_PORT"] = host, str(port)

    import uvicorn  # noqa: PLC0415  (after the environment is set: Solara reads it at import)

    # the page's modules (Solara, Mesa, the model and its compiled kernel: about 3 s)
    # are imported now, before the address is printed, rather than when the first
    # visitor opens the page
    import sim.app.page  # noqa: F401, PLC0415

    # Solara warns at every page load over plain http on an address other than
    # "localhost" that it cannot set a cross-site cookie; the page is not embedded
    # in another site, and the warning would fill the terminal of a workshop.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")

    config = uvicorn.Config("solara.server.starlette:app", host=host, port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    shown = {"0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, f"[{host}]" if ":" in host else host)
    print(f"hlm-sim page: open http://{shown}:{port}/ in a browser (Ctrl+C to stop)", flush=True)
    server.run()
