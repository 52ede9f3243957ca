"""Passkey ceremonies (enrol, log in) with py_webauthn; challenges live in the database and are used once.

No Flask here: the routes pass in the relying party (id, name, origins) and the request's actor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from app.errors import DomainError, NotAuthenticated
from app.extensions import db
from app.models import User
from app.models.auth import AuthChallenge, Credential, EnrolmentToken
from app.models.base import utcnow
from app.services.users import hash_enrolment_token

CHALLENGE_TTL = timedelta(minutes=5)
TIMEOUT_MS = 120_000


# --- problems, each with its own problem type so the page can say what to do -------------------------

class PasskeyRefused(NotAuthenticated):
    type_slug = "passkey-refused"
    title = "Passkey not accepted"


class ChallengeInvalid(PasskeyRefused):
    type_slug = "challenge-invalid"
    title = "Login attempt expired or already used"


class ForeignOrigin(PasskeyRefused):
    type_slug = "foreign-origin"
    title = "Passkey used from another address"


class WrongRpId(PasskeyRefused):
    type_slug = "wrong-rp-id"
    title = "Passkey made for another server"


class SignCountRegressed(PasskeyRefused):
    type_slug = "sign-count-regressed"
    title = "Passkey may have been copied"


class CredentialRevoked(PasskeyRefused):
    type_slug = "credential-revoked"
    title = "Passkey revoked"


class UnknownCredential(PasskeyRefused):
    type_slug = "unknown-credential"
    title = "Passkey not known"


class EnrolmentLinkInvalid(DomainError):
    status = 410
    type_slug = "enrolment-link-invalid"
    title = "Enrolment link no longer valid"


@dataclass(frozen=True)
class RelyingParty:
    id: str
    name: str
    origins: list[str]


# --- challenges ---------------------------------------------------------------------------------------

def _new_challenge(purpose: str, user_id: str | None, challenge: bytes) -> AuthChallenge:
    purge_expired_challenges()
    row = AuthChallenge(purpose=purpose, user_id=user_id, challenge=challenge,
                        expires_at=utcnow() + CHALLENGE_TTL)
    db.session.add(row)
    db.session.flush()
    return row


def _consume_challenge(ceremony_id: str, purpose: str) -> AuthChallenge:
    """Mark the challenge used with a guarded UPDATE and commit at once: of two instances racing with the
    same answer, exactly one gets rowcount 1. A failed verification still burns it (one try per challenge)."""
    now = utcnow()
    result = db.session.execute(
        update(AuthChallenge)
        .where(AuthChallenge.id == ceremony_id, AuthChallenge.purpose == purpose,
               AuthChallenge.used_at.is_(None), AuthChallenge.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    row = db.session.get(AuthChallenge, ceremony_id, populate_existing=True)
    if result.rowcount == 1 and row is not None:
        return row
    if row is None or row.purpose != purpose:
        raise ChallengeInvalid("This login attempt is unknown. Start again.")
    if row.used_at is not None:
        raise ChallengeInvalid("This login attempt was already used. Start again.")
    raise ChallengeInvalid("This login attempt took too long and expired. Start again.")


def purge_expired_challenges() -> None:
    """Spent and expired challenges are kept a day (to tell "expired" from "unknown"), then dropped."""
    db.session.execute(
        AuthChallenge.__table__.delete().where(AuthChallenge.expires_at < utcnow() - timedelta(days=1))
    )


# --- enrolment ----------------------------------------------------------------------------------------

def _valid_token(token: str) -> EnrolmentToken:
    row = db.session.get(EnrolmentToken, hash_enrolment_token(token or ""))
    if row is None:
        raise EnrolmentLinkInvalid("This enrolment link is not valid. Ask your leader for a new one.")
    if row.used_at is not None:
        raise EnrolmentLinkInvalid("This enrolment link was already used. Ask your leader for a new one.")
    if row.expires_at <= utcnow():
        raise EnrolmentLinkInvalid("This enrolment link has expired. Ask your leader for a new one.")
    return row


def _active_user(user_id: str) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise PasskeyRefused("This account is switched off. Ask your leader.")
    return user


def _descriptor(cred: Credential) -> PublicKeyCredentialDescriptor:
    transports = []
    for name in cred.transports or []:
        try:
            transports.append(AuthenticatorTransport(name))
        except ValueError:
            continue
    return PublicKeyCredentialDescriptor(id=cred.credential_id, transports=transports or None)


def _active_credentials(user_id: str) -> list[Credential]:
    return list(db.session.scalars(select(Credential).where(Credential.user_id == user_id,
                                                            Credential.revoked_at.is_(None))))


def enrolment_options(rp: RelyingParty, token: str | None, logged_in_user_id: str | None) -> dict:
    """Options for navigator.credentials.create(): from an enrolment link, or to add another passkey
    for the logged-in nurse. The page adds extensions.prf itself."""
    if token:
        user = _active_user(_valid_token(token).user_id)
    elif logged_in_user_id:
        user = _active_user(logged_in_user_id)
    else:
        raise NotAuthenticated("Open your enrolment link, or log in to add another passkey.")
    options = generate_registration_options(
        rp_id=rp.id, rp_name=rp.name, user_name=user.username, user_id=user.id.encode(),
        user_display_name=user.display_name, timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED),
        exclude_credentials=[_descriptor(c) for c in _active_credentials(user.id)],
    )
    row = _new_challenge("register", user.id, options.challenge)
    db.session.commit()
    return {"ceremony_id": row.id, "publicKey": json.loads(options_to_json(options))}


def _refusal(error: WebAuthnException) -> PasskeyRefused:
    text = str(error)
    if "origin" in text:
        return ForeignOrigin("The passkey answer came from another web address than Viktig's. "
                             "Open Viktig from its own address and try again.")
    if "RP ID" in text:
        return WrongRpId("The passkey was made for another server name. Use a passkey made for this server.")
    if "sign count" in text:
        return SignCountRegressed("This passkey's counter went backwards, which happens when a key is "
                                  "copied. It was refused; tell your leader.")
    if "challenge" in text:
        return ChallengeInvalid("The passkey answered another login attempt. Start again.")
    if "verif" in text and "User" in text:
        return PasskeyRefused("The passkey did not confirm it was you (PIN, fingerprint or face). Try again.")
    return PasskeyRefused("The passkey answer could not be verified. Try again.")


def finish_enrolment(rp: RelyingParty, ceremony_id: str, credential: dict, token: str | None,
                     logged_in_user_id: str | None, label: str = "") -> Credential:
    challenge = _consume_challenge(ceremony_id, "register")
    token_row = _valid_token(token) if token else None
    user_id = token_row.user_id if token_row else logged_in_user_id
    if user_id is None or challenge.user_id != user_id:
        raise ChallengeInvalid("This enrolment attempt belongs to another account. Start again.")
    user = _active_user(user_id)
    try:
        verified = verify_registration_response(
            credential=credential, expected_challenge=challenge.challenge, expected_rp_id=rp.id,
            expected_origin=rp.origins, require_user_verification=True)
    except WebAuthnException as error:
        raise _refusal(error) from None
    if token_row is not None:
        # Same guard as challenges: the link is spent by exactly one enrolment, even across instances.
        spent = db.session.execute(
            update(EnrolmentToken)
            .where(EnrolmentToken.token_hash == token_row.token_hash, EnrolmentToken.used_at.is_(None))
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False))
        if spent.rowcount != 1:
            db.session.rollback()
            raise EnrolmentLinkInvalid("This enrolment link was already used. Ask your leader for a new one.")
    transports = (credential.get("response") or {}).get("transports") or []
    row = Credential(user_id=user.id, credential_id=verified.credential_id,
                     public_key=verified.credential_public_key, sign_count=verified.sign_count,
                     transports=[str(t) for t in transports][:8], label=(label or "")[:200])
    db.session.add(row)
    db.session.commit()
    return row


# --- login --------------------------------------------------------------------------------------------

def login_options(rp: RelyingParty, username: str | None) -> dict:
    """Options for navigator.credentials.get(). Without a user name the list is empty and the
    authenticator offers its discoverable passkeys; an unknown name gets the same empty list, so the
    answer does not reveal which names exist."""
    user = None
    if username:
        user = db.session.scalars(select(User).where(User.username == username,
                                                     User.active.is_(True))).first()
    allow = [_descriptor(c) for c in _active_credentials(user.id)] if user else []
    options = generate_authentication_options(rp_id=rp.id, timeout=TIMEOUT_MS, allow_credentials=allow,
                                              user_verification=UserVerificationRequirement.REQUIRED)
    row = _new_challenge("login", user.id if user and allow else None, options.challenge)
    db.session.commit()
    return {"ceremony_id": row.id, "publicKey": json.loads(options_to_json(options))}


def finish_login(rp: RelyingParty, ceremony_id: str, credential: dict) -> User:
    challenge = _consume_challenge(ceremony_id, "login")
    try:
        raw_id = base64url_to_bytes(credential.get("rawId") or credential.get("id") or "")
    except (ValueError, TypeError):
        raise PasskeyRefused("The passkey answer is malformed. Try again.") from None
    stored = db.session.scalars(select(Credential).where(Credential.credential_id == raw_id)).first()
    if stored is None:
        raise UnknownCredential("This passkey is not registered here. Use your enrolment link first.")
    if stored.revoked_at is not None:
        raise CredentialRevoked("This passkey was revoked by your leader. Ask for a new enrolment link.")
    if challenge.user_id is not None and challenge.user_id != stored.user_id:
        raise PasskeyRefused("This passkey belongs to another account than the one you named.")
    user_handle = (credential.get("response") or {}).get("userHandle")
    if user_handle and base64url_to_bytes(user_handle) != stored.user_id.encode():
        raise PasskeyRefused("The passkey's account does not match. Try again.")
    user = _active_user(stored.user_id)
    try:
        # py_webauthn refuses a counter that did not grow, unless both are 0 (synced passkeys never count).
        verified = verify_authentication_response(
            credential=credential, expected_challenge=challenge.challenge, expected_rp_id=rp.id,
            expected_origin=rp.origins, credential_public_key=stored.public_key,
            credential_current_sign_count=stored.sign_count, require_user_verification=True)
    except WebAuthnException as error:
        raise _refusal(error) from None
    stored.sign_count = verified.new_sign_count
    stored.last_used_at = utcnow()
    return user
