"""Search on the demo content (issue 13 item 5): a speaker by name, French words by stem on
PostgreSQL, and on SQLite (no French stemmer) a suggested spelling instead of nothing."""

import io

from django.core.management import call_command
from django.db import connection

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(locales, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    call_command("update_index", verbosity=0, stdout=io.StringIO())


def found(client, language, words):
    response = client.get(f"/{language}/search/", {"q": words})
    return response, [item["page"].title for item in response.context["found"]]


def test_demo_search_finds_the_event_of_a_speaker(client, demo):
    _, en = found(client, "en", "Candel")
    _, fr = found(client, "fr", "Candel")
    assert len(en) == 1
    assert en[0].startswith("Bee City")
    assert fr == ["Ville abeille : protéger ensemble les pollinisateurs"]


def test_demo_search_french_plurals_and_derived_forms(client, demo):
    _, singular = found(client, "fr", "abeille")
    response, plural = found(client, "fr", "abeilles")
    _, climat = found(client, "fr", "climat")
    _, climatique = found(client, "fr", "climatique")
    assert "Ville abeille : protéger ensemble les pollinisateurs" in singular
    if connection.vendor == "postgresql":
        assert plural == singular
        assert set(climat) == set(climatique)
        assert len(climat) >= 2
    else:
        assert plural == []
        assert response.context["suggestion"] == "abeille"
