"""Teaching vignettes: one concrete, named care network per seed case, replayable under every policy.

A vignette is a TOML file in ``scenarios/vignettes/``. It holds two things:

* **the scenario it runs with**: the ordinary scenario keys (``base = "default"``, ``years``, any parameter
  section, ``[provenance]``), validated exactly as a scenario file (:mod:`sim.scenario`);
* **one hand-made network**: named clients (``[[client]]``), informal carers (``[[carer]]``), professionals
  (``[[professional]]``) and their organisations (``[[organisation]]``), who knows whom, whose systems are
  linked, who is on a plan, who leads; the starting state (needs, arranged care, strain); and the case's key
  moments (``[[event]]``) at fixed weeks, referring to people by name. ``[vignette]`` carries the title, the
  story, the seed references and the lesson (``notice`` and ``try``: things to notice and things to try, shown by
  the dashboard's lesson panel).

:func:`load_vignette` validates a file and builds the :class:`~sim.network.Network` (one district, one post per
named professional) and the schedule (:class:`~sim.schedule.ScheduledEvent`); :func:`run_vignette` runs it under a
policy and seed. Mistakes are refused before anything runs with a :class:`VignetteError` naming the file, the
field, the value and what is allowed. The file format is described in ``docs/vignettes.md``.

Names stay recoverable: ``model.names`` maps indices to names per kind (``client``, ``carer``, ``post``,
``organisation``); :func:`named_events` is the event log with names, :func:`story_lines` the week-by-week story.
Which of the policy's building blocks reach each client, and why not the others, is :func:`policy_reach` (plain
rows with a sentence each, for the story or a dashboard); :func:`policy_lines` tells it at the start of the story,
and the story tells a change at the week it happens.

Events are :class:`~sim.schedule.ScheduledEvent` s carried out by the model's ``scheduled_events`` process:
``to = "<professional>"`` on an admission or referral sends it to that professional (who takes the client's slot
of that role); ``kind = "contact"`` is a contact with a professional outside the network (an out-of-hours GP post),
a ``contact`` transition whose items are needed within ``handover.due_contact`` days.

The package, one job a module (each imports only the ones before it):

* :mod:`sim.vignette.format`: finding, reading and checking a file (:func:`vignette_names`, :func:`vignette_path`,
  :class:`VignetteError`);
* :mod:`sim.vignette.build`: the network and schedule of a checked file;
* :mod:`sim.vignette.policy`: :func:`policy_reach`, whom the policy's building blocks reach, with names;
* :mod:`sim.vignette.model`: :func:`load_vignette`, :class:`Vignette`, :class:`VignetteModel`, :func:`run_vignette`;
* :mod:`sim.vignette.story`: :func:`named_events`, :func:`story_lines`, :func:`cast_lines`, :func:`policy_lines`,
  :func:`summary_lines`.
"""

from __future__ import annotations

from sim.vignette.format import (CARER_FIELDS, CLIENT_FIELDS, EVENT_COMMON, EVENT_KINDS, INVOLVED_ROLES,
                                 ORGANISATION_FIELDS, PROFESSIONAL_FIELDS, VIGNETTE_DIR, VIGNETTE_FIELDS,
                                 VIGNETTE_KEYS, VignetteError, vignette_names, vignette_path)
from sim.vignette.model import Vignette, VignetteModel, load_vignette, run_vignette
from sim.vignette.policy import policy_reach
from sim.vignette.story import cast_lines, named_events, policy_lines, story_lines, summary_lines

__all__ = ["CARER_FIELDS", "CLIENT_FIELDS", "EVENT_COMMON", "EVENT_KINDS", "INVOLVED_ROLES", "ORGANISATION_FIELDS",
           "PROFESSIONAL_FIELDS", "VIGNETTE_DIR", "VIGNETTE_FIELDS", "VIGNETTE_KEYS", "Vignette", "VignetteError",
           "VignetteModel", "cast_lines", "load_vignette", "named_events", "policy_lines", "policy_reach",
           "run_vignette", "story_lines", "summary_lines", "vignette_names", "vignette_path"]
