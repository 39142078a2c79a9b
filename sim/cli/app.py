"""``hlm-sim viz``: serve the interactive page (registered by :mod:`sim.cli.main`)."""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import socket
from typing import Any

from sim.errors import InputError, whole_number
from sim.scenario import find_scenario, load_scenario

port_number = whole_number("--port", 1, 65535)
"""An argparse type for ``--port``: 1 to 65535."""


def check_port(host: str, port: int) -> None:
    """Fail with one line now if the address cannot be served (uvicorn would log a
    traceback-like error and exit)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"--host {host}: unknown address ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError(f"--port {port}: cannot serve on {host}: {exc.strerror or exc}") from None


VIZ_MODULES = ("solara", "solara_assets", "uvicorn", "altair")
"""What the page needs (the ``viz`` extra)."""


def check_installed() -> None:
    """Fail with one line if the ``viz`` extra is missing."""
    missing = [m for m in VIZ_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise InputError(f"viz: the page needs the viz extra (pip install -e '.[viz]'); "
                         f"missing: {', '.join(missing)}")


def cmd_viz(args: argparse.Namespace) -> int:
    """Check the scenario, then serve the page until interrupted."""
    load_scenario(find_scenario(args.scenario))  # fail here, with one line, on a bad file
    check_installed()
    host = args.host.strip()
    if not host:
        raise InputError("--host: expected an address, found ''")
    try:
        if not ipaddress.ip_address(host).is_loopback:
            print(f"hlm-sim viz: serving on {host}: other machines on this network can open the page")
    except ValueError:  # a host name
        if host != "localhost":
            print(f"hlm-sim viz: serving on {host}: other machines may open the page")
    check_port(host, args.port)
    from sim.app.server import serve  # noqa: PLC0415  (Solara loads only for this command)

    serve(args.scenario, lang=args.lang, host=host, port=args.port)
    return 0


def register(subparsers: Any) -> None:
    """Add ``viz`` to the ``hlm-sim`` subcommands."""
    p = subparsers.add_parser(
        "viz", help="serve the interactive page (Mesa SolaraViz) for a milieu",
        description="Serve the interactive page: the model live in a browser, with a milieu "
                    "selector, parameter controls, the network and live charts. Works offline; "
                    "only this machine can open it unless --host names another address.")
    p.add_argument("scenario", nargs="?", default="milieu-3",
                   help="the milieu the page opens with: a scenario file or the name of one in "
                        "scenarios/ (default milieu-3)")
    p.add_argument("--port", type=port_number, default=8765, help="port to serve on (default 8765)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to serve on (default 127.0.0.1: this machine only)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr",
                   help="language the page opens in (default fr; the page can switch)")
    p.set_defaults(handler=cmd_viz)
