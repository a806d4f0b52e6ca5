"""Every model parameter, with its default, unit, bounds, plausible range and source.

This module is the single source of truth for parameters: scenario validation,
``docs/parameters.md`` and the report's provenance table are all generated from
the definitions below. Each field is declared with :func:`param`, which records

* ``unit``: the unit of the value (hours/week, weeks, probability per week, ...);
* ``bounds``: the values the model accepts at all (validation refuses others);
* ``range``: the plausible range used by sensitivity analysis;
* ``source``: a seed document (``seed 003:L1450``), the calibration brief
  (``calibration: ...``), or ``assumption``;
* ``calibrate``: whether ``carenet calibrate`` may fit it.

Sections are pydantic models that refuse unknown keys and wrong types.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.vocabulary import DOMAIN_LAWS, PROFILES

ASSUMPTION = "assumption"
#: Where the law of a care domain comes from (the laws exist; which one covers a profile's domain is assumed).
LAWS = "seed 003:L770-771 (the four laws: Zvw, Wlz, Jeugdwet, Wmo); which law per profile: assumption"


RELATIVE = "relative"

#: Fewest clients a municipality of a multi-municipality scenario may have (the lower bound of
#: ``population.district_clients``); see :mod:`sim.municipalities`.
MIN_MUNICIPALITY_CLIENTS = 10


def param(default, *, unit: str, bounds: tuple, source: str, doc: str,
          range: tuple | str | None = None, calibrate: bool = False):
    """Declare one parameter; see the module docstring for the metadata.

    ``range=RELATIVE`` marks a parameter whose value differs per profile or
    role: its plausible range is half to twice the value in use, within bounds.
    """
    lo, hi = bounds
    extra = {"unit": unit, "source": source, "calibrate": calibrate, "bounds": [lo, hi]}
    if range == RELATIVE:
        extra["relative"] = True
    else:
        extra["range"] = list(range if range else bounds)
    return Field(default, ge=lo, le=hi, description=doc, json_schema_extra=extra)


class Section(BaseModel):
    """Base for parameter sections: strict types, unknown keys refused.

    Numbers as sampling tools give them are taken as what they hold: a numpy number (SALib, EMA Workbench) as
    the Python number, and an integral float (``8.0``) for an integer field as the integer; a fractional value
    (``10.5``) for an integer field is still refused, with the usual message.
    """

    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=True)

    @model_validator(mode="before")
    @classmethod
    def _plain_numbers(cls, data):
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, np.generic):
                value = value.item()
            field = cls.model_fields.get(key)
            if (field is not None and field.annotation is int and isinstance(value, float)
                    and value.is_integer()):
                value = int(value)
            out[key] = value
        return out


# --------------------------------------------------------------------------- population

class ProfileParams(Section):
    """A client group: its needs, stability, regie and network. Hours are per week."""

    share: float = param(0.25, unit="fraction of clients", bounds=(0, 1), source=ASSUMPTION,
                         doc="Share of the population in this profile.")
    need_cure: float = param(0.2, unit="hours/week", bounds=(0, 40), range=RELATIVE, source=ASSUMPTION,
                             doc="Mean baseline need for medical (GP) care.")
    need_nursing: float = param(3.0, unit="hours/week", bounds=(0, 80), range=RELATIVE, source=ASSUMPTION,
                                doc="Mean baseline need for nursing and personal care.")
    need_support: float = param(6.0, unit="hours/week", bounds=(0, 80), range=RELATIVE, source=ASSUMPTION,
                                doc="Mean baseline need for household and social support (incl. supervision).")
    need_mental: float = param(0.0, unit="hours/week", bounds=(0, 40), range=RELATIVE, source=ASSUMPTION,
                               doc="Mean baseline need for mental health care.")
    need_youth: float = param(0.0, unit="hours/week", bounds=(0, 40), range=RELATIVE, source=ASSUMPTION,
                              doc="Mean baseline need for youth care.")
    need_cv: float = param(0.5, unit="coefficient of variation", bounds=(0, 3), range=RELATIVE, source=ASSUMPTION,
                           doc="Spread of baseline needs between clients (lognormal).")
    need_growth_per_year: float = param(0.05, unit="fraction/year", bounds=(-0.5, 1), range=RELATIVE,
                                        source=ASSUMPTION, doc="Drift of needs (progression of frailty or illness).")
    nursing_law: Literal["zvw", "wlz"] = Field("zvw", description="Law under which nursing is arranged.",
                                               json_schema_extra={"source": LAWS})
    support_law: Literal["wmo", "wlz"] = Field("wmo", description="Law under which support is arranged.",
                                               json_schema_extra={"source": LAWS})
    mental_law: Literal["zvw", "jeugdwet", "wlz"] = Field("zvw", description="Law under which mental health care is "
                                                          "arranged.", json_schema_extra={"source": LAWS})
    acute_events_per_year: float = param(0.8, unit="events/client-year", bounds=(0, 20), range=RELATIVE,
                                         source=ASSUMPTION, doc="Base rate of acute events (falls, infections, crises).")
    admission_share: float = param(0.6, unit="fraction of acute events", bounds=(0, 1), range=RELATIVE,
                                   source=ASSUMPTION, doc="Share of acute events that lead to an admission.")
    admission_weeks: float = param(2.0, unit="weeks", bounds=(0.2, 52), range=RELATIVE, source=ASSUMPTION,
                                   doc="Mean length of an admission (incl. rehabilitation stay).")
    referrals_per_year: float = param(1.0, unit="referrals/client-year", bounds=(0, 20), range=RELATIVE,
                                      source=ASSUMPTION, doc="Rate of referrals to a new professional while at home.")
    able_share: float = param(0.5, unit="fraction of clients", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                              doc="Share able to direct their own care.")
    wish_share: float = param(0.7, unit="fraction of clients", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                              doc="Share who wish to direct their own care.")
    digital_share: float = param(0.5, unit="fraction of clients", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                                 doc="Share digitally literate enough to use a digital plan.")
    consent_share: float = param(0.6, unit="fraction of clients", bounds=(0, 1), range=RELATIVE,
                                 source="calibration: 60% of people who knew the LSP consented (CBS 2019)",
                                 doc="Share consenting to share information.")
    carer_share: float = param(0.85, unit="fraction of clients", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                               doc="Share of clients with at least one informal carer (seed 003: carers in nearly all Houten networks).")
    extra_carers_mean: float = param(0.5, unit="carers/client", bounds=(0, 5), range=RELATIVE, source=ASSUMPTION,
                                     doc="Mean number of additional (secondary) carers.")
    carer_available_hours: float = param(20.0, unit="hours/week", bounds=(0, 168), range=RELATIVE,
                                         source=ASSUMPTION, calibrate=True,
                                         doc="Mean hours a primary carer can give (secondary carers give a quarter).")
    carer_digital_share: float = param(0.7, unit="fraction of carers", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                                       doc="Share of carers digitally literate enough to use a plan for the client.")
    usual_care_share: float = param(0.5, unit="fraction of nursing and support need", bounds=(0, 1), range=RELATIVE,
                                    source=ASSUMPTION,
                                    doc="'Gebruikelijke zorg': share of nursing and support need that indications leave "
                                        "to a co-resident carer (a partner or parent in the same household).")
    # who enters and leaves (sim/processes/population.py)
    age_mean: float = param(80.0, unit="years", bounds=(0, 110), source=ASSUMPTION,
                            doc="Mean age of clients entering the population (and of the initial population).")
    age_sd: float = param(7.0, unit="years", bounds=(0, 50), range=RELATIVE, source=ASSUMPTION,
                          doc="Spread of the entry age (normal, clipped to age_min..age_max).")
    age_min: float = param(65.0, unit="years", bounds=(0, 110), source=ASSUMPTION, doc="Youngest entry age.")
    age_max: float = param(100.0, unit="years", bounds=(0, 110), source=ASSUMPTION, doc="Oldest entry age.")
    excess_mortality: float = param(2.5, unit="x general population", bounds=(0, 50), range=RELATIVE,
                                    source="assumption; cf. an all-cause SMR of 4.5 (95% CI 3.1-6.0) for people with "
                                           "severe mental illness (de Mooij et al., Front. Psychiatry 2019)",
                                    doc="Death rate relative to the general population of the same age (multiple "
                                        "needs, frailty, severe mental illness).")
    base_mortality_per_year: float = param(0.0, unit="probability/year", bounds=(0, 1), range=RELATIVE,
                                           source="assumption; cf. about 1,100-1,200 deaths a year among 5,000-7,000 "
                                                  "children eligible for palliative care (Kenniscentrum "
                                                  "Kinderpalliatieve Zorg 2020; Palliaweb 2021): an upper bound",
                                           doc="Death probability per year on top of the age-related one (children "
                                               "with life-limiting conditions).")
    recovery_per_year: float = param(0.02, unit="probability/year", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                                     doc="Chance per year that a client no longer has multiple needs and leaves "
                                         "the population.")
    institution_share: float = param(0.6, unit="fraction of Wlz indications", bounds=(0, 1), range=RELATIVE,
                                     source="assumption; cf. 29% of Wlz clients received their care at home in 2018 "
                                            "(CBS, second-hand via Blik op Nieuws 2019)",
                                     doc="Share of Wlz indications used in an institution (a move out of the home); "
                                         "the rest is used at home (full or modular package at home).")
    coresident_share: float = param(0.6, unit="fraction of primary carers", bounds=(0, 1), range=RELATIVE,
                                    source=ASSUMPTION,
                                    doc="Share of primary carers living with the client (partner, parent).")
    # what carers carry besides filling gaps (sim/processes/delivery.py, strain.py)
    presence_hours: float = param(8.0, unit="hours/week", bounds=(0, 168), range=RELATIVE, calibrate=True,
                                  source="assumption; cf. mothers of a child with severe multiple disabilities: a "
                                         "quarter spend 3-4 and 40% 5-8 hours a day on care, supervision and "
                                         "occupation (CP Nederland, second-hand)",
                                  doc="Supervision, company and presence a carer living with the client gives at "
                                      "home, whatever professional care is arranged.")
    practical_hours: float = param(3.0, unit="hours/week", bounds=(0, 168), range=RELATIVE, source=ASSUMPTION, calibrate=True,
                                   doc="Household and practical tasks (transport, finances, administration) the "
                                       "client's carers do together, shared by their available hours.")
    night_care_share: float = param(0.1, unit="fraction of clients", bounds=(0, 1), range=RELATIVE,
                                    source=ASSUMPTION,
                                    doc="Share of clients who need care or supervision at night (from the carer who "
                                        "lives with them).")
    carer_work_share: float = param(0.3, unit="fraction of carers", bounds=(0, 1), range=RELATIVE,
                                    source="assumption; cf. 1 in 3 working women and 1 in 5 working men give care "
                                           "(SCP 2019, second-hand)",
                                    doc="Share of carers with paid work beside the care.")
    respite_share: float = param(0.2, unit="fraction of carers", bounds=(0, 1), range=RELATIVE,
                                 source="SCP, Informele hulp: wie doet er wat? (2017): 19-26% of carers used respite "
                                        "care in 2014",
                                 doc="Share of carers with respite care (respijtzorg) they can use.")


    @model_validator(mode="after")
    def _ages_ordered(self):
        if not self.age_min <= self.age_mean <= self.age_max:
            raise ValueError(f"entry ages must satisfy age_min <= age_mean <= age_max (allowed: ordered ages), got "
                             f"age_min = {self.age_min}, age_mean = {self.age_mean}, age_max = {self.age_max}")
        return self


def _profile(**values) -> ProfileParams:
    return ProfileParams(**values)


class Profiles(Section):
    """The four client profiles. Shares must add up to 1."""

    frail_elderly: ProfileParams = Field(default_factory=lambda: _profile(
        share=0.45, need_cure=0.25, need_nursing=4.0, need_support=10.0, able_share=0.5, wish_share=0.7,
        digital_share=0.35, acute_events_per_year=1.0, admission_weeks=2.5,
        age_mean=81.0, age_sd=7.0, age_min=65.0, age_max=100.0, excess_mortality=2.0, recovery_per_year=0.02,
        institution_share=0.7, coresident_share=0.5,
        presence_hours=8.0, practical_hours=4.0, night_care_share=0.15, carer_work_share=0.3, respite_share=0.25))
    chronic_ggz: ProfileParams = Field(default_factory=lambda: _profile(
        share=0.25, need_cure=0.2, need_nursing=1.0, need_support=4.0, need_mental=2.0, able_share=0.45,
        wish_share=0.6, digital_share=0.6, acute_events_per_year=0.7, admission_weeks=4.0,
        carer_share=0.6, extra_carers_mean=0.3,
        age_mean=45.0, age_sd=12.0, age_min=18.0, age_max=80.0, excess_mortality=2.5, recovery_per_year=0.08,
        institution_share=0.4, coresident_share=0.4,
        presence_hours=4.0, practical_hours=3.0, night_care_share=0.05, carer_work_share=0.5, respite_share=0.2))
    child_complex: ProfileParams = Field(default_factory=lambda: _profile(
        share=0.10, need_cure=0.3, need_nursing=6.0, need_support=6.0, need_youth=2.0, mental_law="jeugdwet",
        able_share=0.8, wish_share=0.95, digital_share=0.8, acute_events_per_year=1.2, admission_weeks=1.5,
        carer_share=1.0, extra_carers_mean=1.0, carer_available_hours=30.0, need_growth_per_year=0.0,
        age_mean=8.0, age_sd=5.0, age_min=0.0, age_max=17.5, excess_mortality=1.0, base_mortality_per_year=0.01,
        recovery_per_year=0.04, institution_share=0.1, coresident_share=1.0,
        presence_hours=16.0, practical_hours=3.0, night_care_share=0.5, carer_work_share=0.7, respite_share=0.1))
    multi_problem: ProfileParams = Field(default_factory=lambda: _profile(
        share=0.20, need_cure=0.2, need_nursing=0.5, need_support=5.0, need_mental=1.0, able_share=0.4,
        wish_share=0.6, digital_share=0.45, acute_events_per_year=0.6, admission_weeks=1.5,
        carer_share=0.5, extra_carers_mean=0.3, need_growth_per_year=0.0,
        age_mean=42.0, age_sd=11.0, age_min=18.0, age_max=75.0, excess_mortality=2.0, recovery_per_year=0.15,
        institution_share=0.3, coresident_share=0.4,
        presence_hours=2.0, practical_hours=3.0, night_care_share=0.0, carer_work_share=0.4, respite_share=0.15))

    @model_validator(mode="after")
    def _shares_sum_to_one(self):
        total = sum(getattr(self, name).share for name in PROFILES)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"profile shares must add up to 1 (allowed: shares summing to 1.0), got {total:.4f}")
        return self

    def items(self):
        """(name, ProfileParams) in the fixed profile order."""
        return [(name, getattr(self, name)) for name in PROFILES]


class Population(Section):
    """Who is in the simulated municipality (or municipalities, each simulated on its own)."""

    n_clients: int = param(1000, unit="clients", bounds=(1, 2_000_000), source="issue: mixed municipality of 1,000 clients",
                           doc="Number of clients with multiple needs living at home.")
    district_clients: int = param(1000, unit="clients/district", bounds=(10, 100_000), range=(500, 3000),
                                  source="assumption: a wijk-sized area (seed 003:L560, Houten networks)",
                                  doc="Clients per district (wijk); professionals work and know each other within one.")
    municipalities: int = param(1, unit="municipalities", bounds=(1, 1000),
                                source="issue: one municipality",
                                doc="Municipalities the clients live in (the Netherlands had 342 on 1 January 2024, "
                                    "CBS; general knowledge, not from the seeds). Each is simulated as its own "
                                    "independent model (its own districts, professionals and organisations; clients, "
                                    "carers and professionals never cross municipality borders; Wmo and Jeugdwet are "
                                    "municipal). With more than one, `carenet compare` runs the scenario sharded by "
                                    "municipality (sim/municipalities.py); one model simulates one municipality.")
    municipality_size_spread: float = param(1.2, unit="log-sd", bounds=(0, 3), range=(0.9, 1.4),
                                            source="assumption: with 342 municipalities the largest then holds 5.1% "
                                                   "of clients and the smallest 0.004%, like Amsterdam (about 5% of "
                                                   "the Dutch population) and Schiermonnikoog (CBS 2024; general "
                                                   "knowledge, not in the seeds)",
                                            doc="Sigma of the log-normal distribution of municipality sizes "
                                                "(clients per municipality; 0: all equal). No effect with one "
                                                "municipality.")
    profiles: Profiles = Field(default_factory=Profiles)

    @model_validator(mode="after")
    def _clients_per_municipality(self):
        if self.municipalities > 1 and self.n_clients < self.municipalities * MIN_MUNICIPALITY_CLIENTS:
            raise ValueError(f"population.n_clients = {self.n_clients} is too few for population.municipalities = "
                             f"{self.municipalities} (allowed: at least {MIN_MUNICIPALITY_CLIENTS} clients per "
                             f"municipality, n_clients >= {self.municipalities * MIN_MUNICIPALITY_CLIENTS}, "
                             "or fewer municipalities)")
        return self


# --------------------------------------------------------------------------- workforce

class RoleParams(Section):
    """One professional role in the municipality."""

    clients_per_post: float = param(40.0, unit="clients/post", bounds=(1, 10000), range=RELATIVE, source=ASSUMPTION,
                                    doc="Clients of this population per professional post (sets the number of posts).")
    capacity_hours: float = param(16.0, unit="hours/week", bounds=(0, 60), range=RELATIVE, source=ASSUMPTION,
                                  doc="Hours per week a post has for this population.")
    organisations: int = param(3, unit="organisations", bounds=(1, 1000), range=RELATIVE, source=ASSUMPTION,
                               doc="Number of organisations the posts are spread over (each has its own ICT).")
    boundary_work: float = param(0.5, unit="probability", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                                 doc="Mean willingness to align across boundaries ('grenzenwerk', seed 003 §5).")
    involves_carer: float = param(0.5, unit="fraction of posts", bounds=(0, 1), range=RELATIVE, source=ASSUMPTION,
                                  doc="Share of posts that inform and involve the carer directly.")
    tariff: float = param(75.0, unit="EUR/hour", bounds=(0, 1000), range=RELATIVE, source=ASSUMPTION,
                          doc="Cost per delivered or coordination hour, billed to the payer of the client's law.")


def _role(**values) -> RoleParams:
    return RoleParams(**values)


class Roles(Section):
    """Parameters per professional role."""

    gp: RoleParams = Field(default_factory=lambda: _role(clients_per_post=80, capacity_hours=20, organisations=6,
                                                         tariff=100, involves_carer=0.4))
    district_nurse: RoleParams = Field(default_factory=lambda: _role(clients_per_post=12, capacity_hours=32,
                                                                     organisations=3, tariff=75, involves_carer=0.6))
    home_carer: RoleParams = Field(default_factory=lambda: _role(clients_per_post=6, capacity_hours=32,
                                                                 organisations=4, tariff=35, involves_carer=0.6))
    specialist: RoleParams = Field(default_factory=lambda: _role(clients_per_post=200, capacity_hours=8,
                                                                 organisations=1, tariff=150, boundary_work=0.3,
                                                                 involves_carer=0.3))
    physiotherapist: RoleParams = Field(default_factory=lambda: _role(clients_per_post=60, capacity_hours=16,
                                                                      organisations=4, tariff=50))
    pharmacist: RoleParams = Field(default_factory=lambda: _role(clients_per_post=400, capacity_hours=4,
                                                                 organisations=3, tariff=60, involves_carer=0.3))
    social_team: RoleParams = Field(default_factory=lambda: _role(clients_per_post=100, capacity_hours=16,
                                                                  organisations=1, tariff=70, boundary_work=0.6))
    ggz_practitioner: RoleParams = Field(default_factory=lambda: _role(clients_per_post=25, capacity_hours=24,
                                                                       organisations=2, tariff=100, boundary_work=0.4,
                                                                       involves_carer=0.3))
    youth_worker: RoleParams = Field(default_factory=lambda: _role(clients_per_post=20, capacity_hours=24,
                                                                   organisations=2, tariff=80, boundary_work=0.5))


class Workforce(Section):
    """Professionals, organisations and their information systems."""

    roles: Roles = Field(default_factory=Roles)
    turnover_per_year: float = param(0.15, unit="probability/post-year", bounds=(0, 2), range=(0.05, 0.3),
                                     source=ASSUMPTION, doc="Rate at which a professional leaves their post.")
    acquaintance: float = param(0.15, unit="probability", bounds=(0, 1), range=(0.05, 0.4), source=ASSUMPTION,
                                doc="Chance that two professionals of different organisations know each other.")
    acquaintance_local: float = param(0.4, unit="probability", bounds=(0, 1), range=(0.2, 0.7), source=ASSUMPTION,
                                      doc="Chance that two first-line professionals (GP, district nurse, home carer, "
                                          "physiotherapist, pharmacist, social team) of different organisations know each other.")
    consultations_per_year: float = param(1.0, unit="consultations/client-year", bounds=(0, 52), range=(0.25, 4),
                                          source="assumption; cf. seed 003:L499-501 (professionals do not simply "
                                                 "sit together to consult; ad-hoc consultation links them)",
                                          doc="Rate at which the professionals of a client at home consult about "
                                              "them (a case consultation, a call) and so get to know each other; "
                                              "it balances the acquaintance lost when professionals leave.")
    systems_connected: float = param(0.2, unit="probability", bounds=(0, 1), range=(0.1, 0.5),
                                     source="calibration: ~20% of nursing handovers digital (V&VN/Nictiz 2014)",
                                     calibrate=True,
                                     doc="Chance that two organisations' information systems are linked.")
    contracted_share: float = param(0.8, unit="fraction of posts", bounds=(0, 1), range=(0.5, 1), source=ASSUMPTION,
                                    doc="Share of posts contracted by the payer (in-kind care may only use these).")
    overbooking: float = param(1.1, unit="booked/capacity", bounds=(0.5, 3), range=(1.0, 1.3), source=ASSUMPTION,
                               doc="A post accepts new clients while booked hours are below capacity times this.")


# --------------------------------------------------------------------------- processes

class Needs(Section):
    """Needs, acute events and their transitions."""

    drift_sd: float = param(0.03, unit="log-sd/week", bounds=(0, 1), range=(0.01, 0.06), source=ASSUMPTION,
                            doc="Week-to-week noise in needs.")
    unmet_hazard: float = param(1.0, unit="relative hazard per unmet share", bounds=(0, 20), range=(0.5, 3),
                                source=ASSUMPTION, doc="Unmet needs raise the acute hazard: x(1 + this * unmet share).")
    post_discharge_nursing: float = param(4.0, unit="hours/week", bounds=(0, 80), range=(2, 8), source=ASSUMPTION,
                                          doc="Extra nursing need after a discharge, fading over recovery weeks.")
    recovery_weeks: float = param(8.0, unit="weeks", bounds=(1, 104), range=(4, 16),
                                  source="seed 003:L137 (months of physiotherapy after rehabilitation)",
                                  doc="Time scale on which post-discharge needs fade.")
    rehab_share: float = param(0.4, unit="fraction of discharges", bounds=(0, 1), range=(0.2, 0.6), source=ASSUMPTION,
                               doc="Share of discharges that add a physiotherapist (Berends, seed 003:L136).")
    carer_illness_per_year: float = param(0.04, unit="events/carer-year", bounds=(0, 5), range=(0.01, 0.1),
                                          source="seed 003:L131 (the carer herself falls, Berends)",
                                          doc="Rate at which a carer falls ill or is admitted and drops out.")
    harm_hazard_weeks: float = param(4.0, unit="weeks", bounds=(0.5, 52), range=(2, 8), source=ASSUMPTION,
                                     doc="Time scale of the extra acute hazard after harm or a missed home-situation item.")
    harm_hazard: float = param(0.05, unit="probability/week", bounds=(0, 1), range=(0.02, 0.1), source=ASSUMPTION,
                               doc="Extra weekly acute-event probability right after harm (decays).")


class Arranging(Section):
    """Finding and arranging care through the law-domain desks."""

    gap_threshold: float = param(0.5, unit="hours/week", bounds=(0, 40), range=(0.25, 1), source=ASSUMPTION,
                                 doc="A need exceeding arranged care by this much is a gap to arrange.")
    notice_self: float = param(0.6, unit="probability/week", bounds=(0, 1), range=(0.3, 0.9), source=ASSUMPTION,
                               doc="Chance per week that the client or carer arranging care takes up a gap.")
    professional_initiative: float = param(0.05, unit="probability/week", bounds=(0, 1), range=(0.01, 0.2),
                                           source="seed 003:L650 ('wie neemt het initiatief?', De Wit)",
                                           doc="Chance per week that a professional takes up a gap when nobody arranges.")
    zvw_weeks: tuple[int, int] = Field((0, 1), description="Indication time range for Zvw (weeks; professional indicates).",
                                       json_schema_extra={"unit": "weeks", "source": "seed 003 §3 (Zvw professional indicates)",
                                                          "range": [0, 1]})
    wlz_weeks: tuple[int, int] = Field((4, 8), description="Indication time range for Wlz (weeks; assessment body).",
                                       json_schema_extra={"unit": "weeks", "source": ASSUMPTION, "range": [4, 8]})
    wmo_weeks: tuple[int, int] = Field((2, 6), description="Investigation time range for a Wmo request (weeks).",
                                       json_schema_extra={"unit": "weeks",
                                                          "source": "seed 003:L1450 (Wmo art. 2.3.2: within six weeks)",
                                                          "range": [2, 6]})
    jeugdwet_weeks: tuple[int, int] = Field((3, 8), description="Indication time range for Jeugdwet (weeks).",
                                            json_schema_extra={"unit": "weeks", "source": ASSUMPTION, "range": [3, 8]})
    desk_hours: float = param(3.0, unit="hours/request", bounds=(0, 40), range=(1, 6), source=ASSUMPTION,
                              doc="Regelwerk to find the desk and file a request (Wlz, Wmo, Jeugdwet; Zvw a third).")
    waiting_hours: float = param(0.5, unit="hours/week", bounds=(0, 20), range=(0.25, 1.5), source=ASSUMPTION,
                                 doc="Regelwerk per open request per week (calls, forms, visits).")
    informal_mandate_hours: float = param(1.0, unit="hours/request", bounds=(0, 20), range=(0.5, 2),
                                          source="seed 003:L1552 (proxy need not prove mandate each time)",
                                          doc="Extra regelwerk for a carer arranging without a formal proxy.")
    informal_refusal: float = param(0.2, unit="probability/request", bounds=(0, 1), range=(0.05, 0.4),
                                    source=ASSUMPTION, doc="Chance a desk turns away a carer without a proxy (retry next week).")
    carrier_hours: float = param(0.5, unit="hours/item", bounds=(0, 10), range=(0.25, 1), source=ASSUMPTION,
                                 doc="Carer or client effort to carry one handover item to a professional.")


class Handover(Section):
    """Handover items, channels and their reliability. Days are within-step event times."""

    due_medication: float = param(3.0, unit="days after transition", bounds=(0, 60), range=(0.5, 3), source=ASSUMPTION,
                                  doc="When a medication item is needed by its receiver.")
    due_expectations: float = param(2.0, unit="days after transition", bounds=(0, 60), range=(1, 5), source=ASSUMPTION,
                                    doc="When an item saying what is expected of the receiver is needed.")
    due_home_situation: float = param(3.0, unit="days after transition", bounds=(0, 60), range=(1, 7), source=ASSUMPTION,
                                      doc="When an item on the home situation is needed.")
    due_contact: float = param(0.5, unit="days after transition", bounds=(0, 60), range=(0.1, 2),
                               source="seed 003:L920-935 (Gerards: the evening GP post needs the records during the call)",
                               doc="When the items of a contact with a professional outside the network are needed.")
    digital_complete: float = param(0.9, unit="probability", bounds=(0, 1), range=(0.8, 0.98), source=ASSUMPTION,
                                    doc="Chance a direct item between linked systems is sent complete.")
    digital_delay: float = param(0.3, unit="days (mean)", bounds=(0, 30), range=(0.1, 1), source=ASSUMPTION,
                                 doc="Mean delay of a direct digital item.")
    paper_complete: float = param(0.63, unit="probability", bounds=(0, 1), range=(0.5, 0.75),
                                  source="calibration: 63% of discharge letters had complete medication (Uitvlugt 2015)",
                                  calibrate=True, doc="Chance a direct item by letter/phone (unlinked systems) is complete.")
    paper_delay: float = param(1.5, unit="days (mean)", bounds=(0, 30), range=(0.5, 4), source=ASSUMPTION,
                               doc="Mean delay of a letter or call between unlinked systems.")
    carrier_complete: float = param(0.5, unit="probability", bounds=(0, 1), range=(0.3, 0.7),
                                    source="calibration: 16% of GP medication overviews complete after 2 weeks (Uitvlugt 2015), direction",
                                    calibrate=True, doc="Chance a client or carer passes an item on complete.")
    carrier_delay: float = param(1.5, unit="days (mean)", bounds=(0, 30), range=(0.5, 4), source=ASSUMPTION,
                                 doc="Mean time until the carrier meets the receiver.")
    discharge_talk_carer: float = param(0.5, unit="probability", bounds=(0, 1), range=(0.3, 0.8),
                                        source="assumption; cf. 72% of carers needed help with practical matters "
                                               "after a discharge and 49% got it (MantelzorgNL, Nationaal "
                                               "Mantelzorgpanel 2014)",
                                        doc="Chance the carer is present at the discharge talk, where the items for "
                                            "the carer are told in person.")
    talk_complete: float = param(0.8, unit="probability", bounds=(0, 1), range=(0.6, 0.95), source=ASSUMPTION,
                                 doc="Chance an item told at the discharge talk is complete.")
    transfer_complete: float = param(0.7, unit="probability", bounds=(0, 1), range=(0.5, 0.9), source=ASSUMPTION,
                                     doc="Chance the district nurse (who involves carers) passes the carer's "
                                         "discharge item on complete at the transfer visit.")
    transfer_delay: float = param(2.0, unit="days (mean)", bounds=(0, 30), range=(1, 4), source=ASSUMPTION,
                                  doc="Mean time until the district nurse's first visit after a discharge.")
    plan_record: float = param(0.9, unit="probability", bounds=(0, 1), range=(0.6, 0.98),
                               source="seed 003 §5.1 (providers obliged to record in the plan)",
                               doc="Chance a connected sender records an item in the digital plan.")
    plan_delay: float = param(0.5, unit="days (mean)", bounds=(0, 30), range=(0.1, 2), source=ASSUMPTION,
                              doc="Mean delay until the receiver sees a recorded item.")
    coordinator_relay: float = param(0.9, unit="probability", bounds=(0, 1), range=(0.7, 0.98), source=ASSUMPTION,
                                     doc="Chance a regiebehandelaar within caseload relays an item.")
    coordinator_delay: float = param(1.0, unit="days (mean)", bounds=(0, 30), range=(0.5, 3), source=ASSUMPTION,
                                     doc="Mean delay of an item relayed by a regiebehandelaar.")
    medication_harm: float = param(0.15, unit="probability/failed item", bounds=(0, 1), range=(0.05, 0.3),
                                   source=ASSUMPTION, doc="Chance a missed medication item causes a medication error.")
    readmission_harm: float = param(0.1, unit="probability/failed item", bounds=(0, 1), range=(0.03, 0.2),
                                    source=ASSUMPTION, doc="Chance a missed home-situation item leads to readmission risk.")


class Alignment(Section):
    """Advice on overlapping needs and whether it is aligned."""

    advice_per_week: float = param(0.05, unit="probability/pair-week", bounds=(0, 1), range=(0.05, 0.2),
                                   source=ASSUMPTION, doc="Chance an active pair of professionals both advise this week.")
    conflict: float = param(0.3, unit="probability", bounds=(0, 1), range=(0.1, 0.5),
                            source="seed 003:L1001 (Esther: internist and psychiatrist each on their own part)",
                            doc="Chance unaligned advice contradicts.")
    plan_visibility: float = param(0.7, unit="probability", bounds=(0, 1), range=(0.4, 0.9), source=ASSUMPTION,
                                   doc="Chance advice recorded in a shared plan is seen and aligned by the other.")
    coordinator_aligns: float = param(0.8, unit="probability", bounds=(0, 1), range=(0.5, 0.95), source=ASSUMPTION,
                                      doc="Chance a regiebehandelaar within caseload aligns advice of the pair.")
    contradiction_hazard: float = param(0.01, unit="probability/week", bounds=(0, 1), range=(0, 0.03),
                                        source=ASSUMPTION, doc="Extra acute-event chance after a contradiction (adherence).")


class Strain(Section):
    """Carer strain, the four survey categories, burnout and dropout. Strain is dimensionless."""

    care_load: float = param(1.0, unit="strain/week at full availability", bounds=(0, 20), range=(0.25, 2),
                             source=ASSUMPTION, calibrate=True,
                             doc="Load from care hours, scaled by hours given over hours available.")
    regelwerk_load: float = param(0.08, unit="strain/hour", bounds=(0, 5), range=(0.03, 0.2), source=ASSUMPTION,
                                  calibrate=True, doc="Load per hour of regelwerk.")
    unmet_load: float = param(0.5, unit="strain/week at full unmet", bounds=(0, 10), range=(0.2, 1), source=ASSUMPTION,
                              doc="Load from the client's unmet need share.")
    contradiction_load: float = param(0.3, unit="strain/contradiction", bounds=(0, 10), range=(0.1, 0.6),
                                      source=ASSUMPTION, doc="Load from a contradiction in advice.")
    sidelined_load: float = param(0.3, unit="strain/missed item", bounds=(0, 10), range=(0.1, 0.6),
                                  source="seed 003:L1074 (mevrouw Gerards sidelined on medication)",
                                  doc="Load when an item meant for the carer does not reach them.")
    night_load: float = param(0.5, unit="strain/week", bounds=(0, 10), range=(0.2, 1.0),
                              source="assumption; cf. 60% of parents of care-intensive children overworked or burnt "
                                     "out (Familievereniging Dichtbij QuickScan 2015)",
                              doc="Load on a carer living with a client who needs care at night (broken sleep).")
    work_strain: float = param(0.5, unit="fraction of the care load", bounds=(0, 5), range=(0.2, 1.0),
                               source="assumption; cf. about 40% of carers who combine ~31 h of work with ~21 h of care "
                                      "report (too) high time pressure (SCP 2019, second-hand)",
                               doc="Extra care load of a carer who combines the care with paid work.")
    recovery: float = param(0.1, unit="fraction/week", bounds=(0, 1), range=(0.05, 0.2), source=ASSUMPTION,
                            doc="Share of strain recovered each week.")
    respite_recovery: float = param(0.05, unit="fraction/week", bounds=(0, 1), range=(0.02, 0.1), source=ASSUMPTION,
                                    doc="Extra recovery of a carer who has respite care.")
    support_recovery: float = param(0.05, unit="fraction/week", bounds=(0, 1), range=(0, 0.1), source=ASSUMPTION,
                                    doc="Extra recovery when the professionals involve the carer.")
    # The thresholds' plausible ranges keep their order (each ends below the next begins) and bound the solved
    # quantiles; strain is in arbitrary units, so they are wide enough that the solved values fall inside them at
    # the loads the calibration finds (the fit with very_heavy 5.05-7.0 and overburdened 7.05-9.0 stopped at 7.05,
    # and the very heavily burdened share missed on fresh seeds: 3.5% against 3.1%).
    fairly_heavy: float = param(4.0, unit="strain", bounds=(0, 1000), range=(2.0, 4.5), source="calibration: CBS 2022 shares",
                                calibrate=True, doc="Threshold of the 'fairly heavily burdened' category.")
    very_heavy: float = param(6.1, unit="strain", bounds=(0, 1000), range=(4.55, 6.6), source="calibration: CBS 2022 shares",
                              calibrate=True, doc="Threshold of the 'very heavily burdened' category.")
    overburdened: float = param(7.5, unit="strain", bounds=(0, 1000), range=(6.65, 9.0), source="calibration: CBS 2022 shares",
                                calibrate=True, doc="Threshold of the 'overburdened' category.")
    burnout_weeks: int = param(8, unit="weeks", bounds=(1, 520), range=(4, 16), source=ASSUMPTION,
                               doc="Consecutive overburdened weeks that make a burnout.")
    dropout_per_week: float = param(0.05, unit="probability/week", bounds=(0, 1), range=(0.02, 0.15), source=ASSUMPTION,
                                    doc="Chance per week that a burned-out carer drops out.")
    coresident_dropout_ratio: float = param(
        0.25, unit="x dropout_per_week", bounds=(0, 1), range=(0.1, 0.5),
        source="assumption; cf. geographical proximity and available alternative carers keep care networks stable "
               "(Szinovacz & Davey, Ageing & Society 2012), spouses give more care and report more burden than "
               "children (Pinquart & Sörensen, Psychol. Aging 2011)",
        doc="Dropout chance of a burned-out carer who lives with the client (a partner or parent), relative to "
            "dropout_per_week: a household member cannot simply stop.")
    overloaded_fails: float = param(0.5, unit="probability", bounds=(0, 1), range=(0.3, 0.8), source=ASSUMPTION,
                                    doc="Chance a very heavily burdened or overburdened carer fails a task (taking up a gap, carrying an item).")
    overload_noticed: float = param(0.1, unit="probability/week", bounds=(0, 1), range=(0.05, 0.3), source=ASSUMPTION,
                                    doc="Chance per week a visiting professional notices a very heavily burdened carer.")

    @model_validator(mode="after")
    def _ordered_thresholds(self):
        if not (self.fairly_heavy < self.very_heavy < self.overburdened):
            raise ValueError("strain thresholds must increase: fairly_heavy < very_heavy < overburdened "
                             f"(got {self.fairly_heavy}, {self.very_heavy}, {self.overburdened})")
        return self


class Complaints(Section):
    """Dissatisfaction, complaints, their addresses and regimes."""

    harm_weight: float = param(1.0, unit="dissatisfaction/harm", bounds=(0, 100), range=(0.5, 2), source=ASSUMPTION,
                               doc="Dissatisfaction from a harm event.")
    unmet_weight: float = param(0.15, unit="dissatisfaction/unmet week", bounds=(0, 100), range=(0.05, 0.3),
                                source=ASSUMPTION, doc="Dissatisfaction per week with substantial unmet need.")
    contradiction_weight: float = param(0.3, unit="dissatisfaction/contradiction", bounds=(0, 100), range=(0.1, 0.6),
                                        source=ASSUMPTION, doc="Dissatisfaction from contradictory advice.")
    story_weight: float = param(0.1, unit="dissatisfaction/repeat", bounds=(0, 100), range=(0.05, 0.3),
                                source=ASSUMPTION, doc="Dissatisfaction from having to repeat one's story.")
    ignored_weight: float = param(0.2, unit="dissatisfaction/missed item", bounds=(0, 100), range=(0.05, 0.5),
                                  source=ASSUMPTION, doc="Dissatisfaction when an item meant for the carer misses them (being ignored).")
    decay: float = param(0.1, unit="fraction/week", bounds=(0, 1), range=(0.05, 0.2), source=ASSUMPTION,
                         doc="Dissatisfaction fading each week.")
    propensity: float = param(0.02, unit="probability/week per unit", bounds=(0, 1), range=(0.01, 0.06),
                              source="calibration: no published rate; output to explore", doc="Weekly complaint chance per unit of dissatisfaction.")
    knows_address: float = param(0.4, unit="probability", bounds=(0, 1), range=(0.2, 0.7),
                                 source="seed 003:L715 (no fixed contact point for questions or complaints)",
                                 doc="Chance the complainant picks a provider that owns part of the complaint.")
    forward: float = param(0.5, unit="probability", bounds=(0, 1), range=(0.2, 0.7),
                           source="seed 003:L722 ('betrokkenen wijzen naar elkaar')",
                           doc="Chance a non-owner that knows an owner forwards the complaint instead of bouncing it.")
    give_up: float = param(0.3, unit="probability/bounce", bounds=(0, 1), range=(0.1, 0.5), source=ASSUMPTION,
                           doc="Chance the complainant gives up after a bounce (doubled for an overloaded carer).")
    refile_weeks: float = param(2.0, unit="weeks (mean)", bounds=(0, 52), range=(1, 4), source=ASSUMPTION,
                                doc="Time the complainant takes to find a new address after a bounce.")
    handling_weeks: float = param(4.0, unit="weeks (mean)", bounds=(0.1, 52), range=(2, 8), source=ASSUMPTION,
                                  doc="Time an owner takes to answer its part.")
    wkkgz_deadline: int = param(6, unit="weeks", bounds=(1, 52),
                                source="calibration brief (Wkkgz: answer within 6 weeks; not in the seeds, cf. seed 003:L852)",
                                doc="Wkkgz answer deadline.")
    wkkgz_extension: int = param(4, unit="weeks", bounds=(0, 52), source="calibration (Wkkgz: extendable by 4 weeks)",
                                 doc="Wkkgz extension of the deadline.")
    extension_share: float = param(0.3, unit="probability", bounds=(0, 1), range=(0.1, 0.6), source=ASSUMPTION,
                                   doc="Chance a Wkkgz provider uses the extension.")
    other_deadline: int = param(10, unit="weeks", bounds=(1, 104), range=(6, 16),
                                source="assumption: Wmo and Jeugdwet set no deadline (seed 003:L856); a reasonable term",
                                doc="Term after which a Wmo or Jeugdwet complaint counts as unanswered.")


class Flows(Section):
    """Who enters and leaves the population living at home, and carers who take over (sim/processes/population.py).

    Clients leave by death, a move into a Wlz institution, recovery out of multiple needs, or (children) turning
    18; a new client of the same profile takes the place of each one who leaves, so the municipality's size and
    profile mix stay in a steady state. The heaviest clients can get a Wlz indication used at home.
    """

    open: bool = Field(True, description="Clients leave and enter, and dropped-out carers can be replaced. "
                                         "Off: a closed population (vignettes, where the story's people stay).",
                       json_schema_extra={"source": "design: a switch (the population scenarios are open, the "
                                                    "vignettes closed)"})
    mortality_at_65: float = param(0.011, unit="probability/year", bounds=(0, 1), range=(0.008, 0.014),
                                   source="CBS StatLine 37360ned (life table 2023, men): one-year death probability "
                                          "0.00694 at 61 and 0.0569 at 81; the Gompertz curve through them gives 0.011 "
                                          "at 65 (women lower: the range)",
                                   doc="General population's one-year death probability at age 65 (Gompertz "
                                       "anchor).")
    mortality_growth: float = param(0.105, unit="log-rate/year of age", bounds=(0, 0.3), range=(0.09, 0.12),
                                    source="CBS StatLine 37360ned (2023, men): ln(0.0569/0.00694)/20 = 0.105 per year "
                                           "of age between 61 and 81",
                                    doc="Gompertz slope: the death rate grows by exp(this) per year of age.")
    wlz_need_hours: float = param(25.0, unit="hours/week", bounds=(0, 200), range=(15, 40),
                                  source="assumption: Wlz is for who needs permanent supervision or 24-hour care "
                                         "nearby (Wlz art. 3.2.1); expressed as nursing plus support need",
                                  doc="Nursing plus support need above which a client can get a Wlz indication.")
    wlz_apply_per_year: float = param(1.0, unit="applications/client-year", bounds=(0, 52), range=(0.5, 3),
                                      source=ASSUMPTION,
                                      doc="Rate at which a client above the Wlz threshold applies (through whoever "
                                          "arranges; at the professionals' initiative rate if nobody does).")
    institution_wait_weeks: float = param(12.0, unit="weeks (mean)", bounds=(0, 260), range=(4, 40),
                                          source="assumption; cf. about 22,000 waiting for a nursing-home place "
                                                 "beside 122,000 living in one, 1 Oct 2023 (ActiZ)",
                                          doc="Waiting time for a place in an institution after the indication.")
    carer_replacement: float = param(0.4, unit="probability", bounds=(0, 1), range=(0.2, 0.7), source=ASSUMPTION,
                                     doc="Chance a carer who drops out is replaced by another member of the family "
                                         "or social circle (else by no one).")
    replacement_weeks: float = param(8.0, unit="weeks (mean)", bounds=(0, 520), range=(2, 26), source=ASSUMPTION,
                                     doc="Mean time until the replacing carer starts.")
    entry_arranged_share: float = param(0.5, unit="fraction of domains", bounds=(0, 1), range=(0.2, 0.8),
                                        source=ASSUMPTION,
                                        doc="Chance that a need a new client enters with has its care already "
                                            "arranged (else it has to be found and arranged).")


class Costs(Section):
    """Money flows. Provider hours are priced at their role's tariff."""

    admission_week: float = param(4000.0, unit="EUR/week", bounds=(0, 1e5), range=(2500, 7000), source=ASSUMPTION,
                                  doc="Cost of a week of admission (Zvw).")
    wmo_copay: float = param(4.4, unit="EUR/week", bounds=(0, 1000), range=(0, 10),
                             source="assumption: Wmo subscription rate ~EUR 19/month", doc="Client co-payment per week with Wmo care.")
    wlz_copay: float = param(40.0, unit="EUR/week", bounds=(0, 1000), range=(10, 100), source=ASSUMPTION,
                             doc="Client co-payment per week with Wlz care.")
    zvw_deductible: float = param(385.0, unit="EUR/year", bounds=(0, 5000), range=(385, 885),
                                  source="Zvw eigen risico 2024: EUR 385 a year (general knowledge, not in the seeds); "
                                         "GP and district nursing are exempt",
                                  doc="Zvw deductible (eigen risico), paid by a client in a week with Zvw mental "
                                      "health care or a hospital stay, spread over the year (EUR/52 a week).")
    carer_hour_value: float = param(15.0, unit="EUR/hour", bounds=(0, 200), range=(10, 25), source=ASSUMPTION,
                                    doc="Shadow price of an informal care hour (reported apart from payers).")


