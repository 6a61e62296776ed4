"""Site-wide template helpers: the language switcher and hreflang alternates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from events.visibility import visible

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """For each other language: the same page there, or None when it is not translated.

    Returns dicts {code, name, url, available}; `url` falls back to that language's home.
    """
    request = context["request"]
    page = context.get("page")
    current = (get_language() or "en").split("-")[0]
    translations = {}
    if page is not None and getattr(page, "pk", None):
        for other in visible(page.get_translations()).select_related("locale"):
            translations[other.locale.language_code] = other.get_url(request)
    links = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == current:
            continue
        info = get_language_info(code)
        if page is not None and getattr(page, "pk", None):
            url = translations.get(code)
            available = url is not None
            url = url or f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
            available = True
        links.append({"code": code, "name": info["name_local"], "url": url, "available": available})
    return links
