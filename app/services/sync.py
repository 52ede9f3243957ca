"""Sync: apply a device's outbox batch exactly once, answering per mutation, and page the change feed."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from datetime import UTC, datetime

from marshmallow import RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import or_, select, text
from sqlalchemy.exc import IntegrityError, InterfaceError, InternalError, OperationalError

from app import audit
from app.access import Actor, reset_actor, set_actor, visible_team_ids
from app.errors import DomainError, VersionConflict, flatten_errors
from app.extensions import db
from app.models import AppliedMutation, ChangeLog, Device, Pathway, Patient, PocketCardSet
from app.services import pocket_cards, records
from app.services.serialize import to_record

log = logging.getLogger(__name__)

REUSED_ID = ("This mutation id was already used for other content, so this entry was not saved. "
             "Save it again as a new entry (the app gives it a new id).")
# Transient trouble with the database is not the entry's fault: fail the request so the device retries.
_TRANSIENT = (OperationalError, InterfaceError, InternalError)
_ENVELOPE = ("id", "entity", "entity_id", "op", "base_version", "recorded_at", "data")


class MutationSchema(Schema):
    """One outbox entry; a bad shape rejects this mutation only, never the batch."""

    class Meta:
        unknown = RAISE

    id = fields.UUID(required=True)
    entity = fields.String(required=True, validate=validate.OneOf(records.ENTITIES))
    entity_id = fields.UUID(required=True)
    op = fields.String(required=True, validate=validate.OneOf(("create", "amend")))
    base_version = fields.Integer(strict=True, allow_none=True, load_default=None,
                                  validate=validate.Range(min=1))
    recorded_at = fields.AwareDateTime(allow_none=True, load_default=None)
    data = fields.Dict(keys=fields.String(), required=True)


def fingerprint(entity: str, entity_id: str, op: str, base_version: int | None, data: dict) -> str:
    """SHA-256 of the canonical JSON of what the mutation does (docs/sync.md)."""
    canonical = json.dumps({"entity": entity, "entity_id": entity_id, "op": op,
                            "base_version": base_version, "data": data},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def touch_device(actor: Actor, device_id: str, outbox_size: int | None) -> Device:
    """Record that the device was heard from and how many entries it still holds; commits."""
    db.session.commit()
    try:
        return _save_device(actor, device_id, outbox_size)
    except IntegrityError:
        # The same new device registered at this moment by a parallel request on another worker.
        db.session.rollback()
        return _save_device(actor, device_id, outbox_size)


def _save_device(actor: Actor, device_id: str, outbox_size: int | None) -> Device:
    _begin_write()
    device = db.session.get(Device, device_id)
    if device is None:
        device = Device(id=device_id, user_id=actor.user_id)
        db.session.add(device)
    device.last_seen = datetime.now(UTC)
    device.last_outbox_size = outbox_size
    db.session.commit()
    return device


def push(actor: Actor, device_id: str, mutations: list, skew_minutes: int) -> list[dict]:
    """Apply each mutation in its own transaction and return one answer per mutation, in order.

    Each mutation commits on its own: a crash mid-batch keeps what was finished (its ids answer
    `duplicate` on the retry), and locks are held for one mutation rather than a whole batch.
    """
    actor = replace(actor, device_id=device_id)
    token = set_actor(actor)
    try:
        db.session.commit()
        schema = MutationSchema()
        return [_push_one(actor, schema, raw, skew_minutes) for raw in mutations]
    finally:
        reset_actor(token)


def _push_one(actor: Actor, schema: MutationSchema, raw, skew_minutes: int) -> dict:
    try:
        if not isinstance(raw, dict):
            raise ValidationError({"_schema": ["A mutation is a JSON object."]})
        m = schema.load(raw)
    except ValidationError as err:
        return _rejected(raw if isinstance(raw, dict) else {}, "Check the entry: " + _first(err.messages),
                         flatten_errors(err.messages))
    head = {"id": str(m["id"]), "entity": m["entity"], "entity_id": str(m["entity_id"])}
    print_ = fingerprint(m["entity"], head["entity_id"], m["op"], m["base_version"], m["data"])
    _begin_write()
    try:
        with db.session.begin_nested():
            answer = _answer_stored(actor, head, print_)
            if answer is None:
                answer = _apply(actor, head, m, print_, skew_minutes)
    except _TRANSIENT:
        raise
    except IntegrityError:
        # A concurrent retry of this id on another worker won the race (or another device created
        # the same record id at the same moment).
        answer = _answer_stored(actor, head, print_) or _rejected(
            head, "This entry clashes with data saved at the same moment. Check the record and save again.",
            {"entity_id": ["Clashes with data saved at the same moment."]})
    except DomainError as err:
        answer = _answer_stored(actor, head, print_) or _refused(actor, head, err)
    except Exception:  # noqa: BLE001 - a server bug in one entry must not block the rest of the batch
        log.exception("sync: mutation %s failed", head["id"])
        answer = _rejected(head, "The server could not process this entry (an error on our side). It stays "
                                 "on your device; tell the operator if this keeps happening.", {})
    db.session.commit()
    return answer


def _apply(actor: Actor, head: dict, m: dict, print_: str, skew_minutes: int) -> dict:
    # The id is claimed first: its primary key is the lock two concurrent retries of it race on.
    claim = AppliedMutation(id=head["id"], user_id=actor.user_id, device_id=actor.device_id,
                            fingerprint=print_, result={})
    db.session.add(claim)
    db.session.flush()
    record = records.apply_change(actor, m["entity"], m["op"], head["entity_id"], m["data"],
                                  m["base_version"], m["recorded_at"], skew_minutes)
    answer = {**head, "status": "applied", "version": record["version"], "record": record}
    claim.result = answer
    db.session.flush()
    return answer


def _answer_stored(actor: Actor, head: dict, print_: str) -> dict | None:
    stored = db.session.scalars(select(AppliedMutation).where(AppliedMutation.id == head["id"])
                                .execution_options(populate_existing=True)).first()
    if stored is None:
        return None
    if stored.fingerprint != print_:
        return _rejected(head, REUSED_ID, {"id": ["Already used for other content."]})
    answer = {**stored.result, "status": "duplicate"}
    if stored.user_id != actor.user_id:
        # Somebody else's entry: the effect is confirmed, its content is not handed out again.
        answer.pop("record", None)
    elif "record" in answer:
        _audit_read(answer["entity"], answer["record"], "sync duplicate")
    return answer


def _refused(actor: Actor, head: dict, err: DomainError) -> dict:
    if isinstance(err, VersionConflict):
        server_record = err.extra.get("server_record")
        if server_record:
            _audit_read(head["entity"], server_record, "sync conflict")
        return {**head, "status": "conflict", "message": err.message, "server_record": server_record}
    errors = {_field_path(key): msgs for key, msgs in err.errors.items()}
    return _rejected(head, err.message, errors or {"entity_id": [err.message]})


def _rejected(head: dict, message: str, errors: dict[str, list[str]]) -> dict:
    answer = {key: head[key] for key in ("id", "entity", "entity_id") if isinstance(head.get(key), str)}
    answer.setdefault("id", None)
    return {**answer, "status": "rejected", "message": message, "errors": errors}


def _field_path(key: str) -> str:
    """Errors from the records service name data fields bare; the device reads them as data.<field>."""
    return key if key.split(".")[0] in _ENVELOPE else f"data.{key}"


def _first(messages) -> str:
    field, msgs = next(iter(flatten_errors(messages).items()))
    return f"'{field}': {' '.join(msgs)}"


def _begin_write() -> None:
    """On SQLite take the write lock now: a transaction that reads first and writes later fails at once
    (SQLITE_BUSY_SNAPSHOT) instead of waiting when another worker committed in between."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("BEGIN IMMEDIATE"))


