"""``carenet bench``: the fixed speed and memory benchmark, measured against Mesa in the same run (prints only).

Aims (:mod:`experiments.aims`) are printed, met or not met, and never asserted in tests. Modes, one at a time::

    carenet bench [--clients 10000] [--years 10] [--memory-clients 100000] [--no-memory]
    carenet bench --scaling [--sizes 1000,10000,100000,1000000] [--years Y]
    carenet bench --profile [--top 10] [--clients 10000] [--years 10]
    carenet bench --ensemble [--runs 12] [--engine local|dask] [--national [--national-years 1]]
    carenet bench --compare [--engine local|dask]
    carenet bench --dashboard

* ``carenet bench``: the **speed run**, the default scenario under policy ``none`` with ``--clients`` clients over
  ``--years`` years (default 10): set-up (synthesis and the warm-up) and stepping seconds, client-weeks per second
  of the stepping; and, in the same process, **Mesa's empty agent step** at the same number of agents
  (:mod:`experiments.reference`: agent-steps per second over repeats timed between the simulated years of the
  run, and after it up to 5 repeats), and the **ratio** of the two (client-weeks/s over agent-steps/s), the
  figure of record; with its aim at 10,000 and 100,000 clients. Then the **memory run**
  (unless ``--no-memory``): ``--memory-clients`` clients over ``--years`` in a fresh process, whose peak resident
  memory (the operating system's high-water mark, ``ru_maxrss``) is printed in GiB, with its aim at 100,000 clients
  x 10 years.
* ``--scaling``: for each of ``--sizes`` clients (comma-separated, each from 1 to 2,000,000), one fresh process
  runs the speed run (one model of that many clients, never sharded: 1,000,000 clients in one process) and then
  Mesa's empty agent step at that size: a table of years, weeks, client-weeks/s, peak
  memory (GiB, of the model run: read before the reference runs), Mesa agent-steps/s, the ratio and the point's
  wall time (the process's start, the set-up and the reference included). Each size simulates about the same
  number of client-weeks, so each point's stepping takes about the same time: ``years = 100,000 client-years /
  clients``, between 0.1 and 100 years (10,000 clients: 10 years; 1,000,000 clients: 0.1 years, 5 weeks);
  ``--years`` sets one length for every size instead. The set-up grows with the size (the 3-year warm-up is
  simulated in it, untimed). A progress bar of the weeks is shown on a terminal.
* ``--profile``: the speed run twice: once with each process of the week (:data:`sim.week.STEP_ORDER`) timed
  (its seconds, share of the stepping and milliseconds per week), once under :mod:`cProfile` (the stepping only):
  the ``--top`` functions by cumulative time and by own time.
* ``--ensemble``: the experiment engines' throughput, and with ``--national`` one national run
  (:mod:`experiments.bench`; ``--national-years`` sets its years, default 1: the aim, for ten years, is then
  extrapolated and labelled so); the default compare's time extrapolated from the runs/s.
* ``--compare``: times a default ``carenet compare`` (five policies x 30 replicates, 2 workers) into a temporary
  folder, with its aim.

* ``--dashboard``: the teaching dashboard's time per frame (:mod:`carenet.dashboard.bench`): computing the
  panels per vignette, the page's render without a browser, and the click-to-new-week time in the system
  Chromium where one is installed; with its aim.

An option of another mode (``--sizes`` without ``--scaling``, ``--top`` without ``--profile``, ...) is refused,
as is a bad value, with ``error: ...`` naming the option, the value and what is allowed (exit code 2).

Units: seconds of wall time; client-weeks per second (clients x simulated weeks over the stepping's seconds, the
set-up excluded); agent-steps per second; memory in GiB (2**30 bytes).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import click

from carenet.cli.common import (REPO, check_clients, check_run_options, client_bounds, given_options, prepare,
                                step_model)
from sim.scenario import ScenarioError, check_years

#: Years of the speed run and the memory run unless ``--years`` is given.
DEFAULT_YEARS = 10.0
#: The scaling sizes (clients) unless ``--sizes`` is given.
SCALING_SIZES = "1000,10000,100000,1000000"
#: Client-years each scaling point simulates (years = this / clients), and the bounds of its years.
SCALING_CLIENT_YEARS = 100_000
SCALING_YEARS_RANGE = (0.1, 100.0)

#: The modes (flags) and, per option that belongs to some modes only, the modes that use it ("speed": no flag).
MODES = ("scaling", "profile", "ensemble", "compare", "dashboard")
OPTION_MODES = {
    "clients": ("speed", "profile"),
    "years": ("speed", "scaling", "profile"),
    "memory_clients": ("speed",),
    "no_memory": ("speed",),
    "sizes": ("scaling",),
    "top": ("profile",),
    "runs": ("ensemble",),
    "engine": ("ensemble", "compare"),
    "national": ("ensemble",),
    "national_years": ("ensemble",),
}


def flag(name: str) -> str:
    """An option's name as typed: ``memory_clients`` -> ``--memory-clients``."""
    return "--" + name.replace("_", "-")


