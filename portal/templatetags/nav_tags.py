"""The site's header navigation: it names page types of several apps, so it lives above them
(docs/architecture.md#layers-and-import-contracts)."""

from django import template
from django.utils.translation import get_language

from chapters.models import ChapterIndexPage
from events.models import EventIndexPage
from home import navigation
from home.models import StandardPage

register = template.Library()

NAV_TYPES = (EventIndexPage, ChapterIndexPage, StandardPage)


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The header's links in the current language: events, chapters (and working groups), how
    to join; each None when the site has no such page yet. No query of its own: the pages under
    the home are read once per content version (home.navigation, shared with the join page an
    event page links to)."""
    language = (get_language() or "en").split("-")[0]
    found = {}
    for page in navigation.top_pages(language):
        model = page.content_type.model_class()
        if model is not None and issubclass(model, NAV_TYPES):
            found.setdefault(model, page)
    return {
        "events": found.get(EventIndexPage),
        "chapters": found.get(ChapterIndexPage),
        "join": found.get(StandardPage),
    }
