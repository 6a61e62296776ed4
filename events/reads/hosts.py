"""Who hosts an event: the nearest `EventHost` above it in the page tree (the events index, a
chapter or a working group). Pages (`host_of`), the API (`hosts_for`) and feeds (`host_titles`)
all ask here.
"""

from operator import attrgetter

from django.apps import apps

from wagtail.models import Page

from events.models.hosts import EventHost
from events.reads import occurrences
from home.visibility import per_version, visible


def host_types(kind=None):
    """The page types that host events (every one, or those of `kind`, e.g. "chapter")."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, EventHost) and kind in (None, model.host_kind)
    ]


def host_type(kind):
    """The one page type of `kind` ("chapter", "working_group")."""
    (model,) = host_types(kind)
    return model


def section_types():
    """The hosts listed as sections: chapters and working groups (not the events index)."""
    return [model for model in host_types() if model.is_section]


def host_kind(host):
    """How the API names `host`'s kind: "chapter", "working_group" or "network"."""
    return getattr(host.specific_class, "host_kind", EventHost.host_kind)


def host_of(page):
    """The chapter, working group or event index an event or series belongs to.

    A page being served knows its parents already (home.routing links them): no query then,
    the host made specific from what was read (its own fields load only if asked for)."""
    parent = page.__dict__.get("_cached_parent_obj")
    while parent is not None:
        if issubclass(parent.specific_class or Page, EventHost):
            host = parent.get_specific(deferred=True)
            if host is not parent and "locale" in parent._state.fields_cache:
                host.locale = parent.locale
            return host
        parent = parent.__dict__.get("_cached_parent_obj")
    return page.get_ancestors().type(EventHost).order_by("-depth").specific().first()


def hosts_for(pages, language):
    """{page pk: host page} with each host in `language` where translated, in one visible() call.

    Hosts are few (the event indexes, chapters and working groups), so all are read and each
    page's nearest one is found by tree path; `host.specific_class` tells their kind.
    """
    if not pages:
        return {}
    by_path, preferred = per_version(("hosts", language), lambda: all_hosts(language))
    result = {}
    for page in pages:
        # Treebeard paths: each ancestor's path is a prefix, 4 characters per level.
        for depth in range(len(page.path) - 4, 0, -4):
            host = by_path.get(page.path[:depth])
            if host is not None:
                result[page.pk] = preferred.get(host.translation_key, host)
                break
    return result


def all_hosts(language):
    """({path: host page}, {translation key: the host in `language` where translated})."""
    candidates = list(visible(Page.objects.type(EventHost).select_related("locale")))
    preferred = {
        p.translation_key: p
        for p in occurrences.prefer_language(
            candidates, language, key=attrgetter("translation_key")
        )
    }
    return {p.path: p for p in candidates}, preferred


def host_titles(pages):
    """{page pk: title of the chapter, working group or event index it belongs to}: the host
    in the page's own tree, so in the page's language; one query."""
    found = list(visible(Page.objects.type(EventHost)).values_list("path", "title"))
    # The deepest host whose path starts the page's path: a chapter before the index.
    found.sort(key=lambda h: -len(h[0]))
    return {
        page.pk: next((title for path, title in found if page.path.startswith(path)), "")
        for page in pages
    }
