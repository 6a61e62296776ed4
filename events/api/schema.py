"""drf-spectacular hooks: the v1 schema describes /api/v1/ only."""


def only_v1(endpoints, **kwargs):
    """Drop Wagtail's content API and wagtail-localize's admin API from the schema."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
