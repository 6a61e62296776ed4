from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from events.domain.choices import Agreement


class Speaker(TranslatableMixin, index.Indexed, models.Model):
    """A guest speaker, presenter or moderator; translatable (role and bio differ by language)."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role or title"), max_length=200, blank=True, help_text=_("e.g. City Councillor, Founder")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it. Required with a photo."),
    )
    bio = models.TextField(_("biography"), blank=True)
    agreement = models.CharField(
        _("French agreement"),
        max_length=16,
        choices=Agreement.choices,
        blank=True,
        default=Agreement.NEUTRAL,
        help_text=_(
            'How French words about this person agree ("présentatrice" or "présentateur"). '
            'Left blank, the French pages use neutral wording ("Présentation").'
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("photo_alt"),
        FieldPanel("bio"),
        FieldPanel("agreement"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    api_fields = [APIField(name) for name in ("name", "role", "organisation", "photo", "bio")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def clean(self):
        super().clean()
        if self.photo_id and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("Describe the photo for screen-reader users.")})
