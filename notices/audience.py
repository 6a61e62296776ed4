"""Who receives what: the members following a change, a reminder or a digest (reads only)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from notices.models import Follow


def scope_q(keys):
    """Follows of the whole network or of any of `keys` (hosts, series)."""
    keys = [k for k in keys if k]
    return Q(scope=Follow.Scope.NETWORK) | Q(key__in=keys)


def followers(change, flag="notices"):
    """Active members who follow what `change` touches and want `flag` mail; one query."""
    follows = Follow.objects.filter(scope_q([change.host_key, change.series_key, change.uid]))
    follows = follows.filter(**{flag: True})
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=follows.values("user_id"))
        .exclude(email="")
        .order_by("pk")
    )
