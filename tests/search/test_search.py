"""Search: current language, visible pages only, marked excerpts, pagination, safe queries."""

from django.core.management import call_command

from wagtail.models import PageViewRestriction

import pytest

from search.highlight import excerpt, html_to_text, is_mostly_operators, terms_of
from tests.factories import event, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(event_index):
    bee = event(
        event_index,
        "Bee City",
        slug="bee-city",
        intro="Protect <pollinators> & bees in your town.",
    )
    translate(
        bee, "fr", title="Ville abeille", slug="ville-abeille", intro="Protéger les abeilles."
    )
    private = event(event_index, "Secret bees", slug="secret", intro="Members-only bees.")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = event(event_index, "Draft bees", slug="draft", intro="Unpublished bees.")
    draft.unpublish()
    call_command("update_index", verbosity=0)
    return bee


def test_search_returns_current_language_visible_pages_only(client, indexed):
    response = client.get("/en/search/", {"query": "bees"})
    titles = [item["page"].title for item in response.context["found"]]
    assert titles == ["Bee City"]
    fr = client.get("/fr/search/", {"query": "abeilles"})
    assert [item["page"].title for item in fr.context["found"]] == ["Ville abeille"]


def test_search_marks_query_terms_in_an_escaped_excerpt(client, indexed):
    text = client.get("/en/search/", {"query": "bees"}).text
    assert "Protect &lt;pollinators&gt; &amp; <mark>bees</mark> in your town." in text


def test_search_too_long_query_gets_a_message(client, indexed):
    response = client.get("/en/search/", {"query": "bee " * 60})
    assert response.status_code == 200
    assert "Please shorten your search to 200 characters or fewer." in response.text
    assert response.context["found"] == []


@pytest.mark.parametrize("query", ["&&||!!", '"(("', "*:*"])
def test_search_operator_only_query_gets_a_message(client, indexed, query):
    response = client.get("/en/search/", {"query": query})
    assert response.status_code == 200
    assert "Please search for words" in response.text


def test_search_query_with_stray_operators_still_searches_words(client, indexed):
    response = client.get("/en/search/", {"query": 'bees "'})
    assert [item["page"].title for item in response.context["found"]] == ["Bee City"]


def test_search_paginates(client, event_index):
    for n in range(12):
        event(event_index, f"Pollinator call {n}", intro="About pollinators.")
    call_command("update_index", verbosity=0)
    first = client.get("/en/search/", {"query": "pollinators"})
    assert len(first.context["found"]) == 10
    assert "page=2" in first.text
    second = client.get("/en/search/", {"query": "pollinators", "page": "2"})
    assert len(second.context["found"]) == 2
    junk = client.get("/en/search/", {"query": "pollinators", "page": "zz"})
    assert junk.status_code == 200
    assert len(junk.context["found"]) == 10


def test_search_french_interface(client, indexed):
    text = client.get("/fr/search/", {"query": "&&"}).text
    assert "Veuillez chercher des mots" in text


def test_terms_of_drops_operators():
    assert terms_of('bee & "city" | (pollinators)') == ["bee", "city", "pollinators"]
    assert terms_of("Électeurs l’été") == ["Électeurs", "l", "été"]


def test_is_mostly_operators():
    assert is_mostly_operators("&&||")
    assert is_mostly_operators("a&&||!!")
    assert not is_mostly_operators("bee city")
    assert not is_mostly_operators("bee-city")


def test_excerpt_escapes_html_and_marks_terms_case_insensitively():
    html = (
        "<p>Long intro about towns.</p><p>Protect <b>Bees</b> &amp; wasps: <script>x</script></p>"
    )
    result = excerpt(html_to_text(html), ["bees"])
    assert "<mark>Bees</mark>" in result
    assert "<script>" not in result
    assert "towns. Protect" in result
    assert "&amp; wasps" in result


def test_excerpt_escapes_plain_text_that_looks_like_html():
    assert excerpt("a <b>bee</b>", ["bee"]) == "a &lt;b&gt;<mark>bee</mark>&lt;/b&gt;"


def test_excerpt_centres_on_a_late_match():
    text = "word " * 200 + "pollinators here"
    result = excerpt(text, ["pollinators"], width=100)
    assert result.startswith("… ")
    assert "<mark>pollinators</mark>" in result
