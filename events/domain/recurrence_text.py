"""A series' recurrence rule in plain words, in the reader's language.

"Every second Wednesday" / "Un mercredi sur deux"; "Monthly on the third Monday" / "Le troisième
lundi de chaque mois". Whole sentences are gettext messages (word order differs between English
and French, so they are never assembled from fragments); weekday names and dates come from CLDR
through Babel. French weekdays are all masculine, so one form of each ordinal suffices.
"""

import functools

from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext

from babel import dates as babel_dates

from events.domain import recurrence, timefmt
from home.i18n import babel_locale


def _ordinal(setpos):
    """The nth weekday of a month in words: first … fourth, or last (-1)."""
    words = {
        1: pgettext("nth weekday of the month", "first"),
        2: pgettext("nth weekday of the month", "second"),
        3: pgettext("nth weekday of the month", "third"),
        4: pgettext("nth weekday of the month", "fourth"),
        -1: pgettext("nth weekday of the month", "last"),
    }
    return words[setpos]


def _weekly(interval, weekday):
    if interval == 1:
        return gettext("Every %(weekday)s") % {"weekday": weekday}
    if interval == 2:
        return gettext("Every second %(weekday)s") % {"weekday": weekday}
    if interval == 3:
        return gettext("Every third %(weekday)s") % {"weekday": weekday}
    return gettext("Every %(n)d weeks on %(weekday)s") % {"n": interval, "weekday": weekday}


def _monthly_weekday(interval, ordinal, weekday):
    values = {"nth": ordinal, "weekday": weekday, "n": interval}
    if interval == 1:
        return gettext("Monthly on the %(nth)s %(weekday)s") % values
    if interval == 2:
        return gettext("Every second month on the %(nth)s %(weekday)s") % values
    return gettext("Every %(n)d months on the %(nth)s %(weekday)s") % values


def _monthly_day(interval, day):
    # French writes the first of the month as an ordinal ("le 1er"): its own message.
    if day == 1:
        if interval == 1:
            return gettext("Monthly on the 1st")
        return gettext("Every %(n)d months on the 1st") % {"n": interval}
    if interval == 1:
        return gettext("Monthly on day %(day)d") % {"day": day}
    return gettext("Every %(n)d months on day %(day)d") % {"n": interval, "day": day}


@functools.lru_cache(maxsize=1024)
def describe(rule, language):
    """The rule (events.domain.recurrence.Rule) as one sentence in `language` ("en", "fr").

    A pure function of a frozen rule and a language, so its sentences are kept (a listing
    describes every series on each render)."""
    locale = babel_locale(language)
    weekday = babel_dates.get_day_names("wide", locale=locale)[rule.weekday]
    interval = max(1, rule.interval)
    with translation.override(language):
        if rule.frequency == recurrence.WEEKLY:
            text = _weekly(interval, weekday)
        elif rule.frequency in (recurrence.MONTHLY_WEEKDAY, recurrence.MONTHLY_LAST_WEEKDAY):
            text = _monthly_weekday(interval, _ordinal(rule.setpos), weekday)
        elif rule.frequency == recurrence.MONTHLY_DAY:
            text = _monthly_day(interval, rule.first_date.day)
        else:
            raise ValueError(f"unknown frequency {rule.frequency!r}")
        if rule.until:
            until = babel_dates.format_date(rule.until, "long", locale=locale)
            text = gettext("%(rule)s, until %(date)s") % {"rule": text, "date": until}
        elif rule.count:
            text = ngettext("%(rule)s, %(count)d time", "%(rule)s, %(count)d times", rule.count) % {
                "rule": text,
                "count": rule.count,
            }
    return text


def schedule_text(series, language, now=None):
    """When a series meets: its rule, then the time of its next call in the announced zone and
    the reference zones ("Every second Wednesday, 11 h HNP / 14 h HNE"). The next call's
    instant names the zones as they are then (standard or daylight); after the last call, the
    first call's."""
    rule_words = describe(series.rule, language)
    if series.start_time is None or not series.timezone:
        return rule_words
    upcoming = recurrence.next_dates(series.rule, series.tz, now or timezone.now(), n=1)
    instant = upcoming[0] if upcoming else series.occurrence_start(series.first_date)
    times = timefmt.times_text(instant, series.timezone, language)
    with translation.override(language):
        return gettext("%(rule)s, %(times)s") % {"rule": rule_words, "times": times}
