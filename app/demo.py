"""Demo municipality «Fjordvik kommune»: teams, users and ~30 patients with pathways at every stage.

Everything clinical goes through `records.apply_change` as a real user on a real device, so the audit
log, the change feed and the entry versions look exactly as they would after a few weeks of use.
A fixed seed makes the data the same on every run; dates are relative to today.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from app.access import Actor, reset_actor, set_actor
from app.domain.content_store import checklist_item_keys
from app.extensions import db
from app.models import Device, Organisation, Team
from app.models.base import utcnow
from app.services.records import apply_change
from app.services.users import create_user
from app.sessions import actor_for

SEED = 20240611
ORGANISATION = "Fjordvik kommune"
TEAMS = ("Sone Nord", "Sone Sør")
POSTCODES = {"Sone Nord": "6812 Fjordvik", "Sone Sør": "6817 Fjordvik"}

# (username, display name, role, teams)
USERS = (
    ("lise", "Lise Lunde", "leader", TEAMS),
    ("kari", "Kari Nordmann", "nurse", ("Sone Nord",)),
    ("ingrid", "Ingrid Haugland", "nurse", ("Sone Nord",)),
    ("sofie", "Sofie Berg", "nurse", ("Sone Sør",)),
    ("jonas", "Jonas Lie", "nurse", ("Sone Sør",)),
    ("admin", "Arne Dahl", "admin", ()),
)

WOMEN = ("Ingeborg", "Solveig", "Astrid", "Ragnhild", "Gunvor", "Marit", "Bjørg", "Synnøve", "Randi",
         "Aud", "Liv", "Kirsten", "Eldbjørg", "Turid", "Berit", "Signe")
MEN = ("Olav", "Kåre", "Arne", "Einar", "Harald", "Sverre", "Leif", "Odd", "Bjarne", "Per", "Knut",
       "Trygve", "Håkon", "Egil")
FAMILIES = ("Johansen", "Hansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
            "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Eriksen", "Bakken", "Solberg", "Strand",
            "Moen", "Lund", "Holm", "Myhre", "Aasen", "Fjeld", "Nygård", "Sæther", "Brekke", "Vik",
            "Bjørnstad", "Rønning", "Hovland")
STREETS = {
    "Sone Nord": ("Strandvegen", "Fjordgata", "Kirkebakken", "Nordre Ringveg", "Sjøgata", "Havnegata",
                  "Furulia"),
    "Sone Sør": ("Skolevegen", "Bakkevegen", "Løkkevegen", "Møllevegen", "Granlia", "Solbakken",
                 "Prestegårdsvegen"),
}
RELATIVES = ("datter", "sønn", "ektefelle", "svigerdatter", "nabo")
RELATIVE_NAMES = ("Anne", "Tone", "Hilde", "Trond", "Geir", "Morten", "Elin", "Siri")

# Days since homecoming, one per patient: today, the first days, the GP check, the four-week evaluation
# and beyond. Shuffled over the patients.
START_OFFSETS = (0, 0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20, 22, 25, 27, 29, 30, 31, 33, 35, 38,
                 41, 44, 48, 52, 56, 60)


@dataclass(frozen=True)
class Profile:
    """What one patient said matters: the conversation and the PSFS activities that follow from it."""

    what_matters: str
    goals: tuple[str, ...]
    actions: tuple[str, ...]
    activities: tuple[str, ...]
    prompts: tuple[str, ...] = ("opener_now", "follow_tell_more", "mi_reflection", "closing_summarise_goals")
    only_for: str | None = None  # "woman" or "man" when the story names a spouse


PROFILES = (
    Profile("Å bo hjemme så lenge som mulig og klare hverdagen selv. Går hver dag til postkassen for å hente "
            "avisa – det er dagens tur, og den har blitt borte etter sykehusoppholdet. Redd for å falle på "
            "grusen.",
            ("Klare å gå til postkassen selv", "Lese avisa ved frokostbordet hver morgen"),
            ("Fysioterapeut starter gåtrening to ganger i uka", "Brodder og rullator med bremser vurderes",
             "Hjemmesykepleien følger opp legemidler morgen og kveld"),
            ("Gå til postkassen (80 meter)", "Gå i trappa til andre etasje", "Dusje selv", "Lage frokost")),
    Profile("Hytta ved vannet betyr alt. Har vært der hver sommer i femti år og vil dit i juli når "
            "barnebarna kommer. Må klare å gå på ujevnt terreng og sette seg inn og ut av bilen.",
            ("Komme meg på hytta i sommer", "Gå stien ned til brygga"),
            ("Gåtrening ute på ujevnt underlag med fysioterapeut", "Sønnen ordner gelender på hyttetrappa",
             "Ny vurdering av hjemmesykepleie ved hytteopphold"),
            ("Gå 300 meter på grusvei", "Sette seg inn og ut av bil", "Gå i trapp uten gelender",
             "Bære en bærepose")),
    Profile("Vil lage middag selv igjen. Har alltid vært den som lager mat i familien, og søndagsmiddagen "
            "med barna er ukas høydepunkt. Blir fort sliten av å stå ved benken.",
            ("Lage middag selv tre dager i uka", "Ha søndagsmiddag for familien igjen"),
            ("Ergoterapeut vurderer arbeidsstol på kjøkkenet", "Matombringing inntil videre på hverdager",
             "Vekt kontrolleres hver uke"),
            ("Stå ved kjøkkenbenken i 15 minutter", "Skrelle poteter",
             "Bære kjelen fra komfyren til bordet")),
    Profile("Kirkekoret på torsdager er det sosiale livet. Savner å synge og å treffe de andre. Pusten er "
            "dårlig etter lungebetennelsen, og bussen går 400 meter unna.",
            ("Synge i kirkekoret igjen før jul", "Ta bussen til sentrum alene"),
            ("Pusteøvelser med fysioterapeut", "Inhalasjonsteknikk gjennomgått med teach-back",
             "Fastlegen vurderer oksygenmetning ved kontroll"),
            ("Gå til bussholdeplassen", "Stå i en time", "Gå opp kirkebakken")),
    Profile("Å ta vare på ektefellen som har demens. Er redd for hva som skjer med henne om jeg ikke klarer "
            "meg. Det viktigste er å kunne være hjemme sammen.",
            ("Klare å hjelpe kona om morgenen", "Få avlastning en dag i uka"),
            ("Søknad om dagsenterplass for kona sendt", "Kontakt med pårørendeskolen",
             "Hjemmesykepleien kommer morgen og kveld i fire uker"),
            ("Hjelpe kona med påkledning", "Handle på butikken", "Sove natten gjennom"),
            ("opener_everyday", "follow_what_it_takes", "mi_affirmation", "closing_next_follow_up"),
            only_for="man"),
    Profile("Hunden Passopp må luftes, og naboen kan ikke gjøre det for alltid. Turene med hunden er det som "
            "holder meg i gang.",
            ("Gå tur med hunden to ganger om dagen", "Klare å bøye meg og ta på hunden båndet"),
            ("Gåtrening med fysioterapeut", "Naboen lufter hunden om kvelden til videre",
             "Smertelindring justert av fastlegen"),
            ("Gå 1 kilometer", "Bøye seg ned til gulvet", "Gå på glatt føre")),
    Profile("Å kle på meg selv om morgenen uten å vente på hjemmesykepleien. Vil bestemme selv når dagen "
            "begynner.",
            ("Kle på meg selv om morgenen", "Dusje uten hjelp"),
            ("Ergoterapeut vurderer strømpepåtrekker og dusjkrakk", "Trening av skulderbevegelighet",
             "Morgenbesøk flyttes til etter frokost"),
            ("Ta på sokker og sko", "Dusje selv", "Reise seg fra sengen", "Knappe skjorta")),
    Profile("Vil handle selv på butikken i sentrum. Det er der jeg treffer folk og hører nytt. Orker ikke "
            "å sitte inne hele dagen.",
            ("Handle på butikken selv hver uke", "Treffe venner på kafeen på lørdager"),
            ("Søknad om TT-kort", "Gåtrening med rullator", "Hjemmesykepleien følger opp blodsukker"),
            ("Gå rundt i butikken med handlevogn", "Bære varene hjem fra bilen",
             "Gå fra bussen til butikken")),
    Profile("Båten ligger i naustet, og fisket er livet. Vil ro ut og dra sei en gang til i høst.",
            ("Ro ut og fiske i høst", "Gå ned til naustet selv"),
            ("Styrketrening av armer og bein med fysioterapeut", "Sønnen blir med på første tur",
             "Redningsvest og mobil i vanntett lomme"),
            ("Gå ned den bratte stien til naustet", "Ro i 20 minutter", "Gå ombord i båten")),
    Profile("Å komme meg på seniorsenteret på onsdager og strikke med damene. Har vært ensom siden mannen "
            "døde, og senteret er det faste punktet i uka.",
            ("Gå på seniorsenteret hver onsdag", "Strikke lue til barnebarnet"),
            ("Transport til seniorsenteret ordnet", "Fastlegen vurderer svimmelhet og blodtrykkmedisin",
             "Trygghetsalarm montert"),
            ("Gå til drosjen og sette seg inn", "Sitte og strikke i en time", "Gå uten å bli svimmel"),
            only_for="woman"),
    Profile("Vil sove natten gjennom. Går på toalettet fem–seks ganger hver natt og er redd for å falle i "
            "mørket. Blir sliten og trist av det.",
            ("Sove natten gjennom uten å falle", "Være uthvilt nok til å gå tur om dagen"),
            ("Nattlys i gangen og på badet", "Fastlegen gjennomgår vanndrivende medisin",
             "Toalettforhøyer og støttehåndtak montert"),
            ("Gå til toalettet om natten", "Reise seg fra toalettet", "Gå tur på dagtid")),
    Profile("Hagen. Potetene skal i jorda i mai som de alltid har gjort, og rosene må stelles. Datteren sier "
            "jeg må ta det med ro, men uten hagen blir det ikke sommer.",
            ("Sette poteter i mai", "Stelle rosene selv"),
            ("Ergoterapeut vurderer høybed og knebrett", "Datteren hjelper med spadearbeidet",
             "Trening av balanse og beinstyrke"),
            ("Gå på gresset i hagen", "Sette seg på kne og reise seg igjen", "Bære vannkanna")),
    Profile("Å være med i barnebarnets konfirmasjon. Det er seks uker til, og jeg vil gå inn i kirken selv, "
            "ikke i rullestol.",
            ("Gå inn i kirken til konfirmasjonen", "Sitte gjennom middagen etterpå"),
            ("Gåtrening daglig med hjemmetrener", "Fastlegen justerer smertebehandling før konfirmasjonen"),
            ("Gå 100 meter med stokk", "Sitte i to timer", "Gå opp tre trappetrinn")),
    Profile("Å slippe å flytte på sykehjem. Vil klare det daglige selv med litt hjelp: stell, mat og "
            "medisiner. Sønnen er bekymret og vil at jeg skal flytte.",
            ("Bli boende hjemme", "Ta medisinene riktig selv med dosett"),
            ("Multidose og dosettopplæring med teach-back", "Felles møte med sønnen om planen",
             "Trygghetsalarm og fallmatte"),
            ("Ta medisiner til riktig tid", "Varme opp middag", "Gå fra stua til badet", "Vaske seg selv"),
            ("opener_manage_again", "teach_back_medicines", "mi_summary", "closing_summarise_goals")),
    Profile("Å komme meg ut på verandaen med kaffen om morgenen og se båtene. Terskelen er høy, og beina er "
            "svake etter hoftebruddet.",
            ("Drikke morgenkaffen på verandaen", "Gå ut og inn over terskelen selv"),
            ("Terskelramper vurdert av ergoterapeut", "Hoftetrening etter program fra sykehuset"),
            ("Gå over dørterskelen", "Bære koppen mens jeg går", "Reise seg fra lav stol")),
    Profile("Vil gå på ski i lysløypa igjen i vinter, i det minste en kort runde. Har gått på ski hele "
            "livet.",
            ("Gå en runde i lysløypa", "Komme i form til vinteren"),
            ("Hjertetrening etter plan fra sykehuset", "Fastlegen vurderer belastning ved kontroll"),
            ("Gå 2 kilometer i eget tempo", "Gå i motbakke", "Bære skiene til bilen")),
)


@dataclass
class Summary:
    users: list[tuple[str, str, str, str]] = field(default_factory=list)
    patients: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)


class DemoSeeder:
    """Writes the demo, one patient after another, as the nurse who would have done it."""

    def __init__(self, seed: int = SEED, today: date | None = None):
        self.rng = random.Random(seed)
        self.today = today or date.today()
        self.now = utcnow()
        self.zone = _oslo()
        self.summary = Summary()

    # Identities --------------------------------------------------------------------------------------
    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def when(self, day: date) -> datetime:
        """A visit time on that day, never in the future (the server refuses that)."""
        moment = datetime.combine(day, time(self.rng.randint(8, 14), self.rng.randrange(0, 60, 5)), self.zone)
        return min(moment, self.now - timedelta(minutes=self.rng.randint(5, 90)))

    @contextmanager
    def acting(self, actor: Actor) -> Iterator[Actor]:
        token = set_actor(actor)
        try:
            yield actor
        finally:
            reset_actor(token)

    def change(self, actor: Actor, entity: str, data: dict, *, day: date | None = None, op: str = "create",
               record_id: str | None = None, base_version: int | None = None) -> dict:
        with self.acting(actor):
            record = apply_change(actor, entity, op, record_id or self.new_id(), data, base_version,
                                  self.when(day) if day else None)
        self.summary.counts[f"{entity}_{op}"] += 1
        return record

    # The organisation --------------------------------------------------------------------------------
    def organisation(self) -> tuple[Organisation, dict[str, Team], dict[str, Actor]]:
        org = Organisation(id=self.new_id(), name=ORGANISATION)
        db.session.add(org)
        db.session.flush()
        teams = {name: Team(id=self.new_id(), org_id=org.id, name=name) for name in TEAMS}
        db.session.add_all(teams.values())
        db.session.flush()
        actors = {}
        for username, display_name, role, team_names in USERS:
            user = create_user(org.id, username, display_name, role, [teams[n].id for n in team_names])
            device = Device(id=f"demo-nettbrett-{username}", user_id=user.id,
                            label=f"Nettbrett {display_name}")
            db.session.add(device)
            actors[username] = actor_for(user, device.id)
            self.summary.users.append((username, display_name, role, ", ".join(team_names) or "alle"))
        db.session.flush()
        return org, teams, actors

    # One patient and her pathway ---------------------------------------------------------------------
    def patient(self, team: Team, nurses: list[Actor], index: int) -> tuple[dict, str]:
        sex = "woman" if self.rng.random() < 0.6 else "man"
        given = self.rng.choice(WOMEN if sex == "woman" else MEN)
        family = FAMILIES[index % len(FAMILIES)]
        born = date(self.rng.randint(1925, 1960), self.rng.randint(1, 12), self.rng.randint(1, 28))
        street = self.rng.choice(STREETS[team.name])
        address = f"{street} {self.rng.randint(1, 48)}, {POSTCODES[team.name]}"
        phone = f"{self.rng.choice('49')}{self.rng.randint(0, 9999999):07d}"
        phone = f"{phone[:3]} {phone[3:5]} {phone[5:]}"
        data = {"team_id": team.id, "given_name": given, "family_name": family,
                "birth_date": born.isoformat(), "address": address, "phone": phone}
        self.summary.patients[team.name] += 1
        return self.change(self.rng.choice(nurses), "patient", data), sex

    def pathway(self, patient: dict, sex: str, nurses: list[Actor], days_ago: int, plan: dict) -> None:
        start = self.today - timedelta(days=days_ago)
        nurse = self.rng.choice(nurses)
        pathway = self.change(nurse, "pathway",
                              {"patient_id": patient["id"], "start_date": start.isoformat()})
        pid = pathway["id"]
        profile = self.rng.choice([p for p in PROFILES if p.only_for in (None, sex)])
        first_visit = start + timedelta(days=self.rng.choice((1, 1, 2, 2, 3, 5)))
        if days_ago == 0 or plan["no_conversation"] or first_visit > self.today:
            # Homecoming today, or the conversation has not happened yet: the due list shows it.
            return
        conversation = self.conversation(nurse, pid, profile, first_visit)
        baseline = self.baseline(nurse, pid, profile, first_visit)
        self.change(nurse, "cfs", {"pathway_id": pid, "assessed_on": first_visit.isoformat(),
                                   "score": self.rng.choice((3, 4, 4, 5, 5, 5, 6, 6, 7))}, day=first_visit)
        if plan["amend_conversation"]:
            self.amend_conversation(self.rng.choice(nurses), conversation, first_visit + timedelta(days=3))
        if days_ago < 3:
            return
        checklist_day = max(start + timedelta(days=3), first_visit)
        if checklist_day > self.today:
            return
        checklist = self.checklist(nurse, pid, checklist_day, first_visit, start, final=None)
        follow_up_day = first_visit + timedelta(days=28 + self.rng.randint(-2, 3))
        if follow_up_day > self.today or plan["overdue"]:
            return
        followed_by = self.rng.choice(nurses)
        self.follow_up(followed_by, pid, baseline, follow_up_day, plan["add_activity"])
        final = {"readmitted": plan["readmitted"]}
        self.checklist(followed_by, pid, follow_up_day, first_visit, start, final=final, amends=checklist)
        close_day = follow_up_day + timedelta(days=self.rng.randint(3, 10))
        if plan["readmitted"] or close_day < self.today - timedelta(days=1):
            end = min(close_day, self.today)
            self.change(followed_by, "pathway", {"patient_id": patient["id"], "start_date": start.isoformat(),
                                                 "end_date": end.isoformat(), "status": "closed"},
                        op="amend", record_id=pid, base_version=pathway["version"])

    def conversation(self, nurse: Actor, pathway_id: str, profile: Profile, day: date) -> dict:
        participants = ["Pasienten", nurse.display_name]
        if self.rng.random() < 0.5:
            participants.append(f"{self.rng.choice(RELATIVE_NAMES)} ({self.rng.choice(RELATIVES)})")
        data = {
            "pathway_id": pathway_id,
            "held_on": day.isoformat(),
            "participants": participants,
            "what_matters": profile.what_matters,
            "goals": [{"id": self.new_id(), "text": text} for text in profile.goals],
            "agreed_actions": list(profile.actions),
            "prompts_used": list(profile.prompts),
            "next_follow_up": (day + timedelta(days=28)).isoformat(),
        }
        return self.change(nurse, "conversation", data, day=day)

    def amend_conversation(self, nurse: Actor, current: dict, day: date) -> None:
        """A correction the next week, after a relative added something: version 2 names version 1."""
        day = min(day, self.today)
        data = {name: current[name] for name in ("pathway_id", "held_on", "participants", "what_matters",
                                                  "agreed_actions", "prompts_used", "next_follow_up")}
        data["goals"] = [*current["goals"], {"id": self.new_id(), "text": "Ringe barnebarna på video selv"}]
        data["what_matters"] = (current["what_matters"] + " Tillegg etter samtale med pårørende: savner "
                                "kontakten med barnebarna, som bor i Oslo.")
        self.change(nurse, "conversation", data, day=day, op="amend", record_id=current["id"],
                    base_version=current["version"])

    def baseline(self, nurse: Actor, pathway_id: str, profile: Profile, day: date) -> dict:
        count = min(len(profile.activities), self.rng.randint(3, 5))
        activities = [{"id": self.new_id(), "name": name, "score": self.rng.randint(1, 5)}
                      for name in profile.activities[:count]]
        return self.change(nurse, "psfs", {"pathway_id": pathway_id, "kind": "baseline",
                                           "assessed_on": day.isoformat(), "activities": activities}, day=day)

    def follow_up(self, nurse: Actor, pathway_id: str, baseline: dict, day: date, add_activity: bool) -> None:
        # Most patients improve; some a lot (≥ 2 points on average, the important change), a few get worse.
        course = self.rng.choice(("much_better",) * 3 + ("better", "better", "same", "worse"))
        low, high = {"much_better": (2, 4), "better": (0, 2), "same": (-1, 1), "worse": (-3, 0)}[course]
        activities = [{**a, "score": max(0, min(10, a["score"] + self.rng.randint(low, high)))}
                      for a in baseline["activities"]]
        if add_activity and len(activities) < 5:
            activities.append({"id": self.new_id(), "name": "Gå til frisøren", "score": 4})
        mean_change = sum(f["score"] - b["score"] for f, b in zip(activities, baseline["activities"],
                                                                  strict=False)) / len(baseline["activities"])
        if mean_change >= 2:
            self.summary.counts["psfs_important_improvement"] += 1
        self.change(nurse, "psfs", {"pathway_id": pathway_id, "kind": "follow_up",
                                    "assessed_on": day.isoformat(), "activities": activities}, day=day)

    def checklist(self, nurse: Actor, pathway_id: str, day: date, first_visit: date, start: date,
                  final: dict | None, amends: dict | None = None) -> dict:
        """The HPH checklist: at day 3 with the early items, amended at the four-week evaluation."""
        chance = self.rng.random
        items = dict.fromkeys(checklist_item_keys(), "not_done")
        if amends is not None:
            items.update(amends["items"])
        else:
            items["hph0_hospital_info"] = "done" if chance() < 0.8 else "not_done"
            items["hph1_homecoming_prepared"] = "done" if chance() < 0.85 else "not_done"
            items["hph1_first_visit_same_day"] = "done" if chance() < 0.7 else "not_done"
            within_3 = (first_visit - start).days <= 3
            items["hph2_function_assessment_3_days"] = "done" if within_3 else "not_done"
            items["hph2_what_matters_psfs_baseline"] = "done"
            items["hph2_medication_reconciliation"] = "done" if chance() < 0.8 else "not_done"
            items["hph2_action_plan_from_goals"] = "done" if chance() < 0.7 else "not_done"
            items["hph6_readmission_info"] = "not_applicable"
        if final is not None:
            items["hph3_gp_check_2_weeks"] = "done" if chance() < 0.7 else "not_done"
            items["hph5_four_week_evaluation"] = "done"
            if items["hph2_action_plan_from_goals"] == "not_done" and chance() < 0.5:
                items["hph2_action_plan_from_goals"] = "done"
            items["hph6_readmission_info"] = "done" if final["readmitted"] else "not_applicable"
        data = {"pathway_id": pathway_id, "recorded_on": min(day, self.today).isoformat(), "items": items}
        if amends is None:
            return self.change(nurse, "checklist", data, day=min(day, self.today))
        return self.change(nurse, "checklist", data, day=min(day, self.today), op="amend",
                           record_id=amends["id"], base_version=amends["version"])

    # Everything ----------------------------------------------------------------------------------------
    def run(self) -> Summary:
        _, teams, actors = self.organisation()
        nurses = {name: [a for a in actors.values() if a.role == "nurse" and teams[name].id in a.team_ids]
                  for name in TEAMS}
        offsets = list(START_OFFSETS)
        self.rng.shuffle(offsets)
        plans = self.plans(offsets)
        for index, (days_ago, plan) in enumerate(zip(offsets, plans, strict=True)):
            team = teams[TEAMS[index % 2]]
            patient, sex = self.patient(team, nurses[team.name], index)
            self.pathway(patient, sex, nurses[team.name], days_ago, plan)
        return self.summary

    def plans(self, offsets: list[int]) -> list[dict]:
        """Which patients show the less tidy cases: a missing conversation, an overdue follow-up, …"""
        def by_age(low: int, high: int) -> list[int]:
            return [i for i, days in enumerate(offsets) if low <= days <= high]

        no_conversation = set(self.rng.sample(by_age(5, 20), 2))
        overdue = set(self.rng.sample(by_age(33, 41), 2))
        amended = set(self.rng.sample([i for i in by_age(10, 60) if i not in no_conversation], 3))
        followed = [i for i in by_age(38, 60) if i not in overdue]
        readmitted = {self.rng.choice(followed)}
        added = {self.rng.choice([i for i in followed if i not in readmitted])}
        return [{"no_conversation": i in no_conversation, "overdue": i in overdue,
                 "amend_conversation": i in amended, "readmitted": i in readmitted,
                 "add_activity": i in added} for i in range(len(offsets))]


def _oslo() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Oslo")
    except Exception:  # noqa: BLE001 - no time-zone database installed: UTC is close enough for a demo
        return UTC


def seed_demo(today: date | None = None) -> str:
    """Fill an empty database with the demo municipality; returns a summary to print."""
    summary = DemoSeeder(today=today).run()
    db.session.commit()
    return format_summary(summary)


def format_summary(summary: Summary) -> str:
    c = summary.counts
    pathways_closed = c["pathway_amend"]
    lines = [
        f"Demo data for {ORGANISATION}:",
        "  Teams: " + ", ".join(f"{name} ({summary.patients[name]} patients)" for name in TEAMS),
        f"  Pathways: {c['pathway_create']} ({c['pathway_create'] - pathways_closed} active, "
        f"{pathways_closed} closed)",
        f"  «Hva er viktig for deg?» conversations: {c['conversation_create']} "
        f"({c['conversation_amend']} amended to version 2)",
        f"  PSFS: {c['psfs_create']} assessments ({c['psfs_important_improvement']} follow-ups with a mean "
        f"improvement of 2 points or more)",
        f"  HPH checklists: {c['checklist_create']} ({c['checklist_amend']} completed at the four-week "
        f"evaluation); CFS scores: {c['cfs_create']}",
        "",
        "Users (no passkey needed with `viktig serve --demo`: it switches on the development login):",
    ]
    lines += [f"  {username:<8} {name:<18} {role:<7} {teams}"
              for username, name, role, teams in summary.users]
    lines += [
        "",
        "Log in: open the address `viktig serve` prints (http://localhost:8000/) and log in with a user",
        "name, e.g. kari (nurse, Sone Nord). From the command line:",
        "  curl -c jar -H 'Content-Type: application/json' -d '{\"username\": \"kari\"}' "
        "http://localhost:8000/api/v1/auth/dev-login",
        "  curl -b jar http://localhost:8000/api/v1/patients",
    ]
    return "\n".join(lines)
