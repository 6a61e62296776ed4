"""Rendering cost does not grow with the content shown."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import SpeakerFactory, add_speakers, event, series

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_event_page_queries_do_not_grow_with_speakers(client, event_index):
    one = event(event_index, title="One", slug="one")
    add_speakers(one, SpeakerFactory.create_batch(1))
    ten = event(event_index, title="Ten", slug="ten")
    add_speakers(ten, SpeakerFactory.create_batch(10))
    small = count_queries(client, one.url)
    large = count_queries(client, ten.url)
    assert small == large
    assert large <= 25  # page, tree, translations, speakers, access details, site settings


def test_event_index_queries_do_not_grow_with_events(client, event_index):
    series(event_index, title="Calls", slug="calls")
    event(event_index, title="First", slug="first")
    small = count_queries(client, event_index.url)
    for n in range(10):
        event(event_index, title=f"More {n}", slug=f"more-{n}")
    series(event_index, title="More calls", slug="more-calls", interval=1)
    assert count_queries(client, event_index.url) == small
