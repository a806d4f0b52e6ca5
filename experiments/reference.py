"""The reference of ``carenet bench``: Mesa's empty agent step, timed in the same process as the model.

A Mesa model of ``n`` agents whose ``step`` does one addition, stepped with ``model.agents.shuffle_do("step")``
(Mesa 3.3 and 3.5 alike). Its speed, in agent-steps per second, is what the machine does at that moment for the
least an agent-based model can do per agent and step; carenet's client-weeks per second over it is the benchmark's
figure of record (:func:`speed_ratio`), since absolute figures on a shared machine vary by a third while the ratio
moves less. It does still move from one machine to another: Mesa's step is bound by Python's interpreter, carenet's
week by numpy's random draws and memory, and a faster core speeds up the first more (on two machines of the same
2-core kind, the same code gave 0.99-1.10 and 0.69-0.74 at 10,000 clients; README, "Sample output").

The reference is timed in repeats of about :data:`AGENT_STEPS_PER_REPEAT` agent-steps each (at least one step),
and its speed is the agent-steps of all repeats over their seconds: the same statistic as carenet's (all its
client-weeks over all its stepping seconds), so that neither side keeps only its good moments. The speed run
spreads the repeats over its stepping (:class:`MesaReference`, one repeat after each simulated year), so both
sides see the machine's load of the same minutes; :func:`mesa_agent_steps_per_second` times :data:`REPEATS`
repeats in a row (``--scaling``, after each point's run).

Units: agent-steps per second; the ratio is client-weeks per agent-step (a number, higher is faster).
"""

from __future__ import annotations

import math
import time

import mesa

#: Agent-steps timed per repeat (the steps per repeat are this over the number of agents, at least one).
AGENT_STEPS_PER_REPEAT = 200_000
#: Repeats timed in a row by :func:`mesa_agent_steps_per_second`, and at least as many in a speed run.
REPEATS = 5


class EmptyAgent(mesa.Agent):
    """An agent whose step does one addition."""

    def __init__(self, model: mesa.Model):
        super().__init__(model)
        self.value = 0

    def step(self) -> None:
        self.value += 1


class MesaReference:
    """Mesa's empty agent step with ``n_agents`` agents (an integer >= 1), timed in repeats of ``steps`` steps
    (default: about :data:`AGENT_STEPS_PER_REPEAT` agent-steps) whenever :meth:`repeat` is called, e.g. between the
    years of a speed run. The model is built, and stepped once untimed, at construction."""

    def __init__(self, n_agents: int, steps: int | None = None):
        if isinstance(n_agents, bool) or not isinstance(n_agents, int) or n_agents < 1:
            raise ValueError(f"n_agents = {n_agents!r} not allowed (allowed: an integer >= 1)")
        self.n_agents = n_agents
        self.steps = max(1, math.ceil(AGENT_STEPS_PER_REPEAT / n_agents)) if steps is None else steps
        self.seconds: list[float] = []  # of each repeat
        self._model = mesa.Model(rng=0)
        EmptyAgent.create_agents(self._model, n_agents)
        self._model.agents.shuffle_do("step")

    def repeat(self) -> None:
        """Time one repeat now."""
        started = time.perf_counter()
        for _ in range(self.steps):
            self._model.agents.shuffle_do("step")
        self.seconds.append(time.perf_counter() - started)

    def agent_steps_per_second(self) -> float:
        """All the repeats' agent-steps over their seconds (at least one repeat)."""
        if not self.seconds:
            raise ValueError("no repeat timed yet (call repeat() first)")
        total = sum(self.seconds)
        return self.n_agents * self.steps * len(self.seconds) / total if total > 0 else math.inf

    def rate_range(self) -> tuple[float, float]:
        """The slowest and the fastest repeat, in agent-steps per second."""
        rates = [self.n_agents * self.steps / s if s > 0 else math.inf for s in self.seconds]
        return min(rates), max(rates)

    def close(self) -> None:
        """Free the agents."""
        self._model.remove_all_agents()


def mesa_agent_steps_per_second(n_agents: int, repeats: int = REPEATS, steps: int | None = None) -> float:
    """Agent-steps per second of Mesa's empty agent step with ``n_agents`` agents (an integer >= 1), over
    ``repeats`` repeats in a row of ``steps`` steps each (default: about :data:`AGENT_STEPS_PER_REPEAT`
    agent-steps)."""
    reference = MesaReference(n_agents, steps)
    for _ in range(repeats):
        reference.repeat()
    reference.close()
    return reference.agent_steps_per_second()


def speed_ratio(client_weeks_per_s: float, agent_steps_per_s: float) -> float:
    """carenet's client-weeks per second over Mesa's empty agent-steps per second (the figure of record)."""
    return client_weeks_per_s / agent_steps_per_s


__all__ = ["AGENT_STEPS_PER_REPEAT", "REPEATS", "EmptyAgent", "MesaReference", "mesa_agent_steps_per_second",
           "speed_ratio"]
