"""`{% filter french_spacing %}…{% endfilter %}`: French punctuation spacing on rendered HTML in
French, unchanged in other languages (home.typography)."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from home import typography

register = template.Library()


@register.filter(is_safe=True)
def french_spacing(value):
    if not (get_language() or "").startswith("fr"):
        return value
    fixed = typography.french_spacing_html(str(value))
    # Only text between tags changed, and only spaces: markup stays as safe as it was.
    return mark_safe(fixed) if isinstance(value, SafeString) else fixed  # noqa: S308