def either(items: list[str], word: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def check_modes(given: set[str]) -> str:
    """The mode of this call (``speed`` without a mode flag) from the options given on the command line; refuses
    two modes at once and an option its mode does not use."""
    modes = [m for m in MODES if m in given]
    if len(modes) > 1:
        raise ScenarioError(f"{' and '.join(flag(m) for m in modes)}: not used together "
                            f"(allowed: one of {', '.join(flag(m) for m in MODES)})")
    mode = modes[0] if modes else "speed"
    for name in sorted(given & set(OPTION_MODES)):
        if mode not in OPTION_MODES[name]:
            allowed = either(["the speed run (no mode flag)" if m == "speed" else flag(m) for m in OPTION_MODES[name]])
            used = "the speed run" if mode == "speed" else flag(mode)
            raise ScenarioError(f"{flag(name)}: not used with {used} (allowed: with {allowed})")
    if "national_years" in given and "national" not in given:
        raise ScenarioError("--national-years: not used without --national (allowed: with --ensemble --national)")
    return mode


def parse_sizes(text: str) -> list[int]:
    """``--sizes``: comma-separated numbers of clients, each within the bounds of ``population.n_clients`` and
    given once, e.g. ``1000,10000``."""
    lo, hi = client_bounds()
    refused = ScenarioError(f"--sizes = {text!r} not allowed (allowed: comma-separated whole numbers of clients "
                            f"from {lo} to {hi:,}, each once, e.g. 1000,10000)")
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise refused from None
    if not all(lo <= n <= hi for n in sizes) or len(set(sizes)) != len(sizes):
        raise refused
    return sizes


def scaling_years(clients: int) -> float:
    """Years of a scaling point: :data:`SCALING_CLIENT_YEARS` / ``clients`` within :data:`SCALING_YEARS_RANGE`."""
    lo, hi = SCALING_YEARS_RANGE
    return min(max(SCALING_CLIENT_YEARS / clients, lo), hi)


def check_positive(value: int, name: str) -> int:
    """An option that is a whole number >= 1 (``--top``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ScenarioError(f"{flag(name)} = {value!r} not allowed (allowed: an integer >= 1)")
    return value


@click.command()
@click.option("--clients", default=10_000, show_default=True, type=int,
              help="Clients in the speed run (and in --profile).")
@click.option("--years", default=None, type=float,
              help=f"Years of the speed and memory runs [default: {DEFAULT_YEARS:g}]; with --scaling of every size "
                   f"[default: {SCALING_CLIENT_YEARS:,} client-years / clients, 0.1 to 100].")
@click.option("--memory-clients", default=100_000, show_default=True, type=int, help="Clients in the memory run.")
@click.option("--no-memory", is_flag=True, help="Skip the memory run.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--scaling", is_flag=True,
              help="Instead: client-weeks/s, peak memory and the ratio to Mesa at each of --sizes (a fresh process "
                   "each).")
@click.option("--sizes", default=SCALING_SIZES, show_default=True, metavar="N1,N2,...",
              help="With --scaling: the numbers of clients.")
@click.option("--profile", is_flag=True,
              help="Instead: the speed run's time per process of the week, and its top functions under cProfile.")
@click.option("--top", default=10, show_default=True, type=int, help="With --profile: functions listed per order.")
@click.option("--ensemble", is_flag=True,
              help="Instead: the engines' throughput (runs/s, speedup of 2 workers over 1, overhead).")
@click.option("--runs", default=12, show_default=True, type=int, help="With --ensemble: runs per measurement.")
@click.option("--engine", default="local", show_default=True, type=click.Choice(["local", "dask"]),
              help="With --ensemble or --compare: the engine measured.")
@click.option("--national", is_flag=True, help="With --ensemble: also one national run (1,000,000 clients, "
                                              "sharded by municipality over 2 workers).")
@click.option("--national-years", default=1.0, show_default=True, type=float,
              help="With --national: its years (10 measures the aim; otherwise it is extrapolated to 10).")
@click.option("--compare", is_flag=True,
              help="Instead: time a default `carenet compare` (5 policies x 30 replicates, 2 workers).")
@click.option("--dashboard", is_flag=True,
              help="Instead: the teaching dashboard's time per frame (compute, page render, browser).")
def bench(clients, years, memory_clients, no_memory, quiet, scaling, sizes, profile, top, ensemble, runs, engine,
          national, national_years, compare, dashboard):
    """The fixed benchmark: speed (client-weeks/s) against Mesa's empty agent step in the same run, and peak
    memory (GiB); or --scaling, --profile, --ensemble, --compare. Prints only."""
    mode = check_modes(given_options())
    if mode == "ensemble":
        from experiments.bench import ensemble_bench
        if runs < 2:
            raise ScenarioError(f"--runs = {runs} not allowed (allowed: an integer >= 2)")
        if national:
            check_years(national_years, "--national-years")
        ensemble_bench(runs=runs, engine=engine, national=national, national_years=national_years)
    elif mode == "compare":
        from experiments.bench import compare_bench
        compare_bench(engine=engine)
    elif mode == "dashboard":
        from carenet.dashboard.bench import dashboard_bench
        dashboard_bench(click.echo)
    elif mode == "scaling":
        check_run_options(years)
        scaling_run(parse_sizes(sizes), years, quiet)
    elif mode == "profile":
        check_positive(top, "top")
        profile_run(clients, DEFAULT_YEARS if years is None else years, top, quiet)
    else:
        check_clients(clients)
        if not no_memory:  # refuse a bad --memory-clients now, not after the speed run
            check_clients(memory_clients, "--memory-clients")
        years = DEFAULT_YEARS if years is None else years
        speed_run(clients, years, quiet)
        if not no_memory:
            memory_run(memory_clients, years)


# --------------------------------------------------------------------------- the measurements


def measure(clients: int, years: float, quiet: bool = True, label: str = "speed run", **stepping) -> tuple:
    """One speed run (default scenario, policy none, seed 0): (the model, its figures: clients, weeks, set-up and
    stepping seconds, events, client-weeks per second of the stepping). ``stepping``: passed to
    :func:`~carenet.cli.common.step_model` (``time_processes``, ``profiler``, ``between_years``)."""
    params, _ = prepare("default", "none", years, {"n_clients": clients})
    model, setup_s, step_s = step_model(params, "none", 0, years, quiet, label=label, **stepping)
    weeks = model.n_weeks
    return model, {"clients": model.net.n_clients, "years": years, "weeks": weeks, "setup_s": setup_s,
                   "step_s": step_s, "events": len(model.log),
                   "client_weeks_per_s": model.net.n_clients * weeks / step_s if step_s > 0 else float("inf")}


def speed_run(clients: int, years: float, quiet: bool) -> None:
    """The speed run with Mesa's empty agent step at the same size timed in this process between its years (and
    after it, up to :data:`~experiments.reference.REPEATS` repeats), and the ratio."""
    import mesa

    from experiments.aims import RATIO_AIMS, ratio_aim_line
    from experiments.reference import REPEATS, MesaReference, speed_ratio
    reference = MesaReference(clients)
    model, f = measure(clients, years, quiet, between_years=reference.repeat)
    interleaved = len(reference.seconds)
    while len(reference.seconds) < REPEATS:
        reference.repeat()
    reference.close()
    click.echo(f"Speed: default scenario, policy none, {f['clients']:,} clients x {f['weeks']} weeks")
    click.echo(f"  set-up        {f['setup_s']:8.2f} s   (synthesis and the {model.params.warmup_years:g}-year "
               "warm-up, not in the speed)")
    click.echo(f"  stepping      {f['step_s']:8.2f} s   ({f['events']:,} events)")
    del model
    mesa_rate, (slowest, fastest) = reference.agent_steps_per_second(), reference.rate_range()
    ratio = speed_ratio(f["client_weeks_per_s"], mesa_rate)
    click.echo(f"  carenet       {f['client_weeks_per_s']:12,.0f} client-weeks/s")
    click.echo(f"  Mesa {mesa.__version__:<8} {mesa_rate:12,.0f} agent-steps/s   (empty agent step, {clients:,} "
               "agents, shuffle_do)")
    click.echo(f"                               ({len(reference.seconds)} repeats, {interleaved} of them between the "
               f"run's years; {slowest:,.0f} to {fastest:,.0f})")
    click.echo(f"  ratio         {ratio:12.2f}   client-weeks/s over Mesa's agent-steps/s (the figure of record; "
               f"{speed_ratio(f['client_weeks_per_s'], fastest):.2f} over its fastest repeat)")
    line = ratio_aim_line(clients, ratio)
    click.echo("  " + (line or f"(the ratio's aims are set at {either([f'{n:,}' for n in RATIO_AIMS], 'and')} "
                               "clients)"))


def point(clients: int, years: float, reference: bool, quiet: bool = True, label: str = "") -> dict:
    """One measured point in a fresh process (``carenet bench-point``): its figures, peak resident memory (KiB)
    and, with ``reference``, Mesa's empty agent-steps/s at the same size; plus the point's wall seconds."""
    cmd = [sys.executable, "-m", "carenet", "bench-point", "--clients", str(clients), "--years", str(years)]
    cmd += ["--reference"] * reference + ["--quiet"] * quiet + (["--label", label] if label else [])
    started = time.perf_counter()
    child = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO)  # stderr shown: progress, errors
    if child.returncode != 0:
        raise click.ClickException(f"the run of {clients:,} clients x {years:g} years in a fresh process failed "
                                   f"(exit {child.returncode}; its error is above)")
    return {**json.loads(child.stdout.strip().splitlines()[-1]), "wall_s": time.perf_counter() - started}


def memory_run(clients: int, years: float) -> None:
    """The memory run: peak resident memory of a fresh process, with its aim."""
    from experiments.aims import MEMORY_AIM_GIB, MEMORY_CLIENTS, MEMORY_YEARS, aim_line
    click.echo(f"Memory: {clients:,} clients x {years:g} years in a fresh process ...")
    f = point(clients, years, reference=False)
    gib = f["peak_rss_kib"] / 2**20
    click.echo(f"  peak RSS      {gib:8.2f} GiB   ({f['events']:,} events, {f['wall_s']:.0f} s)")
    aim = f"{MEMORY_CLIENTS:,} clients x {MEMORY_YEARS} years peak <= {MEMORY_AIM_GIB:g} GiB"
    at_aim = clients == MEMORY_CLIENTS and years == MEMORY_YEARS
    click.echo("  " + aim_line(aim, gib <= MEMORY_AIM_GIB if at_aim else None,
                               f"{gib:.2f} GiB" if at_aim else f"this run: {clients:,} clients x {years:g} years"))


def scaling_run(sizes: list[int], years: float | None, quiet: bool) -> None:
    """The scaling table: one fresh process per size, each row printed as it is done; then the ratio's aims."""
    from experiments.aims import ratio_aim_line
    from experiments.reference import speed_ratio
    rule = (f"--years {years:g} for every size" if years is not None else
            f"years = {SCALING_CLIENT_YEARS:,} client-years / clients, {SCALING_YEARS_RANGE[0]:g} to "
            f"{SCALING_YEARS_RANGE[1]:g}")
    click.echo(f"Scaling: default scenario, policy none, each size in a fresh process ({rule}); Mesa's empty agent "
               "step at the same size after the run, in the same process")
    click.echo(f"  {'clients':>9} {'years':>6} {'weeks':>6} {'client-weeks/s':>15} {'peak GiB':>9} "
               f"{'Mesa steps/s':>13} {'ratio':>6} {'wall s':>7}")
    aims = []
    for i, clients in enumerate(sizes):
        y = scaling_years(clients) if years is None else years
        f = point(clients, y, reference=True, quiet=quiet, label=f"{i + 1}/{len(sizes)}: {clients:,} clients")
        ratio = speed_ratio(f["client_weeks_per_s"], f["mesa_agent_steps_per_s"])
        click.echo(f"  {clients:>9,} {y:>6g} {f['weeks']:>6} {f['client_weeks_per_s']:>15,.0f} "
                   f"{f['peak_rss_kib'] / 2**20:>9.2f} {f['mesa_agent_steps_per_s']:>13,.0f} {ratio:>6.2f} "
                   f"{f['wall_s']:>7.0f}")
        aims.append(ratio_aim_line(clients, ratio))
    for line in filter(None, aims):
        click.echo("  " + line)


