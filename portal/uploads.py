"""Upload limits for documents (Wagtail limits image size and type itself, not documents')."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm


class SizeLimitedDocumentForm(BaseDocumentForm):
    """Refuses documents over WAGTAILDOCS_MAX_UPLOAD_SIZE (types: WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        if file is not None and getattr(file, "size", 0) > limit:
            raise ValidationError(
                _("This file is too big (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
            )
        return file
