"""Template access to the domain's time formatting; no logic of its own."""

from django import template
from django.utils.translation import get_language

from events import timefmt

register = template.Library()


def _language():
    return (get_language() or "en").split("-")[0]


@register.inclusion_tag("events/includes/when.html")
def when(occurrence):
    """Date and multi-zone time of an occurrence, with machine-readable <time> elements."""
    language = _language()
    context = {"occurrence": occurrence}
    if occurrence.start is None:
        return context
    zone = occurrence.timezone
    if occurrence.date_tba:
        context["month"] = timefmt.month_text(occurrence.start, zone, language)
    else:
        context["date"] = timefmt.date_text(occurrence.start, zone, language)
        if not occurrence.all_day:
            context["times"] = timefmt.zoned_times(occurrence.start, zone, language)
    return context


@register.simple_tag
def month_heading(occurrence):
    return timefmt.month_text(occurrence.start, occurrence.timezone, _language())