def _audit_read(entity: str, record: dict, detail: str) -> None:
    audit.record("read", entity, record.get("id"), _patient_of(entity, record), detail)


def _patient_of(entity: str, record: dict) -> str | None:
    if entity == "patient":
        return record.get("id")
    if entity == "pathway":
        return record.get("patient_id")
    return db.session.scalar(select(Pathway.patient_id).where(Pathway.id == record.get("pathway_id")))


# ---- pull -------------------------------------------------------------------------------------------


def view_tag(actor: Actor) -> str:
    """A short name for the set of teams the actor sees; part of every cursor handed out."""
    teams = visible_team_ids(actor)
    if teams is None:
        return "all"
    return hashlib.sha256(",".join(sorted(teams)).encode()).hexdigest()[:12]


def parse_cursor(cursor: str | None) -> tuple[int, str | None]:
    """'1842.3fa9c1d20b7e' → (1842, '3fa9c1d20b7e'); a cursor from before tags → (1842, None)."""
    if not cursor:
        return 0, None
    seq, _, tag = cursor.partition(".")
    return int(seq), tag or None


def pull(actor: Actor, cursor: str | None, limit: int) -> dict:
    """The changes visible to the actor after `cursor`, at most `limit` change-log rows per page.

    Team membership is not in the change log, so a cursor names the teams it was issued for: when they
    differ from the actor's teams now, the pull starts over from the beginning and says `reset`, and the
    device drops what the fresh pull did not bring (docs/sync.md, «Pull»).
    """
    after, tag = parse_cursor(cursor)
    current_tag = view_tag(actor)
    reset = tag is not None and tag != current_tag
    if reset:
        after = 0
    where = [ChangeLog.seq > after, ChangeLog.org_id == actor.org_id]
    teams = visible_team_ids(actor)
    if teams is not None:
        where.append(or_(ChangeLog.team_id.in_(teams), ChangeLog.team_id.is_(None)))
    rows = db.session.scalars(select(ChangeLog).where(*where).order_by(ChangeLog.seq).limit(limit + 1)).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    keys: dict[tuple[str, str], None] = {}
    for row in rows:
        # Latest mention wins the position; the record sent is the current one either way.
        keys.pop((row.entity, row.entity_id), None)
        keys[(row.entity, row.entity_id)] = None
    # From the start (no cursor, or teams changed): the pocket cards first. A cursor of 0 (nothing visible
    # yet) is not a start over.
    changes = _pocket_cards(actor, [], first=True) if cursor is None or reset else []
    changes += _materialise(actor, list(keys), after)
    changes = _unique(changes)
    reads: dict[str, list[tuple[str, str | None]]] = {}
    for change in changes:
        patient_id = change.pop("_patient_id", None)
        if change["op"] == "upsert" and patient_id:
            reads.setdefault(change["entity"], []).append((change["id"], patient_id))
    for entity, pairs in reads.items():
        audit.record_reads(entity, pairs, "sync pull")
    return {"changes": changes, "cursor": f"{rows[-1].seq if rows else after}.{current_tag}",
            "has_more": has_more, "reset": reset}


