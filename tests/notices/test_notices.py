"""Change notices: one e-mail per follower, in their language and zone, with the feed's
calendar identity (UID, RECURRENCE-ID, SEQUENCE) and join details only where entitled."""

import datetime as dt

from django.core import mail

from icalendar import Calendar

from notices.models import Change, Delivery
from tests.access_fixtures import CANARY
from tests.factories import event
from tests.helpers import plain
from tests.notices.conftest import IN_THREE_WEEKS, publish_change


def attachment(message):
    """(METHOD, the parsed calendar) of a notice's text/calendar part."""
    parts = [p for p in message.attachments if getattr(p, "get_content_type", None)]
    [part] = [p for p in parts if p.get_content_type() == "text/calendar"]
    cal = Calendar.from_ical(part.get_payload(decode=True))
    assert part.get_param("method") == str(cal["METHOD"])
    return str(cal["METHOD"]), cal


def identities(cal):
    return {
        (
            str(e["UID"]),
            e["RECURRENCE-ID"].dt.isoformat() if "RECURRENCE-ID" in e else None,
            int(e["SEQUENCE"]),
        )
        for e in cal.walk("VEVENT")
    }


def feed_of(client, page, language="en"):
    response = client.get(page.get_url() + "calendar.ics", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def everything(message):
    """Every part of a message as text: subject, plain, HTML, calendar."""
    texts = [message.subject, message.body] + [body for body, _type in message.alternatives]
    for part in message.attachments:
        texts.append(part.get_payload(decode=True).decode())
    return "\n".join(texts)


def test_moving_a_followed_call_sends_one_request_per_follower(client, call, elected_en, staff_fr):
    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    assert sorted(m.to[0] for m in mail.outbox) == [elected_en.email, staff_fr.email]
    english = next(m for m in mail.outbox if m.to == [elected_en.email])
    method, cal = attachment(english)
    assert method == "REQUEST"
    public = identities(feed_of(client, call))
    assert identities(cal) == public == {(str(call.translation_key), None, 1)}
    # Before → after in the member's zone (Nova Scotia: Atlantic) and the announced zones.
    body = plain(english.body)
    assert "Before: " in body and "Now: " in body
    before, now = body.split("Before: ")[1].split("Now: ")
    assert "2:00 p.m. AST (11:00 a.m. MST" in before  # Vancouver keeps UTC-7 from 2026
    assert "3:00 p.m. AST (12:00 p.m. MST" in now
    assert english.subject == "New time: Bee City"
    assert english.alternatives[0][1] == "text/html"
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Change.objects.count() == 1
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 2


def test_the_french_member_gets_french_text_and_times(call, staff_fr):
    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    [message] = mail.outbox
    assert plain(message.subject) == "Nouvelle heure : Bee City"
    body = plain(message.body)
    assert "Avant :" in body and "Maintenant :" in body
    # Quebec member: Eastern time first, in French (OQLF) form, then the announced zones.
    assert "Nouvelle heure : Bee City" in body
    before, now = body.split("Avant : ")[1].split("Maintenant : ")
    assert "13 h HNE (11 h HNR)" in before  # Toronto, a reference zone: said once
    assert "14 h HNE (12 h HNR)" in now
    assert "Arrêter les avis de changement" in body


def test_join_details_only_for_the_entitled_member(call, elected_en, staff_fr):
    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    by_user = {m.to[0]: everything(m) for m in mail.outbox}
    assert CANARY in by_user[elected_en.email]
    assert CANARY not in by_user[staff_fr.email]


def test_a_cancellation_sends_cancel(client, call, elected_en):
    publish_change(call, status="cancelled", status_reason="Speaker unwell")
    [message] = mail.outbox
    method, cal = attachment(message)
    assert method == "CANCEL"
    assert identities(cal) == identities(feed_of(client, call))
    assert [str(e["STATUS"]) for e in cal.walk("VEVENT")] == ["CANCELLED"]
    assert "Speaker unwell" in message.body
    assert message.subject == "Cancelled: Bee City"


def test_a_typo_fix_sends_nothing_and_records_nothing(call, elected_en):
    publish_change(call, title="Bee City!")
    assert mail.outbox == []
    assert not Change.objects.exists()


def test_publishing_twice_sends_once(call, elected_en):
    call = publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    publish_change(call)
    publish_change(call, title="Bee City (new time)")
    assert len(mail.outbox) == 1
    assert Change.objects.count() == 1


def test_moving_a_series_date_carries_its_recurrence_id(client, calls, elected_en):
    day = IN_THREE_WEEKS + dt.timedelta(days=7)
    override = event(
        calls, title="Guest speaker", start_date=None, start_time=None, end_time=None,
        timezone="", occurrence_date=day,
    )  # fmt: skip
    assert mail.outbox == []  # same time as the series gives: nothing to announce
    publish_change(override, start_date=day, start_time=dt.time(9), end_time=dt.time(10))
    [message] = mail.outbox
    _method, cal = attachment(message)
    [identity] = identities(cal)
    assert identity[1] is not None  # RECURRENCE-ID: the original start
    assert identity in identities(feed_of(client, calls))
    change = Change.objects.get()
    assert change.series_key == calls.translation_key


def test_a_series_time_change_updates_the_master_event(client, calls, elected_en):
    publish_change(calls, start_time=dt.time(10), end_time=dt.time(11))
    [message] = mail.outbox
    _method, cal = attachment(message)
    assert (str(calls.translation_key), None, 1) in identities(cal)
    assert identities(cal) <= identities(feed_of(client, calls))


def test_a_member_not_following_gets_nothing(call, django_user_model):
    from tests.access_fixtures import make_user

    make_user(django_user_model, "quiet", "Elected officials")
    publish_change(call, start_time=dt.time(12), end_time=dt.time(13))
    assert mail.outbox == []
    assert Change.objects.count() == 1


def test_following_a_host_covers_its_events_only(django_user_model, chapter, event_index):
    from notices.models import Follow
    from tests.notices.conftest import member

    fan = member(django_user_model, "fan", "Elected officials", follow=chapter.translation_key)
    assert Follow.objects.get(user=fan).scope == Follow.Scope.HOST
    elsewhere = event(event_index, title="Elsewhere", start_date=IN_THREE_WEEKS)
    here = event(chapter, title="Here", start_date=IN_THREE_WEEKS)
    publish_change(elsewhere, start_time=dt.time(12), end_time=dt.time(13))
    assert mail.outbox == []
    publish_change(here, start_time=dt.time(12), end_time=dt.time(13))
    assert [m.to for m in mail.outbox] == [[fan.email]]