# --------------------------------------------------------------------------- policies

class RegiebehandelaarParams(Section):
    """A lead professional with mandate (seed 003 §5.1, recommendation 4)."""

    caseload_limit: int = param(25, unit="clients/coordinator", bounds=(1, 1000), range=(10, 50), source=ASSUMPTION,
                                doc="Clients a regiebehandelaar can lead before quality drops.")
    hours_per_client: float = param(0.25, unit="hours/client-week", bounds=(0, 20), range=(0.1, 0.5), source=ASSUMPTION,
                                    doc="Standing coordination time per client (overview, contact point).")
    convene_hours: float = param(1.5, unit="hours/transition", bounds=(0, 40), range=(0.5, 3), source=ASSUMPTION,
                                 doc="Time to convene the network at a transition.")
    item_hours: float = param(0.2, unit="hours/item", bounds=(0, 10), range=(0.1, 0.5), source=ASSUMPTION,
                              doc="Time to relay one handover item.")
    request_hours: float = param(1.0, unit="hours/request", bounds=(0, 40), range=(0.5, 3), source=ASSUMPTION,
                                 doc="Time to arrange one request for the client.")
    complaint_hours: float = param(2.0, unit="hours/complaint", bounds=(0, 40), range=(1, 4), source=ASSUMPTION,
                                   doc="Time to route and watch one complaint.")
    carer_keeps_share: float = param(0.3, unit="fraction of regelwerk", bounds=(0, 1), range=(0.1, 0.5),
                                     source="assumption; cf. seed 003:L1885-1903 (the plan records which tasks "
                                            "informal carers take on) and L434-437 (carers arrange and keep overview)",
                                     doc="Share of the arranging work that stays with the family under a "
                                         "regiebehandelaar: practical matters, appointments, the carer's own tasks.")
    watch_carer: float = param(0.5, unit="probability/week", bounds=(0, 1), range=(0.2, 0.8),
                               source="assumption; cf. seed 003 §5.2d (regiebehandelaar's special duty regarding informal care)",
                               doc="Chance per week a regiebehandelaar within caseload notices a very heavily burdened carer.")
    mandate_wmo: bool = Field(True, description="May indicate Wmo support within the municipal frame (skips the Wmo desk).",
                              json_schema_extra={"source": "seed 003:L1363 (mandate and doorzettingsmacht)"})
    complaint_address: bool = Field(True, description="Is the client's central complaint address.",
                                    json_schema_extra={"source": "seed 003:L1364 (central complaint address)"})


