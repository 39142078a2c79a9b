"""The pattern file and the committed calibrations, installed as the package data
``sim.data.calibration`` (see ``sim/data/__init__.py``)."""
