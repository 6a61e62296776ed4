"""Abstract mixins every app's page types share. A leaf: it imports no app of the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
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
