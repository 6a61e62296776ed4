"""The access policy's users (tests/access_fixtures.py), for every members test."""

from django.core.cache import cache

import pytest

from tests.access_fixtures import (  # noqa: F401
    anonymous,
    cms_editor,
    elected,
    staff_member,
    superuser,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle and rate-limit counters live in the cache: none may carry over between tests."""
    cache.clear()
    yield
    cache.clear()
