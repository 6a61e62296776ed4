"""The site's languages, in one place: which content languages there are, Babel's locale for
each, and the best of them for an Accept-Language header.

A leaf: it reads settings only, so every app (and every layer of events) may use it.
"""

from django.conf import settings

# Babel (CLDR) locales for dates, times and zone names: Canadian English and French.
BABEL_LOCALES = {"en": "en_CA", "fr": "fr_CA"}


def language_codes():
    """The content languages' codes, in the settings' order: ["en", "fr"]."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def babel_locale(language):
    return BABEL_LOCALES.get(language, language)


def accepted_language(header):
    """The best content language in an Accept-Language header, else the site's default.

    Deliberately not django's get_language_from_request: it also reads the language cookie,
    and the API's answers must not depend on cookies.
    """
    codes = language_codes()
    choices = []
    for position, item in enumerate((header or "").split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in codes and quality > 0:
            choices.append((-quality, position, base))
    return min(choices)[2] if choices else settings.LANGUAGE_CODE
