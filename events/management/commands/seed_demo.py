"""Write the demo schedule (English and French) from events/fixtures/demo.yaml, idempotently.

The data file says what the demo holds; this command places it: dates relative to today, each
page and speaker under its fixed translation key (a second run finds it and creates nothing),
translations through wagtail-localize (a PO import, as a translator's work would be), so the
demo editor can open any French page in the translation editor.
"""

import datetime as dt
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

import yaml

from events import recurrence
from events.models import EventPage, EventSeriesPage, EventSpeaker, Speaker

DATA = Path(__file__).resolve().parents[2] / "fixtures" / "demo.yaml"
NAMESPACE = uuid.UUID("6f6b1f2e-8d0c-4c8e-9a51-3c1f0e0c2a11")
LANGUAGES = ("en", "fr")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def key(name):
    return uuid.uuid5(NAMESPACE, name)


def next_weekday(day, weekday):
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def add_months(day, months):
    """The first day of the month `months` after `day`'s."""
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def translation_strings(model, source, target, name):
    """{source text: its translation} as wagtail-localize's PO file lists them: one entry per
    plain field, one per rich-text paragraph (both as HTML: "&" is "&amp;")."""
    if set(source) != set(target):
        raise CommandError(f"{name}: the two languages give different fields")
    strings = {}
    for field, text in source.items():
        if isinstance(model._meta.get_field(field), RichTextField):
            mine, theirs = extract_strings(text)[1], extract_strings(target[field])[1]
            if len(mine) != len(theirs):
                raise CommandError(f"{name}: {field} differs in paragraphs between languages")
            strings.update({a.data: b.data for (a, _), (b, _) in zip(mine, theirs, strict=True)})
        else:
            strings[StringValue.from_plaintext(text).data] = StringValue.from_plaintext(
                target[field]
            ).data
    return strings


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
        self.now = timezone.now()
        if options["today"]:
            self.now = dt.datetime.combine(options["today"], dt.time(0), tzinfo=dt.UTC)
        self.today = self.now.date()
        self.no_calls = data["no_calls_on"]
        self.no_call_days = {
            tuple(int(n) for n in day.split("-")) for day in self.no_calls["dates"]
        }
        self.created = 0
        with transaction.atomic():  # all or nothing: a failed run leaves no half tree
            self.locales = {
                code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES
            }
            self.speakers = {spec["key"]: self.speaker(spec) for spec in data["speakers"]}
            home = self.place(data["home"], Page.get_first_root_node())
            self.make_site_root(home)
        self.stdout.write(f"Demo schedule ready ({self.created} pages or snippets created).")
        if settings.DEBUG:
            self.ensure_admin()

    # --- pages and speakers -----------------------------------------------------------------

    def place(self, spec, parent):
        """The page `spec` under `parent` (or its translation), translated, then its children."""
        model = apps.get_model(spec["type"])
        source = spec.get("source", "en")
        (target,) = set(LANGUAGES) - {source}
        if parent.depth > 1:
            parent = parent.get_translation(self.locales[source])
        page = self.page(spec, model, parent, source)
        strings = translation_strings(model, spec[source], spec[target], spec["key"])
        self.translate(page, self.locales[target], strings)
        for child in spec.get("children", []):
            self.place(child, page)
        if model is EventSeriesPage:
            self.cancel_no_call_days(spec, page)
        return page

    def page(self, spec, model, parent, language):
        """The demo page `spec` in `language`, created (and published) if missing."""
        locale = self.locales[language]
        existing = model.objects.filter(translation_key=key(spec["key"]), locale=locale).first()
        if existing:
            return existing
        fields = {**spec[language], **self.schedule(spec.get("schedule", {}), parent)}
        page = model(translation_key=key(spec["key"]), locale=locale, **fields)
        parent.add_child(instance=page)
        for order, (speaker, part) in enumerate(spec.get("speakers", [])):
            EventSpeaker.objects.create(
                page=page, speaker=self.speakers[speaker], part=part, sort_order=order
            )
        page.save_revision().publish()
        self.created += 1
        return model.objects.get(pk=page.pk)

    def speaker(self, spec):
        english = self.locales["en"]
        speaker = Speaker.objects.filter(translation_key=key(spec["key"]), locale=english).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                translation_key=key(spec["key"]), locale=english, **spec["en"]
            )
            self.created += 1
        strings = translation_strings(Speaker, spec["en"], spec["fr"], spec["key"])
        self.translate(speaker, self.locales["fr"], strings)
        return speaker

    def translate(self, instance, locale, strings):
        """Translate `instance` into `locale` with wagtail-localize, from {source: target}."""
        model = type(instance)
        done = model.objects.filter(translation_key=instance.translation_key, locale=locale)
        if done.exists():
            return
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        po = translation.export_po()
        for entry in po:
            entry.msgstr = strings.get(entry.msgid, "")
        translation.import_po(po)
        if isinstance(instance, Page):
            # wagtail-localize would publish in an on_commit callback, which inside a
            # transaction saves a stale copy of the page later; publish the revision now.
            translation.save_target(publish=False)
            model.objects.get(
                translation_key=instance.translation_key, locale=locale
            ).get_latest_revision().publish()
        else:
            translation.save_target(publish=True)
        self.created += 1

    def make_site_root(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                root_page=home,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
        elif site.root_page_id != home.pk:
            old_root = site.root_page
            site.root_page = home
            site.site_name = settings.WAGTAIL_SITE_NAME
            site.save()
            if old_root.specific_class is Page and old_root.depth == 2:
                old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder

    # --- dates ------------------------------------------------------------------------------

    def schedule(self, fields, parent):
        """The shared fields of a page, its dates placed relative to today (see demo.yaml)."""
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

    def ensure_admin(self):
        """A local admin for the demo; development settings only (DEBUG)."""
        user_model = get_user_model()
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.org", "caucus-demo")
        self.stdout.write(
            "Demo editor: sign in at http://127.0.0.1:8000/admin/ as admin / caucus-demo "
            "(development only)."
        )
