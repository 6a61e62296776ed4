from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counts and cached answers live in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()
