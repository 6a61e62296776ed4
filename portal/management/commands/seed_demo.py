"""Write the demo schedule (English and French) from portal/fixtures/demo.yaml, idempotently.

The pages every portal starts with (home, events index, chapter and working-group indexes, How
to join) and the Site at SITE_URL come from setup_site's own builder (portal/site_setup.py), so
the demo and a new portal never disagree; the demo's content goes under them. This command
places it: dates relative to today, each page and speaker under its fixed translation key (a
second run finds it and creates nothing), translations through wagtail-localize (a PO import,
as a translator's work would be), so the demo editor can open any French page in the
translation editor.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

import yaml

from events.domain import recurrence
from events.models import EventPage, EventSeriesPage, EventSpeaker, Speaker
from portal import address, site_setup
from portal.tree import LANGUAGES, TreeWriter, key, translation_strings

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "demo.yaml"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def next_weekday(day, weekday):
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def add_months(day, months):
    """The first day of the month `months` after `day`'s."""
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


class DemoWriter(TreeWriter):
    """The tree writer, with the demo's dates, speakers and holiday cancellations."""

    def __init__(self, data, now):
        super().__init__()
        self.now, self.today = now, now.date()
        self.no_calls = data["no_calls_on"]
        self.no_call_days = {
            tuple(int(n) for n in day.split("-")) for day in self.no_calls["dates"]
        }
        self.speakers = {spec["key"]: self.speaker(spec) for spec in data["speakers"]}

    def page_created(self, page, spec):
        for order, (speaker, part) in enumerate(spec.get("speakers", [])):
            EventSpeaker.objects.create(
                page=page, speaker=self.speakers[speaker], part=part, sort_order=order
            )

    def placed(self, page, spec):
        if isinstance(page, EventSeriesPage):
            self.cancel_no_call_days(spec, page)

    def speaker(self, spec):
        english = self.locales["en"]
        speaker = Speaker.objects.filter(translation_key=key(spec["key"]), locale=english).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                translation_key=key(spec["key"]),
                locale=english,
                agreement=spec.get("agreement", ""),
                **spec["en"],
            )
            self.created += 1
        strings = translation_strings(Speaker, spec["en"], spec["fr"], spec["key"])
        self.translate(speaker, self.locales["fr"], strings)
        return speaker

    # --- dates ------------------------------------------------------------------------------

    def shared_fields(self, spec, parent):
        """The shared fields of a page, its dates placed relative to today (see demo.yaml)."""
        fields = spec.get("schedule", {})
        values = {}
        for name, value in fields.items():
            if isinstance(value, dict):
                value = self.date(value, parent.specific)
                if name == "start_date" and not fields.get("date_tba"):
                    value = self.avoid_no_call_day(value)
            elif name.endswith("_time"):
                value = dt.time.fromisoformat(value)
            values[name] = value
        return values

    def date(self, spec, parent):
        if "months" in spec:
            month = add_months(self.today, spec["months"])
            if "nth" not in spec:
                return month
            first = next_weekday(month, WEEKDAYS.index(spec["weekday"]))
            return first + dt.timedelta(weeks=spec["nth"] - 1)
        day = self.occurrence(parent, spec["occurrence"]) if "occurrence" in spec else self.today
        day += dt.timedelta(days=spec.get("days", 0))
        if "weekday" in spec:
            day = next_weekday(day, WEEKDAYS.index(spec["weekday"]))
        return day

    def occurrence(self, series, n):
        """The series' `n`th date from now (1: the next), no-call days skipped."""
        starts = recurrence.next_dates(
            series.rule, series.tz, self.now, n=n + len(self.no_call_days)
        )
        days = [start.date() for start in starts if not self.is_no_call_day(start.date())]
        return days[n - 1]

    def is_no_call_day(self, day):
        return (day.month, day.day) in self.no_call_days

    def avoid_no_call_day(self, day):
        while self.is_no_call_day(day):
            day += dt.timedelta(weeks=1)
        return day

    def cancel_no_call_days(self, spec, series):
        """A page cancelling each date of `series` on a no-call day, up to some years ahead."""
        last = add_months(self.today, 12 * self.no_calls["years_ahead"])
        starts = recurrence.local_starts(
            series.rule,
            dt.datetime.combine(series.first_date, dt.time(0)),
            dt.datetime.combine(last, dt.time(0)),
        )
        for day in (start.date() for start in starts if self.is_no_call_day(start.date())):
            taken = EventPage.objects.filter(series_key=series.translation_key, occurrence_date=day)
            if taken.exists():
                continue
            names = {code: series.get_translation(self.locales[code]).title for code in LANGUAGES}
            text = {
                code: {
                    field: value.format(series=names[code], date=day.isoformat())
                    for field, value in self.no_calls[code].items()
                }
                for code in LANGUAGES
            }
            self.place(
                {
                    "key": f"{spec['key']}-no-call-{day.isoformat()}",
                    "type": "events.EventPage",
                    "source": spec.get("source", "en"),
                    **text,
                    "schedule": {"occurrence_date": day, "status": "cancelled"},
                },
                series,
            )


class Command(BaseCommand):
    help = "Create the demo schedule in English and French (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="Place the dates as if today were this day (YYYY-MM-DD).",
        )

    def handle(self, *args, **options):
        data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
        now = timezone.now()
        if options["today"]:
            now = dt.datetime.combine(options["today"], dt.time(0), tzinfo=dt.UTC)
        site_address = address.parse(settings.SITE_URL)
        with transaction.atomic():  # all or nothing: a failed run leaves no half tree
            writer = DemoWriter(data, now)
            home = site_setup.place_tree(writer, settings.SITE_NAMES)
            changed = site_setup.set_site(home, site_address, settings.SITE_NAMES["en"])
            for parent_key, children in data["under"].items():
                parent = Page.objects.get(translation_key=key(parent_key), locale=home.locale)
                for spec in children:
                    writer.place(spec, parent)
        if changed:
            self.stdout.write(f"Site: now at {site_address.url} ({', '.join(changed)}).")
        self.stdout.write(f"Demo schedule ready ({writer.created} pages or snippets created).")
        if settings.DEBUG:
            self.ensure_admin(site_address.url)

    def ensure_admin(self, site_url):
        """A local admin for the demo; development settings only (DEBUG)."""
        user_model = get_user_model()
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.org", "caucus-demo")
        self.stdout.write(
            f"Demo editor: sign in at {site_url}/admin/ as admin / caucus-demo (development only)."
        )
