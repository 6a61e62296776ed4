"""Serving a page goes through the visibility policy (home.visibility), for every page type.

Wagtail's router checks only that the page it lands on is live: a live page under an
unpublished parent would be served, and a page under a view restriction is Wagtail's to
guard (a login redirect, then the page and, for an entitled member, its access details).
Every other surface (feeds, both APIs, listings, search) hides both; so must the page.
"""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from events.domain.choices import Audience
from home.models import StandardPage
from tests.access_fixtures import *  # noqa: F403 - the policy's user fixtures
from tests.access_fixtures import CANARY, canary_details
from tests.factories import add, event, series

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(event_index, chapter, working_group):
    """One page of each type, each with a live page below it where it may have one."""
    home = event_index.get_parent().specific
    calls = series(chapter, "Chapter calls", slug="chapter-calls", audience=Audience.ELECTED)
    pages = {
        "home": home,
        "join": add(home, StandardPage(title="How to join", slug="join")),
        "event_index": event_index,
        "network_event": event(event_index, "Network call", slug="network-call"),
        "chapter_index": chapter.get_parent().specific,
        "chapter": chapter,
        "chapter_event": event(
            chapter, "Chapter call", slug="chapter-call", audience=Audience.ELECTED
        ),
        "series": calls,
        "override": event(
            calls,
            "Chapter calls: heat",
            slug="heat",
            occurrence_date=dt.date(2026, 1, 21),
            start_date=None,
            start_time=None,
            end_time=None,
        ),
        "group_index": working_group.get_parent().specific,
        "working_group": working_group,
        "group_event": event(working_group, "Group call", slug="group-call"),
    }
    for name in ("chapter_event", "series", "override"):
        canary_details(pages[name].translation_key, name)
    return pages


def hide(page, how):
    if how == "unpublished":
        page.unpublish()
    else:
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


# (what is hidden, how, the pages that must then not be served)
CASES = [
    ("chapter", "unpublished", ["chapter_event", "series", "override"]),
    ("series", "unpublished", ["override"]),
    ("chapter_index", "unpublished", ["chapter", "chapter_event", "series", "override"]),
    ("group_index", "unpublished", ["working_group", "group_event"]),
    ("home", "unpublished", ["join", "event_index", "network_event", "chapter"]),
    ("home", "restricted", ["home", "join", "event_index", "network_event", "group_event"]),
    ("chapter", "restricted", ["chapter", "chapter_event", "series", "override"]),
    ("working_group", "restricted", ["working_group", "group_event"]),
    ("event_index", "restricted", ["event_index", "network_event"]),
    ("series", "restricted", ["series", "override"]),
]


@pytest.mark.parametrize(("hidden", "how", "names"), CASES)
@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_page_in_a_hidden_branch_is_not_served(client, tree, elected, hidden, how, names, who):
    if who == "member":
        client.force_login(elected)
    urls = {name: tree[name].url for name in names}
    for name in names:
        assert client.get(urls[name]).status_code == 200, name
    hide(tree[hidden], how)
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 404, (name, response.status_code)
        assert CANARY not in response.content.decode(), name
        # (The home page's and the index's titles are words of the site's own name.)
        if name not in ("home", "event_index"):
            assert tree[name].title not in response.content.decode(), name
        # The page's feed answers the same: it goes through the same policy.
        if name not in ("home", "join", "chapter_index", "group_index"):
            assert client.get(url + "calendar.ics").status_code == 404, name


def test_visible_pages_are_still_served_beside_a_hidden_branch(client, tree, elected):
    tree["chapter"].unpublish()
    client.force_login(elected)
    for name in ("home", "join", "event_index", "network_event", "working_group", "group_event"):
        assert client.get(tree[name].url).status_code == 200, name
    # An entitled member still sees the details of a visible event (a coming one: a past
    # call's page offers no way to join).
    coming = tree["network_event"]
    coming.start_date = timezone.localdate() + dt.timedelta(days=30)
    coming.save_revision().publish()
    canary_details(coming.translation_key, "network")
    assert f"{CANARY}-network" in client.get(tree["network_event"].url).content.decode()


@pytest.mark.parametrize("name", ["home", "join", "chapter", "chapter_event", "series"])
def test_serving_reads_the_hidden_branches_once(client, tree, name):
    """The check shares the one read of the hidden branches per content version with the
    page's listings and links (visibility.request_memo): serving costs no query of its own,
    and a request after the first of its version none at all."""
    url = tree[name].url
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # visibility.hidden_paths(): unpublished pages with children, or restricted ones.
    assert len([q for q in first if '"numchild" > 0' in q["sql"]]) == 1
    assert [q for q in queries if '"numchild" > 0' in q["sql"]] == []


@pytest.mark.parametrize("how", ["unpublished", "restricted"])
def test_editor_previews_a_page_in_a_hidden_branch(client, tree, superuser, how):
    """Previews are for editors and never take the public serve path."""
    page = tree["chapter_event"]
    page.title = "Chapter call (draft)"
    page.save_revision()
    hide(tree["chapter"], how)
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert "Chapter call (draft)" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
