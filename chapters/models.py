"""The communities that host events: regional chapters and working groups.

Events live under their host in the page tree, so Wagtail's page permissions give a chapter's
editors exactly their chapter's events.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from events.models import EventHost
from events.reads import listings
from home.mixins import IntroMixin
from home.routing import ServedPageMixin
from home.visibility import visible

EVENT_CHILDREN = ["events.EventSeriesPage", "events.EventPage"]


class HostPageMixin(EventHost, IntroMixin):
    """A page that hosts events (events.models.EventHost): a description plus its events as
    child pages."""

    is_section = True

    body = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = IntroMixin.content_panels + [FieldPanel("body")]
    search_fields = IntroMixin.search_fields + [index.SearchField("body")]
    api_fields = IntroMixin.api_fields + [APIField("body")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listings.host_overview(self, request))
        return context


class SectionIndexMixin(IntroMixin):
    """An index listing its visible children (chapters or working groups)."""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = visible(self.get_children()).specific()
        return context


class ChapterIndexPage(SectionIndexMixin, ServedPageMixin, Page):
    content_panels = Page.content_panels + IntroMixin.content_panels
    search_fields = Page.search_fields + IntroMixin.search_fields
    api_fields = IntroMixin.api_fields

    parent_page_types = ["home.HomePage"]
    subpage_types = ["chapters.ChapterPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("chapter index")

    def get_context(self, request, *args, **kwargs):
        from home.visibility import visible

        # The header's "Chapters and working groups" leads here: the working groups too.
        context = super().get_context(request, *args, **kwargs)
        groups = visible(
            WorkingGroupIndexPage.objects.sibling_of(self).filter(locale_id=self.locale_id)
        ).first()
        context["working_group_index"] = groups
        context["working_groups"] = (
            visible(groups.get_children()).specific() if groups is not None else []
        )
        return context


class ChapterPage(HostPageMixin, ServedPageMixin, Page):
    """A regional chapter (B.C., Quebec, Atlantic, Ontario, Northern)."""

    host_kind = "chapter"

    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("Provinces or territories served.")
    )

    content_panels = Page.content_panels + [FieldPanel("region")] + HostPageMixin.content_panels
    search_fields = Page.search_fields + HostPageMixin.search_fields
    api_fields = [APIField("region"), *HostPageMixin.api_fields]

    parent_page_types = ["chapters.ChapterIndexPage"]
    subpage_types = EVENT_CHILDREN

    class Meta:
        verbose_name = _("chapter")


class WorkingGroupIndexPage(SectionIndexMixin, ServedPageMixin, Page):
    content_panels = Page.content_panels + IntroMixin.content_panels
    search_fields = Page.search_fields + IntroMixin.search_fields
    api_fields = IntroMixin.api_fields

    parent_page_types = ["home.HomePage"]
    subpage_types = ["chapters.WorkingGroupPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("working group index")


class WorkingGroupPage(HostPageMixin, ServedPageMixin, Page):
    """A working group (e.g. Outdoor Rec / Rural & Small Communities)."""

    host_kind = "working_group"

    content_panels = Page.content_panels + HostPageMixin.content_panels
    search_fields = Page.search_fields + HostPageMixin.search_fields
    api_fields = HostPageMixin.api_fields

    parent_page_types = ["chapters.WorkingGroupIndexPage"]
    subpage_types = EVENT_CHILDREN

    class Meta:
        verbose_name = _("working group")
