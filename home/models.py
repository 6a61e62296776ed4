"""The site's root page, a plain content page, and the mixins the other apps share."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class IntroMixin(models.Model):
    """A short plain-text introduction, shown in listings, search results and previews."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown in listings and search results."),
    )

    content_panels = [FieldPanel("intro")]
    search_fields = [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True


class HomePage(IntroMixin, Page):
    """The root of one language's site: /en/ or /fr/ (wagtail-localize keeps them in sync)."""

    body = RichTextField(_("body"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + IntroMixin.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + IntroMixin.search_fields
    api_fields = IntroMixin.api_fields + [APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "events.EventIndexPage",
        "chapters.ChapterIndexPage",
        "chapters.WorkingGroupIndexPage",
        "home.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from events.models import EventIndexPage
        from events.reads import listings
        from home.visibility import visible

        context = super().get_context(request, *args, **kwargs)
        language = self.locale.language_code
        context["upcoming"] = listings.upcoming_and_past(language, upcoming_limit=8, past_limit=0)[
            "upcoming"
        ]
        context["sections"] = listings.sections(language)
        children = visible(self.get_children())
        context["events_index"] = children.type(EventIndexPage).first()
        context["join_page"] = children.type(StandardPage).first()
        return context


class StandardPage(IntroMixin, Page):
    """A plain page: how to join, about the network."""

    body = RichTextField(
        _("body"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + IntroMixin.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + IntroMixin.search_fields + [index.SearchField("body")]
    api_fields = IntroMixin.api_fields + [APIField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")
