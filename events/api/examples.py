"""Realistic sample records of /api/v1/, one per schema component, for the OpenAPI document.

events.api.schema copies each value next to the property it illustrates, and the Event sample
is also the documented response of the event endpoints. Keep a sample's keys equal to its
serializer's fields: tests/events/api/test_schema.py fails on any property left without an
example. The records tell one consistent story: the monthly All-Caucus Call (3rd Monday, 11:00
Pacific) whose May 18th, 2026 session has its own page, with a speaker.

The ids are also the example values of the query and path parameters, so every example in the
schema must be a request the API accepts: tests/events/api/conftest.py builds this story as
records (`example_schedule`), and test_schema.py and test_contract.py send every example to it.
"""

SITE = "https://example.org"
API = f"{SITE}/api/v1"

# Stable ids (translation keys): one per event, series, host and speaker, in every language.
# They are the demo schedule's (`portal.tree.key(name)`, as seed_demo places them), so each
# example parameter is a request that `make run` answers: a filter naming a record that does
# not exist is a 400.
SERIES_ID = "b6f5f00f-77e5-5869-9655-92ad3a62464a"  # key("all-caucus-call")
EVENT_ID = "b08fa609-93ee-5bc2-9794-65c2897f3946"  # key("bc-meeting"), a one-off event
NETWORK_ID = "f16a1120-dc1d-5095-a03d-9af4a3283923"  # key("events"), the events index
CHAPTER_ID = "7c3049ed-a364-56fb-8915-6829959d2eb1"  # key("chapter-bc")
WORKING_GROUP_ID = "e1d5850c-e53e-5471-8871-e364f6ede8d1"  # key("wg-outdoor-rec")
SPEAKER_ID = "7441f3ef-42de-5cb2-a7a5-478a2b81cee9"  # key("speaker-candel")
# An occurrence: the series id and the original local start
# (events.reads.occurrences.occurrence_id).
OCCURRENCE_ID = f"{SERIES_ID}_20260518T110000"

SERIES_URL = f"{SITE}/en/events/all-caucus-call/"
OCCURRENCE_URL = f"{SERIES_URL}bee-city/"
CHAPTER_URL = f"{SITE}/en/chapters/bc-chapter/"
WORKING_GROUP_URL = f"{SITE}/en/working-groups/outdoor-rec-rural-small/"