class IntegralPgbParams(Section):
    """One budget across Wmo, Wlz, Zvw and Jeugdwet (seed 003 §5.2, Delft and Woerden)."""

    holders: Literal["client", "client_or_proxy", "client_or_carer"] = Field(
        "client_or_carer", description="Who may hold the budget: the client only, or a proxy, or any active carer.",
        json_schema_extra={"source": "seed 003 §5.2 (Delft and Woerden: the budget held with the family); which "
                                     "holders: assumption"})
    indication_weeks: tuple[int, int] = Field((2, 6), description="One plan with one municipal consultant (weeks).",
                                              json_schema_extra={"unit": "weeks", "source": ASSUMPTION, "range": [2, 6]})
    admin_hours: float = param(1.0, unit="hours/week", bounds=(0, 40), range=(0.5, 2), source=ASSUMPTION,
                               doc="Budget administration falling on the holder.")
    settlement_delay: float = param(0.3, unit="probability/arrangement", bounds=(0, 1), range=(0.1, 0.5),
                                    source="seed 003 §5.2 (settlement between payers, pre-financing)",
                                    doc="Chance care bought from the budget starts late because payers settle.")
    settlement_weeks: int = param(4, unit="weeks", bounds=(0, 52), range=(2, 8), source=ASSUMPTION,
                                  doc="Delay when settlement holds up the start.")
    admin_cost: float = param(6.0, unit="EUR/week", bounds=(0, 1000), range=(3, 12), source=ASSUMPTION,
                              doc="Cost of budget administration (paid by the municipality).")
    revision_hours: float = param(1.0, unit="hours/request", bounds=(0, 40), range=(0.5, 2),
                                  source="assumption; seed 003:L1922-1926 (one plan with one contact person)",
                                  doc="Regelwerk of a budget holder's later request: a revision of the one plan with "
                                      "the same consultant, instead of a desk per law.")
    continuity_share: float = param(0.5, unit="probability", bounds=(0, 1), range=(0.2, 0.8),
                                    source="assumption; seed 003:L1929-1930 (the holder carries out their own plan)",
                                    doc="Chance a budget holder keeps a professional who leaves their organisation "
                                        "(hired through the budget), so no handover follows.")
    informal_pay_share: float = param(0.4, unit="fraction of budget holders", bounds=(0, 1), range=(0.2, 0.6),
                                      source="VWS/KPMG 2021: 40% of pgb holders combine formal and informal care; "
                                             "EUR 1.4 of 2.6 billion pgb spending went to informal care (2019)",
                                      doc="Share of budget holders who pay their carer from the budget.")
    informal_rate: float = param(22.0, unit="EUR/hour", bounds=(0, 200), range=(15, 30), source=ASSUMPTION,
                                 doc="What the budget pays a carer per hour of care beyond gebruikelijke zorg.")
    unmanaged_per_year: float = param(0.03, unit="probability/holder-year", bounds=(0, 1), range=(0.01, 0.1),
                                      source=ASSUMPTION,
                                      doc="Chance per year that a holder can no longer manage the budget: it is "
                                          "withdrawn and care goes back to care in kind.")
    fraud_share: float = param(0.02, unit="fraction of budget spending", bounds=(0, 1), range=(0, 0.05),
                               source=ASSUMPTION,
                               doc="Share of what the budget pays out that buys no care (fraud, misspending); a "
                                   "cost to the payers without hours.")