def profile_run(clients: int, years: float, top: int, quiet: bool) -> None:
    """The speed run with each process of the week timed, then under cProfile: the tables of
    :mod:`experiments.profile`."""
    import cProfile

    from experiments.profile import functions_table, process_table, top_functions
    check_clients(clients)
    model, f = measure(clients, years, quiet, label="timed run", time_processes=True)
    seconds = model.world.process_seconds
    del model
    click.echo(f"Profile: default scenario, policy none, {f['clients']:,} clients x {f['weeks']} weeks")
    click.echo(f"Time per process of the week (without the profiler; stepping {f['step_s']:.2f} s, "
               f"{f['client_weeks_per_s']:,.0f} client-weeks/s):")
    click.echo(process_table(seconds, f["step_s"], f["weeks"]))
    profiler = cProfile.Profile()
    _, g = measure(clients, years, quiet, label="profiled run", profiler=profiler)
    click.echo(f"Under cProfile (the stepping only: {g['step_s']:.2f} s; the profiler slows functions called often):")
    for order in ("cumulative", "own"):
        click.echo(functions_table(top_functions(profiler, top, order), f"Top {top} by {order} time:"))


@click.command("bench-point", hidden=True)
@click.option("--clients", type=int, required=True)
@click.option("--years", type=float, required=True)
@click.option("--reference", is_flag=True, help="Also time Mesa's empty agent step at the same size.")
@click.option("--label", default="", help="The progress bar's label.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def bench_point(clients, years, reference, label, quiet):
    """(Internal) One speed run to the end (outcomes computed), its peak RSS in KiB read then, and with --reference
    Mesa's empty agent-steps/s at the same size: one JSON line (used by bench's memory run and --scaling)."""
    import gc
    import resource
    model, f = measure(check_clients(clients), years, quiet, label=label or f"{clients:,} clients")
    model.outcomes()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # bytes on macOS, KiB on Linux
        peak //= 1024
    f["peak_rss_kib"] = peak
    if reference:
        from experiments.reference import mesa_agent_steps_per_second
        del model
        gc.collect()
        f["mesa_agent_steps_per_s"] = mesa_agent_steps_per_second(clients)
    click.echo(json.dumps(f))
