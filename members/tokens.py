"""Personal tokens: create, revoke, and resolve a raw secret to its member.

Only the SHA-256 digest of a secret is stored. Lookup is by digest, so comparing a guess
leaks nothing about the stored secret through timing (the database compares digests, not
secrets); `hmac.compare_digest` re-checks the row found.
"""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from members.models import PersonalToken

TOKEN_BYTES = 32  # 256 bits of randomness, ~43 URL-safe characters


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue(user, kind):
    """Revoke `user`'s live token of `kind` and return a new raw secret (shown once)."""
    revoke(user, kind)
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    PersonalToken.objects.create(user=user, kind=kind, token_hash=digest(raw))
    return raw


def revoke(user, kind):
    """Revoke `user`'s live token of `kind`, if any; returns how many were revoked."""
    return PersonalToken.objects.filter(user=user, kind=kind, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def live_token(user, kind):
    """The member's live token row of `kind` (never the secret), or None."""
    return PersonalToken.objects.filter(user=user, kind=kind, revoked_at__isnull=True).first()


def user_for_token(raw, kind):
    """The active member a raw secret of `kind` belongs to, or None (wrong, revoked, other kind)."""
    if not raw or not isinstance(raw, str) or len(raw) > 200:
        return None
    wanted = digest(raw)
    token = (
        PersonalToken.objects.select_related("user")
        .filter(token_hash=wanted, kind=kind, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, wanted):
        return None
    return token.user
