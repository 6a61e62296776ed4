"""The sitemap (both languages, visible pages only) and the 404 and 500 pages."""

from django.template.loader import render_to_string

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import event, translate

pytestmark = pytest.mark.django_db


def test_sitemap_lists_both_languages_with_alternates(client, event_index):
    page = event(event_index, "Bee City", slug="bee-city")
    translate(page, "fr", title="Ville abeille", slug="ville-abeille")
    xml = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/en/events/bee-city/</loc>" in xml
    assert "<loc>http://testserver/fr/evenements/ville-abeille/</loc>" in xml
    assert "<loc>http://testserver/fr/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="fr" '
        'href="http://testserver/fr/evenements/ville-abeille/"/>' in xml
    )


def test_sitemap_leaves_out_private_unpublished_and_hidden_branches(client, event_index, chapter):
    private = event(event_index, "Private", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = event(event_index, "Draft", slug="draft")
    draft.unpublish()
    under_hidden = event(chapter, "Under hidden chapter", slug="under-hidden")
    chapter.unpublish()
    xml = client.get("/sitemap.xml").text
    assert "/en/events/" in xml
    for page in (private, draft, under_hidden):
        assert page.slug not in xml


def test_404_speaks_the_url_language_and_offers_the_other(client, home, fr_home):
    fr = client.get("/fr/nexiste-pas/")
    assert fr.status_code == 404
    assert '<html lang="fr">' in fr.text
    assert "<h1>Page introuvable</h1>" in fr.text
    assert '<section lang="en"' in fr.text
    assert "Page not found" in fr.text
    en = client.get("/en/missing/")
    assert en.status_code == 404
    assert "<h1>Page not found</h1>" in en.text
    assert '<section lang="fr"' in en.text


def test_500_page_is_bilingual_and_needs_no_context():
    html = render_to_string("500.html")
    assert "Server error" in html
    assert '<section lang="fr"' in html
    assert "Erreur du serveur" in html