class DigitalPlanParams(Section):
    """A client-owned digital care-and-life plan (persoonlijk zorgleefplan, seed 003 §5.1)."""

    connected_share: float = param(0.21, unit="fraction of professionals", bounds=(0, 1), range=(0.1, 0.6),
                                   source="calibration: 21% of invited professionals took part (Congredi, JMIR 2016)",
                                   calibrate=True, doc="Share of professionals (posts) taking part in the plan.")
    carer_access: bool = Field(True, description="The primary carer can read and record in the plan (proxy access).",
                               json_schema_extra={"source": ASSUMPTION})
    upkeep_hours: float = param(0.05, unit="hours/client-week per connected post", bounds=(0, 10), range=(0.02, 0.2),
                                source=ASSUMPTION, doc="Recording time to keep the plan up to date.")
    item_hours: float = param(0.15, unit="hours/item", bounds=(0, 10), range=(0.05, 0.3), source=ASSUMPTION,
                              doc="Recording time per handover item put in the plan.")
    platform_cost: float = param(1.0, unit="EUR/client-week", bounds=(0, 100), range=(0.5, 3), source=ASSUMPTION,
                                 doc="Platform cost per client with a plan (split Zvw/Wmo).")


class ProxyParams(Section):
    """A formal proxy (volmacht) for clients who want regie but cannot hold it (seed 003 aanbeveling 3)."""

    register_share: float = param(0.8, unit="probability", bounds=(0, 1), range=(0.5, 1), source=ASSUMPTION,
                                  doc="Share of eligible clients whose carer actually becomes a registered proxy.")


