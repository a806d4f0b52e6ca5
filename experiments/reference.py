"""The reference of ``carenet bench``: Mesa's empty agent step, timed in the same process as the model.

A Mesa model of ``n`` agents whose ``step`` does one addition, stepped with ``model.agents.shuffle_do("step")``
(Mesa 3.3 and 3.5 alike). Its speed, in agent-steps per second, is what the machine does at that moment for the
least an agent-based model can do per agent and step; carenet's client-weeks per second over it is the benchmark's
figure of record (:func:`speed_ratio`), since absolute figures on a shared machine vary by a third while the ratio
moves much less.

Each repeat steps the model enough times for about :data:`AGENT_STEPS_PER_REPEAT` agent-steps (at least one step);
the best of :data:`REPEATS` repeats is taken, so that a moment of load on the machine does not count.

Units: agent-steps per second; the ratio is client-weeks per agent-step (a number, higher is faster).
"""

from __future__ import annotations

import math
import time

import mesa

#: Agent-steps timed per repeat (the steps per repeat are this over the number of agents, at least one).
AGENT_STEPS_PER_REPEAT = 200_000
#: Repeats; the fastest counts.
REPEATS = 5


class EmptyAgent(mesa.Agent):
    """An agent whose step does one addition."""

    def __init__(self, model: mesa.Model):
        super().__init__(model)
        self.value = 0

    def step(self) -> None:
        self.value += 1


def mesa_agent_steps_per_second(n_agents: int, repeats: int = REPEATS, steps: int | None = None) -> float:
    """Agent-steps per second of Mesa's empty agent step with ``n_agents`` agents (an integer >= 1): the best of
    ``repeats`` repeats of ``steps`` steps each (default: about :data:`AGENT_STEPS_PER_REPEAT` agent-steps)."""
    if isinstance(n_agents, bool) or not isinstance(n_agents, int) or n_agents < 1:
        raise ValueError(f"n_agents = {n_agents!r} not allowed (allowed: an integer >= 1)")
    if steps is None:
        steps = max(1, math.ceil(AGENT_STEPS_PER_REPEAT / n_agents))
    model = mesa.Model(rng=0)
    EmptyAgent.create_agents(model, n_agents)
    best = math.inf
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(steps):
            model.agents.shuffle_do("step")
        best = min(best, time.perf_counter() - started)
    model.remove_all_agents()
    return n_agents * steps / best if best > 0 else math.inf


def speed_ratio(client_weeks_per_s: float, agent_steps_per_s: float) -> float:
    """carenet's client-weeks per second over Mesa's empty agent-steps per second (the figure of record)."""
    return client_weeks_per_s / agent_steps_per_s


__all__ = ["AGENT_STEPS_PER_REPEAT", "REPEATS", "EmptyAgent", "mesa_agent_steps_per_second", "speed_ratio"]
