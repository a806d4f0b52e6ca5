"""Building a checked vignette file into what the model runs: the network and the schedule.

:func:`build_vignette` turns a :class:`~sim.vignette.format.VignetteFile` into a :class:`~sim.network.Network`
(one district, one post per named professional, one organisation (system) per name) and a list of
:class:`~sim.schedule.ScheduledEvent` s, checked as the model checks them. Hours are hours/week; weeks are model
weeks from 0.
"""

from __future__ import annotations

import numpy as np

from sim import vocabulary as V
from sim.network import Acquaintance, Network
from sim.parameters import ScenarioParams
from sim.policies import caseload_quality
from sim.schedule import ScheduledEvent
from sim.vignette.format import INVOLVED_ROLES, VignetteError, VignetteFile


def build_vignette(file: VignetteFile) -> tuple[Network, list[ScheduledEvent]]:
    """The network and the schedule of a checked vignette file. Raises :class:`VignetteError` for an event the
    model would refuse that the file check did not catch."""
    schedule = [ScheduledEvent(**args) for args in file.schedule_args]
    for event in schedule:  # the model's own check, for anything not caught by the file check
        try:
            event.check(len(file.clients), len(file.carers), len(file.professionals), file.n_weeks)
        except ValueError as exc:
            raise VignetteError(f"{file.path}: {exc}") from None
    network = _build_network(file.params, file.clients, file.carers, file.professionals, file.organisations,
                             file.member, file.primary)
    return network, schedule


def _build_network(params: ScenarioParams, clients, carers, pros, orgs, member, primary) -> Network:
    """The hand-made network: one district, one post per professional, one organisation (system) per name."""
    N, C, P, O = len(clients), len(carers), len(pros), len(orgs)
    net = Network.empty(N, C, P, n_orgs=O, knows=Acquaintance.identity(P))
    profiles = dict(params.population.profiles.items())
    for i, c in enumerate(clients):
        net.profile[i] = V.PROFILES.index(c["profile"])
        net.base_need[i] = c["need"]
        net.law[i] = c["law"]
        net.able[i], net.wishes[i] = c["able"], c["wishes"]
        net.digital[i], net.consent[i] = c["digital"], c["consent"]
        net.plan[i] = c["plan"]
        net.proxy[i] = c["proxy"]
        net.usual_care_waived[i] = c["usual_care_waived"]
        if c["age"] is not None:
            net.age[i] = c["age"]
        for r, week in c["involved_until"].items():
            getattr(net, INVOLVED_ROLES[r])[i] = week
    net.member[:] = member
    net.primary_carer[:] = primary
    for j, carer in enumerate(carers):
        net.carer_client[j] = max(carer["cares_for"], 0)
        net.carer_available[j] = carer["hours"]
        net.carer_digital[j] = carer["digital"]
        net.carer_coresident[j] = carer["lives_with"]
        net.carer_strain[j] = carer["strain"]
    thresholds = np.array([params.strain.fairly_heavy, params.strain.very_heavy, params.strain.overburdened])
    net.carer_category[:] = np.searchsorted(thresholds, net.carer_strain, side="right")
    # starting arranged care: as given, else the indicable need of every domain whose delivering role is present
    gap = params.arranging.gap_threshold
    for i, c in enumerate(clients):
        usual = profiles[c["profile"]].usual_care_share if primary[i] >= 0 and not c["usual_care_waived"] else 0.0
        for d in range(len(V.DOMAINS)):
            target = c["need"][d] * ((1 - usual) if d in (V.NURSING, V.SUPPORT) else 1.0)
            if d in c["arranged"]:
                net.arranged[i, d] = c["arranged"][d]
            elif member[i, V.DOMAIN_ROLE[d]] >= 0 and c["need"][d] > gap:
                net.arranged[i, d] = target
    org_index = {o["name"]: k for k, o in enumerate(orgs)}
    for p, pro in enumerate(pros):
        net.post_role[p] = V.ROLES.index(pro["role"])
        net.post_org[p] = org_index[pro["organisation"]]
        net.post_capacity[p] = pro["capacity"]
        net.post_boundary[p] = pro["boundary_work"]
        net.post_involves_carer[p] = pro["involves_carer"]
        net.post_contracted[p] = pro["contracted"]
        net.post_on_plan[p] = pro["on_plan"]
    net.post_district[:] = 0
    net.client_district[:] = 0
    # who knows whom: colleagues of one organisation, and the pairs named in `knows` (symmetric)
    same_org = net.post_org[:, None] == net.post_org[None, :]
    net.knows[:, :] = same_org
    for p, pro in enumerate(pros):
        for q in pro["knows"]:
            if q >= 0:
                net.knows[p, q] = net.knows[q, p] = True
    for k, org in enumerate(orgs):
        for other in org["linked"]:
            net.linked[k, other] = net.linked[other, k] = True
    # a regiebehandelaar named in the file: as the Regiebehandelaar block would set it up
    rp = params.policies.regiebehandelaar
    for i, c in enumerate(clients):
        if c.get("lead_post", -1) >= 0:
            net.coordinator[i] = c["lead_post"]
    net.coordinator_quality[:] = caseload_quality(net.coordinator, P, rp.caseload_limit, net.coordinator_mandate,
                                                  net.coordinator_address, rp.mandate_wmo, rp.complaint_address)
    return net
