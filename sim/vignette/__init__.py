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

The failures the seed case describes are declared in the file (``[[failure]]``: a name, a description and a check
on the event log: events, people, week windows); :func:`failures_happened` says which of them happened in a run,
and ``carenet compare NAME`` counts them over an ensemble's replicates per policy.

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
  :func:`is_vignette`, :func:`vignette_tables`, :class:`VignetteError`);
* :mod:`sim.vignette.build`: the network and schedule of a checked file;
* :mod:`sim.vignette.policy`: :func:`policy_reach`, whom the policy's building blocks reach, with names;
* :mod:`sim.vignette.model`: :func:`load_vignette`, :func:`vignette_from_tables`, :class:`Vignette`,
  :class:`VignetteModel`, :func:`run_vignette`;
* :mod:`sim.vignette.failures`: :func:`failures_happened`, :func:`failure_lines`: which of the seed's failures
  happened in a run;
* :mod:`sim.vignette.story`: :func:`named_events`, :func:`story_lines`, :func:`cast_lines`, :func:`policy_lines`,
  :func:`summary_lines`.
"""

from __future__ import annotations

from sim.vignette.failures import failure_lines, failures_happened
from sim.vignette.format import (CARER_FIELDS, CLIENT_FIELDS, EVENT_COMMON, EVENT_KINDS, FAILURE_FIELDS,
                                 INVOLVED_ROLES, ORGANISATION_FIELDS, PROFESSIONAL_FIELDS, SELECTION_FIELDS,
                                 VIGNETTE_DIR, VIGNETTE_FIELDS, VIGNETTE_KEYS, VignetteError, is_vignette,
                                 vignette_names, vignette_path, vignette_tables)
from sim.vignette.model import Vignette, VignetteModel, load_vignette, run_vignette, vignette_from_tables
from sim.vignette.policy import policy_reach
from sim.vignette.story import cast_lines, named_events, policy_lines, story_lines, summary_lines

__all__ = ["CARER_FIELDS", "CLIENT_FIELDS", "EVENT_COMMON", "EVENT_KINDS", "FAILURE_FIELDS", "INVOLVED_ROLES",
           "ORGANISATION_FIELDS", "PROFESSIONAL_FIELDS", "SELECTION_FIELDS", "VIGNETTE_DIR", "VIGNETTE_FIELDS",
           "VIGNETTE_KEYS", "Vignette", "VignetteError", "VignetteModel", "cast_lines", "failure_lines",
           "failures_happened", "is_vignette", "load_vignette", "named_events", "policy_lines", "policy_reach",
           "run_vignette", "story_lines", "summary_lines", "vignette_from_tables", "vignette_names", "vignette_path",
           "vignette_tables"]
