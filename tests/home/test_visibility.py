"""Wagtail's view-restriction check on the serve path answers as Wagtail's own method does
(home.visibility.view_restrictions), without reading anything for a visible page whose parents
the router linked."""

from django.contrib.auth.models import Group

from wagtail.models import Page, PageViewRestriction

import pytest

from home.models import StandardPage
from home.visibility import current_hidden_paths, memo, view_restrictions
from tests.factories import add

pytestmark = pytest.mark.django_db


def linked(page):
    """`page` loaded afresh with its parents linked up to the site's home, as home.routing
    links them."""
    page = Page.objects.get(pk=page.pk).specific
    current = page
    while current.depth > 2:
        current = current.get_parent()  # treebeard keeps it as the child's parent
    return page


def restrict(page):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.create(name="Readers")])
    return restriction


def test_visible_page_with_linked_parents_reads_nothing(home, django_assert_num_queries):
    about = add(home, StandardPage(title="About", slug="about"))
    page = add(about, StandardPage(title="Team", slug="team"))
    page = linked(page)
    with memo("test"):
        current_hidden_paths()  # read once per request or content version
        with django_assert_num_queries(0):
            assert list(view_restrictions(page)) == []
    assert list(Page.get_view_restrictions(page)) == []


def test_alias_of_a_restricted_page_keeps_its_restriction(home, client):
    secret = add(home, StandardPage(title="Secret", slug="secret"))
    # Restricted after its alias was made (Wagtail copies a source's restrictions onto a new
    # alias, which the policy then hides): the alias has none of its own.
    alias = secret.create_alias(update_slug="open-secret")
    restriction = restrict(secret)
    alias = linked(alias)

    assert list(view_restrictions(alias)) == [restriction]
    assert list(view_restrictions(alias)) == list(Page.get_view_restrictions(alias))
    # Served as Wagtail serves it: a login first.
    response = client.get("/en/open-secret/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_page_under_an_alias_takes_its_source_restriction(home):
    secret = add(home, StandardPage(title="Secret", slug="secret"))
    add(secret, StandardPage(title="Inside", slug="inside"))
    alias = secret.create_alias(update_slug="open-secret", recursive=True)
    restriction = restrict(secret)
    inside = linked(alias.get_children().get())

    assert list(view_restrictions(inside)) == [restriction]


def test_page_without_linked_parents_is_answered_by_wagtail(home):
    page = add(home, StandardPage(title="About", slug="about"))
    page = Page.objects.get(pk=page.pk).specific

    assert list(view_restrictions(page)) == list(Page.get_view_restrictions(page)) == []