RENDITION = {
    "name": "small",
    "url": f"{SITE}/media/images/shelly-candel.2e16d0ba.fill-160x160.jpg",
    "width": 160,
    "height": 160,
}
PHOTO = {
    "alt": "Shelly Candel smiling in a community garden",
    "width": 1200,
    "height": 1200,
    "renditions": [
        RENDITION,
        {
            "name": "large",
            "url": f"{SITE}/media/images/shelly-candel.2e16d0ba.fill-480x480.jpg",
            "width": 480,
            "height": 480,
        },
    ],
}
NETWORK_HOST = {
    "type": "network",
    "id": NETWORK_ID,
    "name": "Events",
    "url": f"{SITE}/en/events/",
}
CHAPTER_HOST = {"type": "chapter", "id": CHAPTER_ID, "name": "B.C. Chapter", "url": CHAPTER_URL}
SERIES_SUMMARY = {
    "id": SERIES_ID,
    "title": "All-Caucus Call",
    "url": SERIES_URL,
    "rrule": "FREQ=MONTHLY;BYDAY=3MO",
}
EVENT_SPEAKER = {
    "id": SPEAKER_ID,
    "name": "Shelly Candel",
    "role": "presenter",
    "role_label": "Presenter",
    "title": "Founder",
    "organisation": "Bee City Canada",
    "language": "en",
    "photo": PHOTO,
}
EVENT = {
    "id": OCCURRENCE_ID,
    "uid": SERIES_ID,
    "recurrence_id": "2026-05-18T11:00:00-07:00",
    "title": "Bee City: protecting pollinators together",
    "summary": "How cities, towns, First Nations, schools and businesses can become a Bee City "
    "and protect pollinators.",
    "language": "en",
    "translations": {
        "en": OCCURRENCE_URL,
        "fr": f"{SITE}/fr/evenements/appel-du-caucus/ville-abeille/",
    },
    "url": OCCURRENCE_URL,
    "ics_url": f"{OCCURRENCE_URL}calendar.ics",
    "start": "2026-05-18T11:00:00-07:00",
    "end": "2026-05-18T12:00:00-07:00",
    "month": None,
    "timezone": "America/Vancouver",
    "all_day": False,
    "date_tba": False,
    "status": "scheduled",
    "status_label": "Scheduled",
    "status_reason": "",
    "audience": "public",
    "audience_label": "Open to all",
    "sequence": 0,
    "host": NETWORK_HOST,
    "series": SERIES_SUMMARY,
    "speakers": [EVENT_SPEAKER],
    "image": {
        "alt": "A bumblebee on a purple coneflower",
        "width": 2400,
        "height": 1600,
        "renditions": [
            {
                "name": "card",
                "url": f"{SITE}/media/images/bee-city.5f3a9c21.fill-800x450.jpg",
                "width": 800,
                "height": 450,
            },
            {
                "name": "large",
                "url": f"{SITE}/media/images/bee-city.5f3a9c21.max-1600x1600.jpg",
                "width": 1600,
                "height": 1067,
            },
        ],
    },
    "last_modified": "2026-04-30T17:02:11.120000+00:00",
    # Open to all, and its editor published the registration link openly: anyone gets it.
    "join_url": "https://zoom.us/webinar/register/WN_bee-city-caucus",
    # Anonymous callers always get null; see ACCESS_DETAILS for a member's answer.
    "access_details": None,
}
# What a member entitled to join sees in `access_details`, with their personal API token.
ACCESS_DETAILS = {
    "join_url": "https://zoom.us/j/81234567890",
    "dial_in": "+1 778 907 2071\n+1 438 809 7799",
    "passcode": "482913",
    "notes": "Please join five minutes early; the host admits participants from 10:55.",
}
# The June session was cancelled and its page unpublished: a client drops it by id.
REMOVAL = {"id": f"{SERIES_ID}_20260615T110000", "uid": SERIES_ID, "removed": True}
SERIES = {
    "id": SERIES_ID,
    "title": "All-Caucus Call",
    "summary": "A monthly call to meet climate leaders from across Canada, with guest speakers "
    "on local climate issues and initiatives.",
    "language": "en",
    "url": SERIES_URL,
    "translations": {"en": SERIES_URL, "fr": f"{SITE}/fr/evenements/appel-du-caucus/"},
    "ics_url": f"{SERIES_URL}calendar.ics",
    "events": f"{API}/events/?series={SERIES_ID}",
    "host": NETWORK_HOST,
    "rrule": "FREQ=MONTHLY;BYDAY=3MO",
    "first_date": "2026-01-19",
    "until": None,
    "count": None,
    "start_time": "11:00:00",
    "end_time": "12:00:00",
    "timezone": "America/Vancouver",
    "audience": "public",
    "status": "scheduled",
    "status_reason": "",
    "last_published_at": "2026-04-30T17:02:11.120000+00:00",
}
CHAPTER = {
    "id": CHAPTER_ID,
    "name": "B.C. Chapter",
    "summary": "Elected officials from across British Columbia acting on climate together.",
    "region": "British Columbia",
    "language": "en",
    "url": CHAPTER_URL,
    "translations": {
        "en": CHAPTER_URL,
        "fr": f"{SITE}/fr/sections/section-colombie-britannique/",
    },
    "ics_url": f"{CHAPTER_URL}calendar.ics",
    "events": f"{API}/events/?chapter={CHAPTER_ID}",
}
WORKING_GROUP = {
    "id": WORKING_GROUP_ID,
    "name": "Outdoor Rec / Rural & Small Communities",
    "summary": "Open to municipal staff as well as elected members.",
    "language": "en",
    "url": WORKING_GROUP_URL,
    "translations": {
        "en": WORKING_GROUP_URL,
        "fr": f"{SITE}/fr/groupes-de-travail/plein-air-rural-petites-collectivites/",
    },
    "ics_url": f"{WORKING_GROUP_URL}calendar.ics",
    "events": f"{API}/events/?working_group={WORKING_GROUP_ID}",
}
SPEAKER = {
    "id": SPEAKER_ID,
    "name": "Shelly Candel",
    "title": "Founder",
    "organisation": "Bee City Canada",
    "bio": "Founded Bee City Canada to bring communities together around pollinators.",
    "language": "en",
    "photo": PHOTO,
    "events": f"{API}/events/?speaker={SPEAKER_ID}",
}
ROOT = {
    "events": f"{API}/events/",
    "series": f"{API}/series/",
    "chapters": f"{API}/chapters/",
    "working_groups": f"{API}/working-groups/",
    "speakers": f"{API}/speakers/",
    "changes": f"{API}/changes/",
    "schema": f"{API}/schema/",
    "docs": f"{API}/docs/",
    "content_api": f"{SITE}/api/v2/pages/",
    "calendars": {
        "en": f"{SITE}/en/events/calendar.ics",
        "fr": f"{SITE}/fr/evenements/calendar.ics",
    },
}

