"""The site's header navigation: it names page types of several apps, so it lives above them
(docs/architecture.md#layers-and-import-contracts)."""

from django import template
from django.utils.translation import get_language

from wagtail.models import Page

from chapters.models import ChapterIndexPage
from events.models import EventIndexPage
from home.models import StandardPage
from home.visibility import per_version, visible

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The header's links in the current language: events, chapters (and working groups), how
    to join; each None when the site has no such page yet. One query per content version
    (visibility.per_version)."""
    language = (get_language() or "en").split("-")[0]

    def build():
        pages = visible(
            Page.objects.filter(depth=3, locale__language_code=language)
            .type(EventIndexPage, ChapterIndexPage, StandardPage)
            .select_related("content_type")
            .order_by("path")
        )
        found = {}
        for page in pages:
            model = page.content_type.model_class()
            found.setdefault(model, page)
        return {
            "events": found.get(EventIndexPage),
            "chapters": found.get(ChapterIndexPage),
            "join": found.get(StandardPage),
        }

    return per_version(("main-nav", language), build)