class Policies(Section):
    """Parameters of the policy building blocks and the stepped composition."""

    regiebehandelaar: RegiebehandelaarParams = Field(default_factory=RegiebehandelaarParams)
    integral_pgb: IntegralPgbParams = Field(default_factory=IntegralPgbParams)
    digital_plan: DigitalPlanParams = Field(default_factory=DigitalPlanParams)
    proxy: ProxyParams = Field(default_factory=ProxyParams)
    stepped: list[Literal["digital_plan", "proxy", "regiebehandelaar", "integral_pgb"]] = Field(
        default_factory=lambda: ["digital_plan", "proxy", "regiebehandelaar"],
        description="Building blocks the stepped approach combines (seed 003 §4: plan for all, proxy for who "
                    "wants but cannot, regiebehandelaar for who cannot or will not); they are set up in the fixed "
                    "order digital_plan, proxy, regiebehandelaar, integral_pgb.",
        json_schema_extra={"source": "seed 003 §4 (the RVS's stepped approach)"})


# --------------------------------------------------------------------------- scenario

class ScenarioParams(Section):
    """A complete, validated scenario."""

    name: str = Field("default", description="Scenario name.")
    description: str = Field("", description="What the scenario represents.")
    years: float = param(5.0, unit="years", bounds=(0.02, 100), source="user choice", doc="Default simulated years.")
    warmup_years: float = param(3.0, unit="years", bounds=(0, 50), range=(2, 5),
                                source="assumption: long enough that the headline shares are stationary "
                                       "(tests/functional/test_stationarity.py, docs/validation.md)",
                                doc="Years simulated before week 0, under the policy, so that the population, "
                                    "carers and networks reach their steady state; outcomes count only the "
                                    "weeks after it.")
    population: Population = Field(default_factory=Population)
    workforce: Workforce = Field(default_factory=Workforce)
    needs: Needs = Field(default_factory=Needs)
    arranging: Arranging = Field(default_factory=Arranging)
    handover: Handover = Field(default_factory=Handover)
    alignment: Alignment = Field(default_factory=Alignment)
    strain: Strain = Field(default_factory=Strain)
    complaints: Complaints = Field(default_factory=Complaints)
    flows: Flows = Field(default_factory=Flows)
    costs: Costs = Field(default_factory=Costs)
    policies: Policies = Field(default_factory=Policies)

    @model_validator(mode="after")
    def _laws_allowed(self):
        for name, profile in self.population.profiles.items():
            for domain, field in (("nursing", "nursing_law"), ("support", "support_law"), ("mental", "mental_law")):
                law = getattr(profile, field)
                if law not in DOMAIN_LAWS[domain]:
                    raise ValueError(f"population.profiles.{name}.{field} = {law!r} not allowed "
                                     f"(allowed: {', '.join(DOMAIN_LAWS[domain])})")
        for field in ("zvw_weeks", "wlz_weeks", "wmo_weeks", "jeugdwet_weeks"):
            lo, hi = getattr(self.arranging, field)
            if not 0 <= lo <= hi <= 104:
                raise ValueError(f"arranging.{field} = [{lo}, {hi}] not allowed (allowed: 0 <= min <= max <= 104)")
        lo, hi = self.policies.integral_pgb.indication_weeks
        if not 0 <= lo <= hi <= 104:
            raise ValueError(f"policies.integral_pgb.indication_weeks = [{lo}, {hi}] not allowed "
                             "(allowed: 0 <= min <= max <= 104)")
        return self
