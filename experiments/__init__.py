"""experiments: ensembles of model runs (designs, engines, the run store, sweeps, sensitivity, calibration, benchmarks).

Orchestration that runs :mod:`sim` models and writes tables; :mod:`analysis` summarises them and
:mod:`carenet.cli` is the command line on top.
"""
