"""The model's fixed vocabulary: domains, laws, roles, transitions, channels, event names.

These are structure, not parameters: they name the parts of a care network and
are used as integer codes in the state arrays and the event log. Changing them
changes the model, not a scenario.

Glossary of Dutch terms used as identifiers (kept because English would blur them):
regie (direction of one's own care), regiebehandelaar (lead professional with
mandate), mantelzorger (informal carer), regelwerk (the work of arranging care),
pgb (persoonsgebonden budget, personal budget), zorgleefplan (care-and-life
plan), volmacht (proxy), Wkkgz / Wmo / Wlz / Zvw / Jeugdwet (the laws).
"""

from __future__ import annotations

#: Need domains (hours of care per week are kept per domain).
DOMAINS = ("cure", "nursing", "support", "mental", "youth")
CURE, NURSING, SUPPORT, MENTAL, YOUTH = range(len(DOMAINS))

#: Laws / payers. Each has its own indication route, complaint regime and payer.
LAWS = ("zvw", "wlz", "wmo", "jeugdwet")
ZVW, WLZ, WMO, JEUGDWET = range(len(LAWS))

#: Laws a domain may be arranged under (validated in scenarios).
DOMAIN_LAWS = {
    "cure": ("zvw",),
    "nursing": ("zvw", "wlz"),
    "support": ("wmo", "wlz"),
    "mental": ("zvw", "jeugdwet", "wlz"),
    "youth": ("jeugdwet",),
}

#: Professional roles. A role has a home law (complaint regime) and, for the
#: delivering roles, the domain whose care it delivers.
ROLES = (
    "gp",
    "district_nurse",
    "home_carer",
    "specialist",
    "physiotherapist",
    "pharmacist",
    "social_team",
    "ggz_practitioner",
    "youth_worker",
)
(GP, DISTRICT_NURSE, HOME_CARER, SPECIALIST, PHYSIOTHERAPIST, PHARMACIST,
 SOCIAL_TEAM, GGZ_PRACTITIONER, YOUTH_WORKER) = range(len(ROLES))

#: Which role delivers the care of each domain.
DOMAIN_ROLE = (GP, DISTRICT_NURSE, HOME_CARER, GGZ_PRACTITIONER, YOUTH_WORKER)

#: The law whose complaint regime and ICT a role's organisation falls under.
ROLE_LAW = (ZVW, ZVW, WMO, ZVW, ZVW, ZVW, WMO, ZVW, JEUGDWET)

#: Roles that may be a regiebehandelaar ("usually GP or district nurse", 003 §5.1).
COORDINATOR_ROLES = (DISTRICT_NURSE, GP)

#: Transition kinds (003 §2.5): each creates handover items.
TRANSITIONS = ("admission", "discharge", "referral", "professional_leaving", "carer_dropout", "contact")
ADMISSION, DISCHARGE, REFERRAL, PROFESSIONAL_LEAVING, CARER_DROPOUT, CONTACT = range(len(TRANSITIONS))

#: Kinds of handover item.
ITEM_KINDS = ("medication", "expectations", "home_situation")
MEDICATION, EXPECTATIONS, HOME_SITUATION = range(len(ITEM_KINDS))

#: Channels an item can travel by. ``in_person``: told to the carer face to face (the discharge talk with the carer
#: present, or the district nurse's transfer visit); ``carried_by_client`` / ``carried_by_carer``: the client side
#: carries it (together: the carrier channel). ``none`` marks an item with no channel at all.
CHANNELS = ("plan", "direct_digital", "coordinator", "direct_paper", "in_person", "carried_by_client",
            "carried_by_carer", "none")
(PLAN, DIRECT_DIGITAL, COORDINATOR, DIRECT_PAPER, IN_PERSON, CARRIED_BY_CLIENT, CARRIED_BY_CARER,
 NO_CHANNEL) = range(len(CHANNELS))
#: The channels through which the client side carries an item (the carrier channel).
CARRIER_CHANNELS = (CARRIED_BY_CLIENT, CARRIED_BY_CARER)

#: Who arranges a client's care this week.
ARRANGERS = ("nobody", "client", "carer", "proxy", "budget_holder", "coordinator")
NOBODY, SELF, CARER, PROXY, BUDGET_HOLDER, COORD = range(len(ARRANGERS))

#: The four Dutch survey categories of carer burden (CBS Gezondheidsmonitor).
STRAIN_CATEGORIES = ("not_or_somewhat", "fairly_heavy", "very_heavy", "overburdened")

#: Complaint regimes, one per law family.
REGIMES = ("wkkgz", "wmo", "jeugdwet")
LAW_REGIME = (0, 0, 1, 2)  # zvw, wlz -> wkkgz; wmo -> wmo; jeugdwet -> jeugdwet

#: How a complaint ends.
COMPLAINT_ENDS = ("answered", "answered_in_part", "unanswered", "given_up")

