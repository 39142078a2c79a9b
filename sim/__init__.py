"""hlm-sim: agent-based model of the partner networks around proximity intervention in
Quebec social housing (HLM), read through Callon's sociology of translation."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hlm-sim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
