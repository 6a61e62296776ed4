"""Print, as JSON, the URLs bench/run.py loads: real pages picked from the built dataset.

Feeds and API URLs are derived by their documented shapes (docs/architecture.md#surfaces); run.py
keeps only the ones that answer 200 on the branch it runs from.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.utils import timezone  # noqa: E402

from chapters.models import ChapterPage, WorkingGroupPage  # noqa: E402
from events.models import EventIndexPage, EventPage  # noqa: E402


def first_live(model, language, **filters):
    pages = model.objects.live().public().filter(locale__language_code=language, **filters)
    return pages.order_by("path").first()


index = first_live(EventIndexPage, "en")
index_fr = first_live(EventIndexPage, "fr")
chapter = first_live(ChapterPage, "en")
group = first_live(WorkingGroupPage, "en")
event = (
    EventPage.objects.live()
    .public()
    .filter(locale__language_code="en", starts_at__gte=timezone.now(), slug__startswith="bench-")
    .order_by("starts_at")
    .first()
) or first_live(EventPage, "en")
urls = {
    "home": "/en/",
    "home (fr)": "/fr/",
    "events index": index.get_url(),
    "events index (fr)": index_fr.get_url(),
    "chapter": chapter.get_url(),
    "working group": group.get_url(),
    "event page": event.get_url(),
    "API list": "/api/v1/events/",
    # The API's ids are translation keys (occurrence ids for series dates), not page ids.
    "API detail": f"/api/v1/events/{event.translation_key}/",
    "network feed": index.get_url() + "calendar.ics",
    "chapter feed": chapter.get_url() + "calendar.ics",
    "event feed": event.get_url() + "calendar.ics",
}
# Not a URL: the event bench/run.py re-times while under load.
urls["_event_pk"] = event.pk
print(json.dumps(urls))
