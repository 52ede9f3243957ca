"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from app.models.audit import AuditEvent
from app.models.auth import AuthChallenge, Credential, EnrolmentToken, RateLimitHit, UserSession
from app.models.clinical import CfsScore, ChecklistRecord, ClinicalEntry, Conversation, PsfsAssessment
from app.models.content import PocketCardSet
from app.models.organisation import ROLES, Organisation, Team, TeamMembership, User
from app.models.patient import Pathway, Patient
from app.models.sync import AppliedMutation, ChangeLog, Device

__all__ = [
    "AuditEvent", "AuthChallenge", "Credential", "EnrolmentToken", "RateLimitHit", "UserSession",
    "CfsScore", "ChecklistRecord", "ClinicalEntry", "Conversation", "PsfsAssessment", "PocketCardSet",
    "ROLES", "Organisation", "Team", "TeamMembership", "User", "Pathway", "Patient",
    "AppliedMutation", "ChangeLog", "Device",
]
