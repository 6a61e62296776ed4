"""The header (issue 12 item 2): Events, Chapters and working groups, How to join, Sign in or the
member's name; the language switch keeps the query; nothing personal in the shared page cache.
The title and the favicon (item 8)."""

import pytest

from home.models import StandardPage
from tests.factories import add, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(event_index, chapter, home):
    join = add(home, StandardPage(title="How to join", slug="join"))
    translate(join, "fr", title="Comment adhérer", slug="adherer")
    return join


def header(response):
    text = response.text
    return text[text.index("<header") : text.index("</header>")]


def test_anonymous_header_links_every_section_and_sign_in(client, site):
    html = header(client.get("/en/chapters/bc/"))
    for href, label in (
        ("/en/events/", "Events"),
        ("/en/chapters/", "Chapters and working groups"),
        ("/en/join/", "How to join"),
        ("/en/account/login/?next=/en/chapters/bc/", "Sign in"),
    ):
        assert f'<a href="{href}"' in html and f">{label}</a>" in html, label
    french = header(client.get("/fr/sections/section-cb/"))
    for href, label in (
        ("/fr/evenements/", "Événements"),
        ("/fr/sections/", "Sections et groupes de travail"),
        ("/fr/adherer/", "Comment participer"),
        ("/fr/account/login/?next=/fr/sections/section-cb/", "Se connecter"),
    ):
        assert f'<a href="{href}"' in french and f">{label}</a>" in french, label


def test_member_header_names_them_and_is_never_cached_for_others(
    client, site, django_user_model, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    member = django_user_model.objects.create_user(
        "ada@example.org", password="pw", first_name="Ada", last_name="Lovelace"
    )
    client.force_login(member)
    html = header(client.get("/en/events/"))
    assert "Ada Lovelace" in html and "My account" in html and "Sign out" in html
    client.logout()
    client.cookies.clear()
    first = client.get("/en/events/")
    second = client.get("/en/events/")
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert "Ada" not in response.text and "Sign out" not in response.text
        assert "csrfmiddlewaretoken" not in response.text


def test_language_switch_keeps_filters_and_page(client, site, chapter):
    html = header(client.get("/en/events/?chapter=bc&page=2"))
    assert 'href="/fr/evenements/?chapter=section-cb&amp;page=2"' in html
    back = header(client.get("/fr/evenements/?chapter=section-cb&page=2"))
    assert 'href="/en/events/?chapter=bc&amp;page=2"' in back


def test_chapters_index_lists_working_groups_too(client, site, working_group):
    text = client.get("/en/chapters/").text
    assert "B.C. Chapter" in text and working_group.title in text


def test_home_title_is_not_doubled(client, home):
    assert "<title>Climate Caucus Events</title>" in client.get("/en/").text


def test_favicon_answers_at_the_root_and_is_linked(client, home):
    response = client.get("/favicon.ico")
    # Read to the end, the test client closes the streamed file itself. (Closing the response
    # by hand would send request_finished with close_old_connections connected, which on
    # PostgreSQL closes the test's connection inside its transaction.)
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert body.startswith(b"\x00\x00\x01\x00")  # ICO
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/en/").text


def test_join_page_links_request_and_sign_in_back_to_where_the_reader_was(client, site):
    text = client.get("/en/join/?next=/en/events/").text
    assert 'href="/en/account/request-access/"' in text
    assert 'href="/en/account/login/?next=/en/events/"' in text
    # Another site's address is not followed: Sign in returns to this page instead.
    evil = client.get("/en/join/?next=https://evil.example/").text
    assert "evil.example" not in evil.split("<main", 1)[1]
    assert 'href="/en/account/login/?next=/en/join/"' in evil


def test_sign_in_returns_to_the_page_it_came_from(client, site, django_user_model):
    django_user_model.objects.create_user("ada@example.org", password="pw-long-enough")
    response = client.post(
        "/en/account/login/?next=/en/events/",
        {"username": "ada@example.org", "password": "pw-long-enough", "next": "/en/events/"},
    )
    assert response.status_code == 302 and response["Location"] == "/en/events/"
    client.logout()
    evil = client.post(
        "/en/account/login/",
        {
            "username": "ada@example.org",
            "password": "pw-long-enough",
            "next": "https://evil.example/",
        },
    )
    assert evil["Location"] == "/en/account/"
