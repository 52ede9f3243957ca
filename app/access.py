"""Who is acting (a ContextVar set per request) and the team-scope rules every query goes through."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from app.errors import Forbidden, NotAuthenticated


@dataclass(frozen=True)
class Actor:
    user_id: str
    org_id: str
    role: str
    team_ids: frozenset[str] = field(default_factory=frozenset)
    device_id: str | None = None
    display_name: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


_current: ContextVar[Actor | None] = ContextVar("viktig_actor", default=None)


def set_actor(actor: Actor | None):
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)


def current_actor() -> Actor:
    actor = _current.get()
    if actor is None:
        raise NotAuthenticated("You are not logged in. Log in with your passkey and try again.")
    return actor


def optional_actor() -> Actor | None:
    return _current.get()


def require_role(*roles: str) -> Actor:
    actor = current_actor()
    if actor.role not in roles:
        raise Forbidden(f"This needs the role {' or '.join(roles)}; you are logged in as {actor.role}.")
    return actor


def visible_team_ids(actor: Actor) -> set[str] | None:
    """The teams whose patients the actor may see; None means every team of the organisation."""
    return None if actor.is_admin else set(actor.team_ids)


def can_see_team(actor: Actor, team_id: str, org_id_of_team: str | None = None) -> bool:
    if actor.is_admin:
        return org_id_of_team is None or org_id_of_team == actor.org_id
    return team_id in actor.team_ids


def require_team(actor: Actor, team_id: str, org_id_of_team: str | None = None) -> None:
    if not can_see_team(actor, team_id, org_id_of_team):
        # Same answer as a missing patient, so ids of other teams' patients cannot be probed.
        from app.errors import NotFound

        raise NotFound("No such patient in your teams.")
