"""Factories for the suite: real pages in a real tree, published through real revisions."""

import datetime as dt

from wagtail.models import Locale

import factory

from events.domain.choices import Audience
from events.models import EventPage, EventSeriesPage, EventSpeaker, Speaker

PACIFIC = "America/Vancouver"


def publish(page):
    """Publish the page's current state as a revision; return it fresh from the database."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def add(parent, page):
    """Add `page` under `parent` (same locale) and publish it."""
    page.locale = parent.locale
    parent.add_child(instance=page)
    return publish(page)


def translate(page, language, **fields):
    """Wagtail's own translation copy (no wagtail-localize sync), published, with `fields`."""
    locale = Locale.objects.get(language_code=language)
    copy = page.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return publish(copy)


def event(parent, title="Event", **fields):
    defaults = {
        "slug": None,
        "start_date": dt.date(2026, 5, 18),
        "start_time": dt.time(11),
        "end_time": dt.time(12),
        "timezone": PACIFIC,
        "audience": Audience.PUBLIC,
    }
    defaults.update(fields)
    defaults["slug"] = defaults["slug"] or factory.Faker._get_faker().unique.slug()
    return add(parent, EventPage(title=title, **defaults))


def series(parent, title="Series", **fields):
    defaults = {
        "slug": None,
        "first_date": dt.date(2026, 1, 7),  # a Wednesday
        "frequency": "weekly",
        "interval": 2,
        "start_time": dt.time(11),
        "end_time": dt.time(12),
        "timezone": PACIFIC,
        "audience": Audience.ELECTED,
    }
    defaults.update(fields)
    defaults["slug"] = defaults["slug"] or factory.Faker._get_faker().unique.slug()
    return add(parent, EventSeriesPage(title=title, **defaults))


class SpeakerFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name")
    role = "Councillor"
    organisation = factory.Faker("city")
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="en"))

    class Meta:
        model = Speaker


def add_speakers(page, speakers, part="presenter"):
    for order, speaker in enumerate(speakers):
        EventSpeaker.objects.create(page=page, speaker=speaker, part=part, sort_order=order)
