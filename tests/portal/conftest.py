import uuid

from django.core.cache import caches

import pytest


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """A default cache of this test's own.

    Local memory outlives each test's database, and in CI every pytest-xdist worker shares one
    Redis: without this, one test's content version or cached page would leak into another.
    Teardown deletes only this test's keys (clear() would FLUSHDB a shared Redis database).
    """
    default = dict(settings.CACHES["default"])
    if "redis" in default["BACKEND"]:
        default["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    else:
        default["LOCATION"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {**settings.CACHES, "default": default}
    own = caches["default"]
    yield
    if hasattr(own, "delete_pattern"):
        own.delete_pattern("*")
    else:
        own.clear()