def _unique(changes: list[dict]) -> list[dict]:
    seen: dict[tuple[str, str], dict] = {}
    for change in changes:
        seen.pop((change["entity"], change["id"]), None)
        seen[(change["entity"], change["id"])] = change
    return list(seen.values())


def _materialise(actor: Actor, keys: list[tuple[str, str]], after: int) -> list[dict]:
    by_entity: dict[str, list[str]] = {}
    for entity, entity_id in keys:
        by_entity.setdefault(entity, []).append(entity_id)
    found: dict[tuple[str, str], dict] = {}
    if "patient" in by_entity:
        found.update(_patients(actor, by_entity["patient"], after))
    if "pathway" in by_entity:
        found.update(_pathways(actor, by_entity["pathway"]))
    for entity in records.CLINICAL_MODELS:
        if entity in by_entity:
            found.update(_entries(actor, entity, by_entity[entity]))
    changes: list[dict] = []
    for key in keys:
        if key[0] == "pocket_card":
            changes += _pocket_cards(actor, [key[1]])
        elif key in found:
            changes.append(found[key])
            changes += found[key].pop("_subtree", [])
    return changes


def _visible(actor: Actor, team_id: str) -> bool:
    # Rows of the change log are already limited to the actor's organisation.
    return actor.is_admin or team_id in actor.team_ids


