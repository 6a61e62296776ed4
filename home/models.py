"""The site's root page and a plain content page (the mixins the other apps share are in
home.mixins)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home import routing
from home.mixins import IntroMixin
from home.page_context import ProvidedContextMixin
from home.visibility import per_version


class HomePage(ProvidedContextMixin, IntroMixin, routing.ServedPageMixin, Page):
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

    # The upcoming events, sections, events index and join page: events.site.pages.home_page.

    @property
    def localized(self):
        """This home in the active language, as Wagtail's `localized` finds it, in its specific
        form: every page request starts from it (`Page.route_for_request`), so it is read once
        per content version and language (home.visibility.per_version), not in two or three
        queries per request."""
        return per_version(
            ("home-localized", self.pk, translation.get_language()),
            lambda: super(HomePage, self).localized.specific,
        )

    def route(self, request, path_components):
        """Every page of the site is found from its language's home: in one query
        (home.routing), not two per level."""
        if not path_components:
            return super().route(request, path_components)
        return routing.route(self, request, path_components)


class StandardPage(IntroMixin, routing.ServedPageMixin, Page):
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
