"""Which of the policy's building blocks reach a client, and why not the others, as plain data with a sentence.

:func:`policy_reach` lists per client and block of the policy whether the block applies (the client has its
structure) and, where it does not, the reason: exactly the rows of :func:`sim.policies.reach` (the one home of each
block's rule), each with a sentence that names the people: who leads, who is the proxy, who holds the budget, or
the reason in plain words (:data:`sim.outcomes.NOT_REACHED_TEXT`, "the client" replaced by the client's name). The
story (:mod:`sim.vignette.story`) prints these sentences; a dashboard can show the same rows.

It reads the model as it stands: :class:`~sim.vignette.model.VignetteModel` keeps the rows at the start of the story
and those that change at the end of a week.
"""

from __future__ import annotations

from sim.outcomes import NOT_REACHED_TEXT
from sim.policies import reach

#: What each building block gives a client, as the story names it (``vocabulary.BLOCKS``).
BLOCK_NOUNS = {
    "digital_plan": "digital plan (zorgleefplan)",
    "proxy": "registered proxy (volmacht)",
    "regiebehandelaar": "lead professional (regiebehandelaar)",
    "integral_pgb": "integral personal budget (integraal pgb)",
}


def policy_reach(model, client: int | None = None) -> list[dict]:
    """Per client and block of the policy (set-up order, as :func:`sim.policies.reach`), now: ``client`` (index),
    ``block``, ``applies``, ``reason`` (a name of ``vocabulary.NOT_REACHED[block]``, empty where it applies) and
    ``text``: one sentence with the people's names (from ``model.names`` where the model has them). No rows under
    ``none``.

    Args:
        model: a model set up under a policy (e.g. a :class:`~sim.vignette.model.VignetteModel`), or its world.
        client: only this client's rows (default: every client's).
    """
    frame = reach(model)
    if client is not None:
        frame = frame[frame["client"] == client]
    name = _names(model)
    net = getattr(model, "world", model).net
    return [{"client": int(c), "block": str(b), "applies": bool(a), "reason": str(r),
             "text": _sentence(net, name, int(c), str(b), bool(a), str(r))}
            for c, b, a, r in zip(frame["client"], frame["block"], frame["applies"], frame["reason"])]


def _names(model):
    """A function (kind, index) -> the name in ``model.names`` (``"<kind> <index>"`` without one)."""
    names = getattr(model, "names", {})
    return lambda kind, index: names.get(kind, {}).get(int(index), f"{kind} {int(index)}")


def _possessive(who: str) -> str:
    return who + ("'" if who.endswith("s") else "'s")


def _sentence(net, name, client: int, block: str, applies: bool, reason: str) -> str:
    """Whether ``block`` reaches ``client`` in one sentence with names: who gives it, or why the client has none."""
    who, noun = name("client", client), BLOCK_NOUNS[block]
    if not applies:
        why = NOT_REACHED_TEXT[block, reason].replace("the client's", _possessive(who)).replace("the client", who)
        return f"{who} has no {noun}, because {why}"
    carer = int(net.primary_carer[client])
    if block == "regiebehandelaar":
        return f"{name('post', net.coordinator[client])} is {_possessive(who)} {noun}"
    if block == "proxy" and carer >= 0:
        return f"{name('carer', carer)} is {_possessive(who)} {noun}"
    article = "an" if noun[0] in "aeiou" else "a"
    by_carer = block == "integral_pgb" and net.budget_by_carer[client] and carer >= 0
    return f"{who} has {article} {noun}" + (f", held by {name('carer', carer)}" if by_carer else "")
