"""The pieces of ``carenet bench`` that time nothing (issue 13): no assertion here is about speed.

Checked: the one aim formatter and the ratio's aims by size; Mesa's empty agent step runs on the installed Mesa
(3.3 or 3.5) and gives a positive rate, pooled over its repeats; the time between a speed run's years (where the
reference is timed) is not stepping time; the scaling rule for years; the national extrapolation; the profile's
tables; ``--scaling`` and ``--profile`` run end to end on tiny sizes and print their tables; a (tiny) timed
compare says its aim is not measured. Bad options are refused in tests/system/test_bad_input.py. About 20 s.
"""

from __future__ import annotations

import cProfile
import time

import mesa
import pytest
from click.testing import CliRunner

from carenet.cli import main
from carenet.cli.bench import parse_sizes, scaling_years
from carenet.cli.common import prepare, step_model
from experiments.aims import RATIO_AIMS, aim_line, ratio_aim_line
from experiments.bench import compare_bench, extrapolate
from experiments.profile import functions_table, place, process_table, top_functions
from experiments.reference import MesaReference, mesa_agent_steps_per_second, speed_ratio
from sim.week import STEP_ORDER


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_aim_line_says_met_not_met_or_not_measured():
    assert aim_line("ratio >= 1.5", True, "1.62") == "aim: ratio >= 1.5 — met (1.62)"
    assert aim_line("ratio >= 1.5", False) == "aim: ratio >= 1.5 — not met"
    assert aim_line("peak <= 1 GiB", None, "this run: 100 clients") == \
        "aim: peak <= 1 GiB — not measured (this run: 100 clients)"


def test_the_ratio_has_an_aim_at_ten_and_a_hundred_thousand_clients_only():
    assert RATIO_AIMS == {10_000: 1.5, 100_000: 2.0}
    assert ratio_aim_line(10_000, 1.5).endswith("— met (1.50)")
    assert ratio_aim_line(100_000, 1.9).endswith("— not met (1.90)")
    assert ratio_aim_line(5_000, 9.0) is None


def test_mesa_empty_agent_step_gives_a_positive_rate_on_the_installed_mesa():
    rate = mesa_agent_steps_per_second(100, repeats=2, steps=3)
    assert rate > 0 and speed_ratio(2 * rate, rate) == pytest.approx(2.0)
    assert mesa.__version__.startswith(("3.3", "3.4", "3.5"))
    with pytest.raises(ValueError, match="n_agents = 0 not allowed"):
        mesa_agent_steps_per_second(0)


def test_the_reference_pools_its_repeats_as_carenet_pools_its_weeks():
    """All repeats' agent-steps over all their seconds (not the best repeat), between the slowest and fastest."""
    reference = MesaReference(50, steps=4)
    with pytest.raises(ValueError, match="no repeat timed yet"):
        reference.agent_steps_per_second()
    for _ in range(3):
        reference.repeat()
    assert len(reference.seconds) == 3
    pooled = reference.agent_steps_per_second()
    assert pooled == pytest.approx(50 * 4 * 3 / sum(reference.seconds))
    slowest, fastest = reference.rate_range()
    assert slowest <= pooled <= fastest
    reference.close()
    with pytest.raises(ValueError, match="n_agents = True not allowed"):
        MesaReference(True)


def test_time_between_the_years_of_a_run_is_not_stepping_time():
    """``between_years`` runs after each full year that is not the last, outside the timed stepping."""
    params, _ = prepare("default", "none", 2.0, {"n_clients": 30})
    calls = []

    def pause():
        calls.append(time.perf_counter())
        time.sleep(0.6)

    started = time.perf_counter()
    model, _, stepping = step_model(params, "none", 0, 2.0, quiet=True, between_years=pause)
    assert len(calls) == 1 and model.week == 104
    assert stepping < time.perf_counter() - started - 0.6


def test_scaling_years_keep_the_client_weeks_of_each_point_alike():
    """100,000 client-years a point, within 0.1 and 100 years."""
    assert [scaling_years(n) for n in (1_000, 10_000, 100_000, 1_000_000)] == [100.0, 10.0, 1.0, 0.1]
    assert scaling_years(10) == 100.0 and scaling_years(2_000_000) == 0.1
    assert parse_sizes("1000,10000") == [1000, 10000]


