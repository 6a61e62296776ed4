"""The member's notice settings page, the profile's defaults, and one-click unsubscribe."""

import datetime as dt
import re

from django.core import mail

import pytest

from notices import services, tokens
from notices.models import Follow, Kind, Profile
from tests.notices.conftest import member, publish_change


def unsubscribe_path(message):
    url = re.search(r"<([^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert url in message.body  # the same link in the text, for a person to follow
    return url.split("://", 1)[1].split("/", 1)[1]


def test_profile_defaults_from_the_access_request(django_user_model, db):
    user = member(django_user_model, "yves", "Municipal staff", "fr", "NB")
    profile = services.profile_for(user)
    assert (profile.language, profile.timezone) == ("fr", "America/Moncton")


def test_profile_without_a_request_is_english_eastern(django_user_model, db):
    user = django_user_model.objects.create_user("plain", "plain@example.org", "pw")
    profile = services.profile_for(user)
    assert (profile.language, profile.timezone) == ("en", "America/Toronto")


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "What you follow"), ("fr", "Ce que vous suivez")]
)
def test_follows_page_lists_network_hosts_and_series(
    client, elected_en, chapter, calls, language, heading
):
    client.force_login(elected_en)
    response = client.get(f"/{language}/account/notices/")
    html = response.content.decode()
    assert heading in html
    assert "B.C. Chapter" in html or "Section C.-B." in html
    assert "Weekly call" in html
    assert re.search(r"<input[^>]*name=\"notices-network\"[^>]*checked", html)


def test_follows_page_saves_follows_and_zone(client, elected_en, chapter):
    client.force_login(elected_en)
    key = chapter.translation_key
    response = client.post(
        "/en/account/notices/",
        {
            "profile-language": "fr",
            "profile-timezone": "America/Halifax",
            f"reminders-{key}": "on",
            f"digest-{key}": "on",
        },
    )
    assert response.status_code == 302
    follow = Follow.objects.get(user=elected_en)  # the network follow was unticked: removed
    assert (follow.key, follow.notices, follow.reminders, follow.digest) == (key, False, True, True)
    assert Profile.objects.get(user=elected_en).language == "fr"


def test_follows_page_rejects_an_unknown_zone_on_its_field(client, elected_en):
    client.force_login(elected_en)
    response = client.post(
        "/en/account/notices/", {"profile-language": "en", "profile-timezone": "Mars/Base"}
    )
    assert response.status_code == 200
    assert "id_profile-timezone_error" in response.content.decode()
    assert Follow.objects.filter(user=elected_en, notices=True).exists()


def test_follows_page_needs_a_sign_in(client, db):
    response = client.get("/en/account/notices/")
    assert response.status_code == 302
    assert "/en/account/login/" in response["Location"]


def test_the_unsubscribe_link_stops_notices(client, call, elected_en):
    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    path = unsubscribe_path(mail.outbox[0])
    page = client.get("/" + path)
    assert "Stop receiving “Change notices” e-mails" in page.content.decode()
    assert Follow.objects.get(user=elected_en).notices  # a GET (a link scanner) changes nothing
    done = client.post("/" + path)
    assert "you will no longer receive" in done.content.decode()
    mail.outbox.clear()
    publish_change(call, start_time=dt.time(14), end_time=dt.time(15))
    assert mail.outbox == []


def test_the_one_click_post_stops_notices_without_a_session(call, elected_en):
    from django.test import Client

    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    path = unsubscribe_path(mail.outbox[0])
    # What a mail client sends (RFC 8058): a POST with this body, no cookie, no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        "/" + path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert not Follow.objects.get(user=elected_en).notices
    mail.outbox.clear()
    publish_change(call, start_time=dt.time(14), end_time=dt.time(15))
    assert mail.outbox == []


def test_an_altered_token_is_refused(client, elected_en):
    token = tokens.make(elected_en, Kind.NOTICE)
    response = client.post(f"/en/account/notices/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert Follow.objects.get(user=elected_en).notices


def test_a_retried_task_sends_nothing_twice(call, elected_en):
    from notices.models import Change, Delivery

    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    change = Change.objects.get()
    services.queue_change_notices(change.pk)
    delivery = Delivery.objects.get()
    assert services.send(delivery.pk) is False
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1
