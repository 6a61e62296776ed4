import pytest

from tests.factories import event, translate
from tests.helpers import plain

pytestmark = pytest.mark.django_db


def test_event_page_renders_in_both_languages(client, event_index):
    page = event(event_index, title="Bee City", slug="bee-city")
    translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    en = client.get("/en/events/bee-city/")
    fr = client.get("/fr/evenements/ville-abeille/")
    assert "Bee City" in en.text
    assert "Ville abeille" in fr.text
    assert "11 h HAP" in plain(fr.text)
    assert "11:00 a.m. PDT" in plain(en.text)