def test_national_extrapolation_scales_the_simulated_weeks_warm_up_included():
    # 156 warm-up weeks + 52 run in 100 s after a 5 s start-up: 10 years is (156 + 520) / (156 + 52) = 3.25 times
    assert extrapolate(5.0, 100.0, 156, 52, 520) == pytest.approx(5.0 + 325.0)
    assert extrapolate(5.0, 100.0, 0, 52, 520) == pytest.approx(1005.0)


def test_profile_tables_rank_functions_and_split_the_week():
    def inner():
        return sum(range(20_000))

    def outer():
        return [inner() for _ in range(5)]

    profiler = cProfile.Profile()
    with profiler:
        outer()
    rows = top_functions(profiler, 3, "cumulative")
    assert len(rows) == 3 and rows[0]["cumulative_s"] >= rows[1]["cumulative_s"] >= rows[2]["cumulative_s"]
    assert any(r["function"].endswith(" inner") and r["calls"] == 5 for r in top_functions(profiler, 10, "own"))
    assert place((__file__, 1, "f")) == "tests/system/test_bench.py:1 f"
    assert place(("~", 0, "<built-in method builtins.sum>")) == "<built-in method builtins.sum>"
    assert "cum s" in functions_table(rows, "Top 3")
    with pytest.raises(ValueError, match="order = 'x' not allowed"):
        top_functions(profiler, 3, "x")
    table = process_table({"strain": 1.0, "handover": 3.0}, step_s=5.0, weeks=10).splitlines()
    assert [line.split()[0] for line in table] == ["process", "handover", "strain", "outside", "stepping"]
    assert "60.0%" in table[1] and "300.00" in table[1]  # 3 of 5 s; 3,000 ms over 10 weeks
    assert table[3].split()[-3:] == ["1.00", "20.0%", "100.00"]


def test_scaling_prints_a_table_with_the_expected_columns():
    result = invoke("bench", "--scaling", "--sizes", "1000", "--years", "0.1", "-q")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "clients" in line and "ratio" in line)
    for column in ("clients", "years", "weeks", "client-weeks/s", "peak GiB", "Mesa steps/s", "ratio", "wall s"):
        assert column in header
    row = lines[lines.index(header) + 1].split()
    assert row[:3] == ["1,000", "0.1", "5"] and len(row) == 8
    assert "aim:" not in result.stdout  # no ratio aim at 1,000 clients


def test_profile_prints_the_process_split_and_the_top_functions():
    result = invoke("bench", "--profile", "--clients", "100", "--years", "0.1", "--top", "3", "-q")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for name, _ in STEP_ORDER:
        assert f"\n  {name} " in out
    for order in ("cumulative", "own"):
        title = f"Top 3 by {order} time:"
        lines = out.split(title)[1].splitlines()
        assert "cum s" in lines[1] and len([line for line in lines[2:5] if line.strip()]) == 3


def test_speed_run_prints_the_ratio_to_mesa_and_the_memory_aim_unless_no_memory():
    result = invoke("bench", "--clients", "100", "--years", "0.1", "--memory-clients", "100", "-q")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "client-weeks/s" in out and "agent-steps/s" in out and "ratio" in out
    assert "the ratio's aims are set at 10,000 and 100,000 clients" in out
    assert "aim: 100,000 clients x 10 years peak <= 1 GiB — not measured (this run: 100 clients x 0.1 years)" in out
    result = invoke("bench", "--clients", "100", "--years", "0.1", "--no-memory", "-q")
    assert result.exit_code == 0 and "ratio" in result.stdout and "GiB" not in result.stdout


def test_a_compare_other_than_the_default_does_not_judge_the_aim():
    lines = []
    figures = compare_bench(replicates=1, years=0.05, overrides={"n_clients": 30}, echo=lines.append)
    assert figures["tasks"] == 5
    assert lines[-1].strip().startswith("aim: a default compare on 2 workers <= 60 s — not measured")
