"""The team's measures: one pathway's PSFS/checklist/goals, the leader's board and the run charts.

The heavy lifting per pathway (first conversation, PSFS dates, latest checklist and CFS) is done by a few
grouped SQL queries over the cohort; the measures themselves come from app/domain (psfs, checklist,
runchart, due) so a rule lives in one place. The stage rule (HPH phase) is defined here and in
docs/measures.md.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select

from app import audit
from app.access import Actor, require_role
from app.domain.content_store import checklist_template, psfs_rules
from app.errors import Forbidden, ValidationFailed
from app.extensions import db
from app.models import CfsScore, ChecklistRecord, Conversation, Pathway, Patient, PsfsAssessment, Team
from app.services.records import pathway_scope

CONVERSATION_WITHIN_DAYS = 3
GP_CHECK_WITHIN_DAYS = 14
CFS_ALERT_FROM = 6
DEFAULT_PERIOD_WEEKS = 26
MAX_PERIOD_DAYS = 5 * 366
RULE_SETS = ("anhoej", "ihi")
DEFAULT_RULES = "anhoej"
# The board lists at most this many rows each (most urgent first) and says how many there are in all.
LIST_LIMIT = 100
OVERDUE_SHOWN_DAYS = 28

STAGES = {
    # code: (HPH phase, label in bokmål)
    "before_homecoming": ("HPH0–1", "Før hjemkomst"),
    "assessment": ("HPH2", "Strukturert kartlegging"),
    "gp_check": ("HPH3", "Forberede legekontroll"),
    "follow_up": ("HPH5", "Venter på fireukersevaluering"),
    "evaluated": ("HPH5", "Fireukersevaluering gjort"),
    "closed": ("—", "Avsluttet"),
}


# ---------------------------------------------------------------------------------------------- scope
@dataclass(frozen=True)
class ReportScope:
    team_ids: tuple[str, ...]
    start: date
    end: date
    today: date


def report_scope(actor: Actor, team_id: str | None, start: date | None, end: date | None,
                 today: date | None = None) -> ReportScope:
    """Leaders see their own teams, admins every team of the organisation; nurses are refused."""
    require_role("leader", "admin")
    today = today or date.today()
    org_teams = set(db.session.scalars(select(Team.id).where(Team.org_id == actor.org_id)))
    allowed = org_teams if actor.is_admin else org_teams & set(actor.team_ids)
    if team_id:
        if team_id not in allowed:
            raise Forbidden("You can see reports for your own teams only; this team is not one of them.")
        teams = (team_id,)
    else:
        teams = tuple(sorted(allowed))
    end = end or today
    start = start or end - timedelta(weeks=DEFAULT_PERIOD_WEEKS)
    if start > end:
        raise ValidationFailed("Check 'from': the period starts after it ends.",
                               {"from": [f"Must be on or before {end.isoformat()}."]})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationFailed("Check 'from': the period is longer than five years; choose a shorter one.",
                               {"from": ["The period may be at most five years."]})
    return ReportScope(teams, start, end, today)


# ---------------------------------------------------------------------------------------------- facts
@dataclass
class PathwayFacts:
    """What the board and the run charts need to know about one pathway, read in a few grouped queries."""

    pathway_id: str
    patient_id: str
    team_id: str
    start_date: date
    end_date: date | None
    status: str
    first_conversation: date | None = None
    baseline_on: date | None = None
    follow_up_on: date | None = None
    checklist_items: dict | None = None
    cfs: int | None = None
    cfs_on: date | None = None
    extra: dict = field(default_factory=dict)


def cohort_query(scope: ReportScope):
    """Pathways of the teams in scope that started within the period."""
    return (select(Pathway.id).join(Patient, Patient.id == Pathway.patient_id)
            .where(Patient.team_id.in_(scope.team_ids), Pathway.start_date >= scope.start,
                   Pathway.start_date <= scope.end))


def load_facts(scope: ReportScope) -> list[PathwayFacts]:
    if not scope.team_ids:
        return []
    cohort = cohort_query(scope).scalar_subquery()
    rows = db.session.execute(
        select(Pathway.id, Pathway.patient_id, Patient.team_id, Pathway.start_date, Pathway.end_date,
               Pathway.status)
        .join(Patient, Patient.id == Pathway.patient_id)
        .where(Pathway.id.in_(cohort))
        .order_by(Pathway.start_date, Pathway.created_at, Pathway.id)).all()
    facts = {r.id: PathwayFacts(r.id, r.patient_id, r.team_id, r.start_date, r.end_date, r.status)
             for r in rows}
    if not facts:
        return []

    current_conv = Conversation.superseded_at.is_(None)
    for pathway_id, first in db.session.execute(
            select(Conversation.pathway_id, func.min(Conversation.held_on))
            .where(current_conv, Conversation.pathway_id.in_(cohort)).group_by(Conversation.pathway_id)):
        facts[pathway_id].first_conversation = first

    current_psfs = PsfsAssessment.superseded_at.is_(None)
    for pathway_id, kind, first in db.session.execute(
            select(PsfsAssessment.pathway_id, PsfsAssessment.kind, func.min(PsfsAssessment.assessed_on))
            .where(current_psfs, PsfsAssessment.pathway_id.in_(cohort))
            .group_by(PsfsAssessment.pathway_id, PsfsAssessment.kind)):
        if kind == "baseline":
            facts[pathway_id].baseline_on = first
        else:
            facts[pathway_id].follow_up_on = first

    # Latest current checklist record per pathway: ordered so the last one seen wins.
    for pathway_id, items in db.session.execute(
            select(ChecklistRecord.pathway_id, ChecklistRecord.items)
            .where(ChecklistRecord.superseded_at.is_(None), ChecklistRecord.pathway_id.in_(cohort))
            .order_by(ChecklistRecord.recorded_on, ChecklistRecord.recorded_at, ChecklistRecord.pk)):
        facts[pathway_id].checklist_items = items

    for pathway_id, score, on in db.session.execute(
            select(CfsScore.pathway_id, CfsScore.score, CfsScore.assessed_on)
            .where(CfsScore.superseded_at.is_(None), CfsScore.pathway_id.in_(cohort))
            .order_by(CfsScore.assessed_on, CfsScore.recorded_at, CfsScore.pk)):
        facts[pathway_id].cfs, facts[pathway_id].cfs_on = score, on
    return list(facts.values())


# ---------------------------------------------------------------------------------------------- rules
def pathway_stage(f: PathwayFacts, today: date) -> str:
    """The pathway's HPH stage from its dates and entries (documented in docs/measures.md).

    HPH4 (worsening) and HPH6 (readmission) are events that can happen in any stage, not stages.
    """
    if f.status == "closed" or (f.end_date is not None and f.end_date < today):
        return "closed"
    if f.start_date > today:
        return "before_homecoming"
    if f.first_conversation is None or f.baseline_on is None:
        return "assessment"
    if f.follow_up_on is not None:
        return "evaluated"
    gp_status = (f.checklist_items or {}).get("hph3_gp_check_2_weeks")
    if gp_status not in ("done", "not_applicable") and (today - f.start_date).days < GP_CHECK_WITHIN_DAYS:
        return "gp_check"
    return "follow_up"


def conversation_deadline(f: PathwayFacts) -> date:
    return f.start_date + timedelta(days=CONVERSATION_WITHIN_DAYS)


def conversation_missed(f: PathwayFacts, today: date) -> bool:
    """The 3-day deadline has passed without a «Hva er viktig for deg?» conversation held by then."""
    deadline = conversation_deadline(f)
    return deadline < today and (f.first_conversation is None or f.first_conversation > deadline)


# The measures' rules live in app/domain (pure, shared with the tablet's test vectors); each is reached
# through one adapter here, imported on first use.
def _domain(name: str):
    return importlib.import_module(f"app.domain.{name}")


def fulfilment(items: dict | None) -> float | None:
    if items is None:
        return None
    return _domain("checklist").fulfilment(items)


def follow_up_due(baseline_on: date | None, follow_up_on: date | None) -> date | None:
    return _domain("due").follow_up_due(baseline_on, follow_up_on)


def psfs_mean(activities: list[dict]) -> float | None:
    return _domain("psfs").mean_score(activities)


def psfs_compare(baseline: list[dict], follow_up: list[dict] | None) -> dict:
    return _domain("psfs").compare(baseline, follow_up)


def psfs_thresholds() -> dict:
    return dict(psfs_rules()["important_change"])


def analyse(values: list[float]) -> dict:
    """{median, useful, flags: [{rule_set: [rule, …]} per point], signals: {rule_set: {signal, checks}}}"""
    return _domain("runchart").analyse(values)


# ---------------------------------------------------------------------------------------------- board
def board(actor: Actor, scope: ReportScope) -> dict:
    facts = load_facts(scope)
    today = scope.today
    stages = Counter(pathway_stage(f, today) for f in facts)
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)

    due = []
    for f in facts:
        if pathway_stage(f, today) in ("closed", "before_homecoming"):
            continue
        item = follow_up_due(f.baseline_on, f.follow_up_on)
        # Overdue for more than OVERDUE_SHOWN_DAYS is a missed follow-up: the run chart counts it.
        if item is not None and week_start - timedelta(days=OVERDUE_SHOWN_DAYS) <= item <= week_end:
            due.append(_row(f, due_on=item.isoformat(), overdue=item < week_start))
    due.sort(key=lambda r: r["due_on"])

    missing = [_row(f, deadline=conversation_deadline(f).isoformat(),
                    held_on=f.first_conversation.isoformat() if f.first_conversation else None)
               for f in reversed(facts) if conversation_missed(f, today)]

    not_done = Counter()
    answered = Counter()
    for f in facts:
        for key, status in (f.checklist_items or {}).items():
            answered[key] += 1
            if status == "not_done":
                not_done[key] += 1
    texts = {item["key"]: item for item in checklist_template()["items"]}
    not_done_items = [{"key": key, "phase": texts.get(key, {}).get("phase"),
                       "text": texts.get(key, {}).get("text", {}).get("nb", key),
                       "not_done": count, "answered": answered[key]}
                      for key, count in not_done.most_common() if count]

    frail = sorted((_row(f, cfs=f.cfs, cfs_on=f.cfs_on.isoformat()) for f in facts
                    if f.cfs is not None and f.cfs >= CFS_ALERT_FROM and pathway_stage(f, today) != "closed"),
                   key=lambda r: -r["cfs"])

    totals = {"follow_up_due": len(due), "conversation_missing": len(missing), "cfs_high": len(frail)}
    due, missing, frail = due[:LIST_LIMIT], missing[:LIST_LIMIT], frail[:LIST_LIMIT]
    shown = {r["patient_id"]: r["pathway_id"] for r in (*due, *missing, *frail)}
    # Names only for the rows shown, and each of those patients audited as read.
    names = _patient_names(shown)
    for r in (*due, *missing, *frail):
        r["patient_name"] = names.get(r["patient_id"], "")
    audit.record_reads("pathway", [(pw, pt) for pt, pw in shown.items()], "board")
    return {
        **_scope_dict(scope),
        "pathways": len(facts),
        "stages": [{"code": code, "phase": phase, "label": label, "count": stages.get(code, 0)}
                   for code, (phase, label) in STAGES.items()],
        "week": {"from": week_start.isoformat(), "to": week_end.isoformat()},
        "follow_up_due": due,
        "conversation_missing": missing,
        "checklist_not_done": not_done_items,
        "cfs_high": frail,
        "totals": totals,
        "list_limit": LIST_LIMIT,
    }


def _patient_names(patient_ids: Iterable[str]) -> dict[str, str]:
    ids = list(patient_ids)
    names: dict[str, str] = {}
    for chunk in range(0, len(ids), 500):
        for pid, given, family in db.session.execute(
                select(Patient.id, Patient.given_name, Patient.family_name)
                .where(Patient.id.in_(ids[chunk:chunk + 500]))):
            names[pid] = f"{given} {family}"
    return names


def _row(f: PathwayFacts, **extra) -> dict:
    return {"pathway_id": f.pathway_id, "patient_id": f.patient_id, "patient_name": "", "team_id": f.team_id,
            "start_date": f.start_date.isoformat(), **extra}


def _scope_dict(scope: ReportScope) -> dict:
    return {"team_ids": list(scope.team_ids), "from": scope.start.isoformat(), "to": scope.end.isoformat(),
            "today": scope.today.isoformat()}


# ---------------------------------------------------------------------------------------------- run charts
def runcharts(actor: Actor, scope: ReportScope, rules: str = DEFAULT_RULES) -> dict:
    if rules not in RULE_SETS:
        raise ValidationFailed(f"Check 'rules': unknown rule set '{rules}'.",
                               {"rules": [f"Must be one of {', '.join(RULE_SETS)}."]})
    facts = load_facts(scope)
    points = []
    for f in facts:
        value = fulfilment(f.checklist_items)
        if value is not None:
            points.append({"label": f.start_date.isoformat(), "pathway_id": f.pathway_id, "value": value})
    checklist_chart = _chart(points, rules, "Sjekklisteoppfyllelse per forløp (%)",
                             "Forløp i rekkefølge etter startdato", unit="%")
    weekly = follow_up_share_by_week(scope)
    follow_up_chart = _chart(weekly, rules, "Andel forløp med PSFS-oppfølging (%)",
                             "ISO-uke forløpet startet", unit="%")
    audit.record("read", "report", None, None, f"runcharts teams={','.join(scope.team_ids)}")
    return {**_scope_dict(scope), "rules_in_force": rules, "checklist_fulfilment": checklist_chart,
            "psfs_follow_up_share": follow_up_chart}


def follow_up_share_by_week(scope: ReportScope) -> list[dict]:
    """Per ISO week of pathway start: share of pathways with a PSFS follow-up.

    Only weeks whose pathways have all passed the follow-up window (start + 28 + 7 days) count, so the
    latest weeks do not show as failures before the follow-up could be done. Grouped in SQL by start date.
    """
    if not scope.team_ids:
        return []
    settle = _follow_up_settle_days()
    last_start = min(scope.end, scope.today - timedelta(days=settle))
    has_follow_up = (select(PsfsAssessment.pathway_id)
                     .where(PsfsAssessment.kind == "follow_up", PsfsAssessment.superseded_at.is_(None))
                     .scalar_subquery())
    done = func.sum(case((Pathway.id.in_(has_follow_up), 1), else_=0))
    rows = db.session.execute(
        select(Pathway.start_date, func.count(Pathway.id), done)
        .join(Patient, Patient.id == Pathway.patient_id)
        .where(Patient.team_id.in_(scope.team_ids), Pathway.start_date >= scope.start,
               Pathway.start_date <= last_start)
        .group_by(Pathway.start_date).order_by(Pathway.start_date)).all()
    weeks: dict[str, list[int]] = {}
    for start_date, total, completed in rows:
        year, week, _ = start_date.isocalendar()
        key = f"{year}-W{week:02d}"
        counts = weeks.setdefault(key, [0, 0])
        counts[0] += int(completed or 0)
        counts[1] += int(total)
    return [{"label": key, "value": round(100 * done_ / total, 1), "numerator": done_, "denominator": total}
            for key, (done_, total) in weeks.items()]


def _follow_up_settle_days() -> int:
    rules = psfs_rules()
    return int(rules["follow_up_after_days"]) + int(rules["follow_up_window_days"])


def _chart(points: list[dict], rules: str, title: str, x_label: str, unit: str) -> dict:
    """A chart as the board draws it: points with their per-rule-set flags, the median, the signals."""
    analysis = analyse([p["value"] for p in points])
    for point, flags in zip(points, analysis["flags"], strict=True):
        point["flags"] = flags
    return {"title": title, "x_label": x_label, "unit": unit, "rules_in_force": rules, "points": points,
            "median": analysis["median"], "n": len(points), "useful": analysis["useful"],
            "signals": analysis["signals"]}


# ---------------------------------------------------------------------------------------------- one pathway
def pathway_measures(actor: Actor, pathway_id: str, today: date | None = None) -> dict:
    pathway, scope = pathway_scope(actor, pathway_id)
    today = today or date.today()
    psfs_rows = current_entries(PsfsAssessment, pathway_id, PsfsAssessment.assessed_on)
    checklists = current_entries(ChecklistRecord, pathway_id, ChecklistRecord.recorded_on)
    conversations = current_entries(Conversation, pathway_id, Conversation.held_on)
    cfs_rows = current_entries(CfsScore, pathway_id, CfsScore.assessed_on)
    facts = PathwayFacts(
        pathway.id, pathway.patient_id, scope.team_id, pathway.start_date, pathway.end_date, pathway.status,
        first_conversation=min((c.held_on for c in conversations), default=None),
        baseline_on=next((p.assessed_on for p in psfs_rows if p.kind == "baseline"), None),
        follow_up_on=next((p.assessed_on for p in psfs_rows if p.kind == "follow_up"), None),
        checklist_items=checklists[-1].items if checklists else None,
        cfs=cfs_rows[-1].score if cfs_rows else None)
    stage = pathway_stage(facts, today)
    audit.record("read", "pathway", pathway_id, scope.patient_id, "measures")
    return {
        "pathway_id": pathway.id,
        "patient_id": pathway.patient_id,
        "start_date": pathway.start_date.isoformat(),
        "status": pathway.status,
        "stage": {"code": stage, "phase": STAGES[stage][0], "label": STAGES[stage][1]},
        "psfs": psfs_measure(psfs_rows),
        "checklist": checklist_measure(checklists[-1] if checklists else None),
        "conversation": {
            "deadline": conversation_deadline(facts).isoformat(),
            "held_within_deadline": (facts.first_conversation is not None
                                     and facts.first_conversation <= conversation_deadline(facts)),
            "history": [conversation_dict(c) for c in conversations],
        },
        "goals": conversation_dict(conversations[-1])["goals"] if conversations else [],
        "cfs": ({"score": cfs_rows[-1].score, "assessed_on": cfs_rows[-1].assessed_on.isoformat()}
                if cfs_rows else None),
        "follow_up_due_on": _iso(follow_up_due(facts.baseline_on, facts.follow_up_on)),
    }


def current_entries(model, pathway_id: str, date_column) -> list:
    return list(db.session.scalars(
        select(model).where(model.pathway_id == pathway_id, model.superseded_at.is_(None))
        .order_by(date_column, model.recorded_at, model.pk)))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def conversation_dict(c: Conversation) -> dict:
    return {"id": c.id, "version": c.version, "held_on": c.held_on.isoformat(),
            "participants": c.participants, "what_matters": c.what_matters, "goals": c.goals,
            "agreed_actions": c.agreed_actions,
            "next_follow_up": _iso(c.next_follow_up)}


def psfs_measure(rows: list[PsfsAssessment]) -> dict:
    """Baseline vs the latest follow-up, per activity and as means, with the important-change flag."""
    baseline = next((r for r in rows if r.kind == "baseline"), None)
    follow_ups = [r for r in rows if r.kind == "follow_up"]
    latest = follow_ups[-1] if follow_ups else None
    result = {
        "assessments": [{"id": r.id, "kind": r.kind, "assessed_on": r.assessed_on.isoformat(),
                         "mean": psfs_mean(r.activities), "activities": r.activities}
                        for r in rows],
        "baseline_on": _iso(baseline.assessed_on if baseline else None),
        "follow_up_on": _iso(latest.assessed_on if latest else None),
        "activities": [],
        "mean_baseline": psfs_mean(baseline.activities) if baseline else None,
        "mean_follow_up": psfs_mean(latest.activities) if latest else None,
        "mean_change": None,
        "important_change": None,
        "thresholds": psfs_thresholds(),
    }
    if baseline is None:
        return result
    change = psfs_compare(baseline.activities, latest.activities if latest else None)
    result.update(change)
    return result


def checklist_measure(record: ChecklistRecord | None) -> dict | None:
    if record is None:
        return None
    template = checklist_template()
    counts = Counter(record.items.values())
    return {
        "record_id": record.id,
        "recorded_on": record.recorded_on.isoformat(),
        "template_version": record.template_version,
        "fulfilment": fulfilment(record.items),
        "done": counts.get("done", 0),
        "not_done": counts.get("not_done", 0),
        "not_applicable": counts.get("not_applicable", 0),
        "unanswered": len([i for i in template["items"] if i["key"] not in record.items]),
        "items": [{"key": i["key"], "phase": i["phase"], "text": i["text"]["nb"],
                   "status": record.items.get(i["key"])} for i in template["items"]],
    }
