"""Analysis of carenet run records (events.parquet, steps.parquet, outcomes.json)."""