# The May 18th session of the All-Caucus Call moved from 11:00 to 12:00 Pacific.
CHANGE = {
    "id": f"{SERIES_ID}/2026-05-18T11:00:00-07:00/1",
    "event": OCCURRENCE_ID,
    "uid": SERIES_ID,
    "recurrence_id": "2026-05-18T11:00:00-07:00",
    "sequence": 1,
    "series": SERIES_ID,
    "changed_at": "2026-05-04T15:20:00Z",
    "what": ["time"],
    "title": "Bee City: pollinator-friendly municipalities",
    "reason": "",
    "before": {
        "starts_at": "2026-05-18T18:00:00Z",
        "ends_at": "2026-05-18T19:00:00Z",
        "timezone": "America/Vancouver",
        "status": "scheduled",
    },
    "after": {
        "starts_at": "2026-05-18T19:00:00Z",
        "ends_at": "2026-05-18T20:00:00Z",
        "timezone": "America/Vancouver",
        "status": "scheduled",
    },
    "summary": [
        {
            "label": "When",
            "before": "Monday, May 18, 2026, 11:00 a.m. PDT / 2:00 p.m. EDT",
            "after": "Monday, May 18, 2026, 12:00 p.m. PDT / 3:00 p.m. EDT",
        }
    ],
}


def page_of(item, resource, **extra):
    """A paginated envelope holding `item`: the second page of 20, with more to come."""
    return {
        "count": 47,
        "next": f"{API}/{resource}/?limit=20&offset=40",
        "previous": f"{API}/{resource}/?limit=20",
        "results": [item],
        **extra,
    }


# {component name in the schema: its sample}.
COMPONENTS = {
    "Event": EVENT,
    "AccessDetails": ACCESS_DETAILS,
    "EventPage": page_of(EVENT, "events", removed=[REMOVAL]),
    "Removal": REMOVAL,
    "Host": CHAPTER_HOST,
    "SeriesSummary": SERIES_SUMMARY,
    "EventSpeaker": EVENT_SPEAKER,
    "Image": PHOTO,
    "Rendition": RENDITION,
    "Series": SERIES,
    "SeriesPage": page_of(SERIES, "series"),
    "Chapter": CHAPTER,
    "ChapterPage": page_of(CHAPTER, "chapters"),
    "WorkingGroup": WORKING_GROUP,
    "WorkingGroupPage": page_of(WORKING_GROUP, "working-groups"),
    "Speaker": SPEAKER,
    "SpeakerPage": page_of(SPEAKER, "speakers"),
    "Root": ROOT,
    "ScheduleState": CHANGE["after"],
    "ChangeLine": CHANGE["summary"][0],
    "Change": CHANGE,
    "ChangePage": page_of(CHANGE, "changes"),
}