def _change(actor: Actor, entity: str, row, team_id: str, patient_id: str) -> dict:
    if not _visible(actor, team_id):
        # Never an upsert for a record whose patient now lives in a team the actor cannot see.
        return {"entity": entity, "id": row.id, "op": "remove"}
    return _upsert(entity, row, patient_id)


def _upsert(entity: str, row, patient_id: str) -> dict:
    return {"entity": entity, "id": row.id, "op": "upsert", "record": to_record(entity, row),
            "_patient_id": patient_id}


def _patients(actor: Actor, ids: list[str], after: int) -> dict:
    found = {("patient", p.id): _change(actor, "patient", p, p.team_id, p.id)
             for p in db.session.scalars(select(Patient).where(Patient.id.in_(ids)))}
    arrived = _moved_in(actor, [pid for (_, pid), c in found.items() if c["op"] == "upsert"], after)
    for patient_id in arrived:
        found[("patient", patient_id)]["_subtree"] = _subtree(actor, patient_id)
    return found


def _moved_in(actor: Actor, patient_ids: list[str], after: int) -> list[str]:
    """Patients moved into the actor's view since the cursor: their older pathways and entries were
    logged under a team she could not see, so they are sent with the patient."""
    teams = visible_team_ids(actor)
    if not patient_ids or teams is None:
        return []
    moves = select(ChangeLog.entity_id).where(
        ChangeLog.entity == "patient", ChangeLog.op == "remove", ChangeLog.seq > after,
        ChangeLog.entity_id.in_(patient_ids), ChangeLog.team_id.not_in(teams))
    return list(db.session.scalars(moves.distinct()))


def _subtree(actor: Actor, patient_id: str) -> list[dict]:
    pathways = db.session.scalars(select(Pathway).where(Pathway.patient_id == patient_id)).all()
    changes = [_upsert("pathway", p, patient_id) for p in pathways]
    for entity, model in records.CLINICAL_MODELS.items():
        rows = db.session.scalars(select(model).where(model.pathway_id.in_([p.id for p in pathways]),
                                                      model.superseded_at.is_(None))).all()
        changes += [_upsert(entity, r, patient_id) for r in rows]
    return changes


def _pathways(actor: Actor, ids: list[str]) -> dict:
    rows = db.session.execute(select(Pathway, Patient.team_id).join(Patient, Patient.id == Pathway.patient_id)
                              .where(Pathway.id.in_(ids))).all()
    return {("pathway", p.id): _change(actor, "pathway", p, team_id, p.patient_id) for p, team_id in rows}


def _entries(actor: Actor, entity: str, ids: list[str]) -> dict:
    model = records.CLINICAL_MODELS[entity]
    rows = db.session.execute(
        select(model, Patient.team_id, Patient.id).join(Pathway, Pathway.id == model.pathway_id)
        .join(Patient, Patient.id == Pathway.patient_id)
        .where(model.id.in_(ids), model.superseded_at.is_(None))).all()
    return {(entity, r.id): _change(actor, entity, r, team_id, patient_id) for r, team_id, patient_id in rows}


def _pocket_cards(actor: Actor, set_ids: list[str], first: bool = False) -> list[dict]:
    """Pocket-card sets by language (the id of a pocket_card change); a first pull gets every language."""
    if first:
        languages = list(pocket_cards.LANGUAGES)
    else:
        languages = list(db.session.scalars(select(PocketCardSet.language).where(
            PocketCardSet.id.in_(set_ids), PocketCardSet.org_id == actor.org_id)))
    return [{"entity": "pocket_card", "id": lang, "op": "upsert",
             "record": pocket_cards.current_set(actor.org_id, lang)} for lang in languages]
