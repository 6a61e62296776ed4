"""Signed unsubscribe tokens: stop one kind of mail without signing in (RFC 8058).

The token names the member and the kind; Django's signing (SECRET_KEY, a salt of its own)
makes it unforgeable. It does not expire: a link in a months-old e-mail must still work.
"""

from django.core import signing

SALT = "notices.unsubscribe"


def make(user, kind):
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def read(token):
    """(user id, kind), or None for a token that was not ours or was altered."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], data.get("k")