#: Client profiles (population groups).
PROFILES = ("frail_elderly", "chronic_ggz", "child_complex", "multi_problem")

#: Acute event kinds (labels in the event log).
ACUTE_KINDS = ("fall", "infection", "cardiac", "psychiatric_crisis", "medication_harm")

#: Pairs of roles whose advice on overlapping needs can contradict (003 §3.2):
#: internist vs psychiatrist (Esther), orthopaedist vs cardiology (Gerards), ...
ADVICE_PAIRS = (
    (SPECIALIST, GGZ_PRACTITIONER),
    (GP, GGZ_PRACTITIONER),
    (SPECIALIST, PHYSIOTHERAPIST),
    (SPECIALIST, GP),
    (DISTRICT_NURSE, HOME_CARER),
    (GGZ_PRACTITIONER, YOUTH_WORKER),
    (SPECIALIST, YOUTH_WORKER),
    (DISTRICT_NURSE, GP),
)

#: Event names in the event log.
EVENTS = (
    "transition",
    "acute_event",
    "handover_delivered",
    "handover_failed",
    "harm",
    "story_repeated",
    "request",
    "care_started",
    "contradiction",
    "convened",
    "strain_category",
    "burnout",
    "overload_signalled",
    "complaint_filed",
    "complaint_forwarded",
    "complaint_bounced",
    "complaint_part_answered",
    "complaint_closed",
    "request_refused",
    "need_changed",
    "client_exit",
    "client_entry",
    "wlz_indicated",
    "carer_replaced",
    "regelwerk",
    "regie_passed",
    "budget_withdrawn",
    "professional_kept",
)
EVENT = {name: code for code, name in enumerate(EVENTS)}

#: Age (years) at which Jeugdwet care ends: a child of a profile whose entry ages are all below it leaves the
#: population then (``turned_18``).
ADULT_AGE = 18.0

#: Why a client leaves the population living at home (``client_exit`` events). ``turned_18``: a child of the
#: child_complex profile reaches 18, when Jeugdwet care ends and adult care takes over.
EXIT_REASONS = ("death", "institution", "recovery", "turned_18")
DEATH, INSTITUTION, RECOVERY, TURNED_18 = range(len(EXIT_REASONS))

#: Where a Wlz indication is used (``wlz_indicated`` events): a full or modular package at home, or a move
#: into an institution (which is an exit).
WLZ_SETTINGS = ("at_home", "institution")

#: Kinds of regelwerk (arranging work) in ``regelwerk`` events: filing a request at a desk, proving a mandate
#: without a proxy, follow-up while a request waits, carrying a handover item, budget administration.
REGELWERK_KINDS = ("desk", "mandate", "waiting", "carrying", "budget_admin")
DESK, MANDATE, WAITING, CARRYING, BUDGET_ADMIN = range(len(REGELWERK_KINDS))

#: Where regie goes in a ``regie_passed`` event: from the regiebehandelaar to the specialist at an admission, and
#: back at the discharge.
REGIE_PASSES = ("to_specialist", "back")

#: Harm kinds.
HARMS = ("medication_error", "readmission")

#: The policy building blocks (:data:`sim.policies.BLOCKS`), in the order a composition sets them up.
BLOCKS = ("digital_plan", "proxy", "regiebehandelaar", "integral_pgb")

#: Why a building block does not reach a client (:meth:`sim.policies.Block.reach`), per block: first the conditions
#: of the block's rule, in the order it checks them, then (last) the reason of a client the rule takes in who is
#: nevertheless without the block's structure. ``holds_regie``: able and wishing to direct their own care;
#: ``cannot_use``: neither able and digital, nor with a digital primary carer allowed on the plan;
#: ``no_lead_professional``: neither a district nurse nor a GP in the network; ``no_holder``: not able and wishing,
#: and no proxy or carer who may hold the budget (``policies.integral_pgb.holders``); ``not_enrolled``: the rule came
#: to hold after the block last took the client in (e.g. a proxy lapsed); ``not_registered``: the proxy was not
#: registered (``policies.proxy.register_share``); ``withdrawn``: the budget was withdrawn.
NOT_REACHED = {
    "digital_plan": ("no_consent", "cannot_use", "not_enrolled"),
    "proxy": ("holds_regie", "does_not_wish", "no_carer", "not_registered"),
    "regiebehandelaar": ("holds_regie", "has_proxy", "no_lead_professional", "not_enrolled"),
    "integral_pgb": ("no_holder", "withdrawn"),
}

#: Acute event kinds per profile (labels drawn uniformly), in PROFILES order.
PROFILE_ACUTE = (
    (0, 1, 2),  # frail elderly: fall, infection, cardiac
    (3,),       # chronic ggz: psychiatric crisis
    (1,),       # child with complex care: infection
    (3, 0),     # multi-problem: psychiatric crisis, fall
)
