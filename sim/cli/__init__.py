"""The ``hlm-sim`` command line: parses, calls the layers below, prints."""
