"""Experiments on the carenet model (designs, sweeps, sensitivity analyses); see sim.cli for single runs."""
