"""Joint calibration of the four milieux by ABC-SMC (pyabc), choice between alternative
mechanisms, validation on held-back patterns, and posterior draws for what-ifs.

- :mod:`~sim.calibration.problem`: what is fitted (priors from the declarations, shared
  and milieu-specific values, the mechanisms), the pattern statistics and the distance;
- :mod:`~sim.calibration.fit`: the ABC-SMC run (pyabc), resumable, and its outputs;
- :mod:`~sim.calibration.posterior`: a calibration folder read back, posterior draws;
- :mod:`~sim.calibration.validate`: every pattern checked on posterior runs;
- :mod:`~sim.cli.calibration`: ``hlm-sim calibrate`` and ``hlm-sim validate``.

pyabc is an optional dependency (``pip install -e ".[calibration]"``); only ``fit``
imports it.
"""
