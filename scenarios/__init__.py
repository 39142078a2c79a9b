"""The bundled scenario files, installed as the package data ``sim.data.scenarios``
(see ``sim/data/__init__.py``)."""
