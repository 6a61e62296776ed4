"""Site-wide template helpers: the main navigation, the language switcher, hreflang alternates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, get_language_info

from home import page_context
from home.i18n import BABEL_LOCALES, language_codes
from home.visibility import per_version, visible

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
        for code, other in _translations(page).items():
            translations[code] = other.get_url(request)
    links = []
    for code in language_codes():
        if code == current:
            continue
        info = get_language_info(code)
        if page is not None and getattr(page, "pk", None):
            url = translations.get(code)
            available = url is not None
            if url is not None and request.GET:
                # Filters and page number follow the reader (a page translates its own
                # parameters, e.g. the events index's host slugs).
                items = page_context.translate_query(page.specific, request.GET, code)
                url += "?" + urlencode(items, doseq=True)
            url = url or f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
            available = True
        links.append({"code": code, "name": info["name_local"], "url": url, "available": available})
    return links


def _translations(page):
    """{language: page} of the page's visible translations, itself included; one query per
    content version however many tags and requests ask (visibility.per_version)."""

    def build():
        pages = visible(page.get_translations(inclusive=True)).select_related("locale")
        return {p.locale.language_code: p for p in pages}

    return per_version(("page-translations", page.pk), build)


@register.simple_tag(takes_context=True)
def alternates(context):
    """hreflang alternates of the current page: [{code, url}] with absolute URLs, plus
    x-default (the site's default language) when that translation exists."""
    request = context.get("request")
    page = context.get("page")
    if request is None or page is None or not getattr(page, "pk", None):
        return []

    def build():
        found = _translations(page)
        links = [
            {"code": code, "url": found[code].get_full_url(request)}
            for code in language_codes()
            if code in found
        ]
        if settings.LANGUAGE_CODE in found:
            links.append(
                {"code": "x-default", "url": found[settings.LANGUAGE_CODE].get_full_url(request)}
            )
        return links

    # The URLs, like the translations, change only with the content (and the host asked).
    return per_version(("alternates", page.pk, request.get_host()), build)


@register.simple_tag
def og_locale(language):
    """OpenGraph's locale form of a language code: "en_CA", "fr_CA"."""
    return BABEL_LOCALES.get(language, language)


@register.simple_tag(takes_context=True)
def return_path(context):
    """The page a reader came from (`?next=`), if it is one of this site's; else "".

    The How-to-join page passes it on to Sign in, so a member lands back where they started."""
    request = context["request"]
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else ""
