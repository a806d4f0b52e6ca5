"""Scheduled events: key moments fixed in advance, e.g. the events of a teaching vignette.

A schedule is a list of :class:`ScheduledEvent`; the model runs them in the
``scheduled_events`` process at the start of their week (see
``sim.processes.scheduled.scheduled_events``). They use the same mechanisms as random
events, so what follows (handovers, strain, complaints) still emerges.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim import vocabulary as V

#: What a scheduled event can be, and the fields each kind needs.
SCHEDULED_KINDS = {
    "admission": ("client", "weeks", "acute"),
    "referral": ("client", "role"),
    "carer_dropout": ("carer",),
    "professional_leaving": ("post",),
    "need": ("client", "domain", "hours"),
    "contact": ("client", "post"),
}


@dataclass(frozen=True)
class ScheduledEvent:
    """One event at the start of week ``week``.

    Attributes:
        week: model week (0 = the first week).
        kind: one of ``SCHEDULED_KINDS``.
        client, carer, post: indices of the agent concerned (-1: not used). On an admission or a
            referral, ``post`` names the professional it goes to (it takes the client's slot of its role);
            a ``contact`` is with ``post``, a professional outside the client's network.
        weeks: length of an admission, weeks.
        acute: the acute event behind an admission (``ACUTE_KINDS``).
        role: the role a client is referred to (``ROLES``).
        domain: the need domain that changes (``DOMAINS``); ``hours``: its new need, hours/week.
    """

    week: int
    kind: str
    client: int = -1
    carer: int = -1
    post: int = -1
    weeks: int = 1
    acute: str = "fall"
    role: str = "specialist"
    domain: str = "support"
    hours: float = 0.0

    def check(self, n_clients: int, n_carers: int, n_posts: int, n_weeks: int) -> None:
        """Raise ValueError naming the field, the value and what is allowed, if the event cannot happen."""
        if self.kind not in SCHEDULED_KINDS:
            raise ValueError(f"scheduled event kind = {self.kind!r} not allowed (allowed: {', '.join(SCHEDULED_KINDS)})")
        limits = {"client": n_clients, "carer": n_carers, "post": n_posts}
        for field in SCHEDULED_KINDS[self.kind]:
            if field in limits and not 0 <= getattr(self, field) < limits[field]:
                raise ValueError(f"scheduled {self.kind}: {field} = {getattr(self, field)} not allowed "
                                 f"(allowed: 0 to {limits[field] - 1})")
        choices = {"acute": V.ACUTE_KINDS, "role": V.ROLES, "domain": V.DOMAINS}
        for field, allowed in choices.items():
            if field in SCHEDULED_KINDS[self.kind] and getattr(self, field) not in allowed:
                raise ValueError(f"scheduled {self.kind}: {field} = {getattr(self, field)!r} not allowed "
                                 f"(allowed: {', '.join(allowed)})")
        if self.kind in ("admission", "referral") and not -1 <= self.post < n_posts:
            raise ValueError(f"scheduled {self.kind}: post = {self.post} not allowed (allowed: -1 or 0 to {n_posts - 1})")
        if not 0 <= self.week < n_weeks:
            raise ValueError(f"scheduled {self.kind}: week = {self.week} not allowed (allowed: 0 to {n_weeks - 1})")
        if self.kind == "admission" and self.weeks < 1:
            raise ValueError(f"scheduled admission: weeks = {self.weeks} not allowed (allowed: 1 or more)")
        if self.kind == "need" and self.hours < 0:
            raise ValueError(f"scheduled need: hours = {self.hours} not allowed (allowed: 0 or more)")
