"""Who hosts an event: the nearest `EventHost` above it in the page tree (the events index, a
chapter or a working group). Pages, the API and feeds all ask here.
"""

from django.apps import apps

from wagtail.models import Page

from events.models.hosts import EventHost


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
    """The chapter, working group or event index an event or series belongs to."""
    return page.get_ancestors().type(EventHost).order_by("-depth").specific().first()


def all_host_pages():
    """Every page that hosts events (not filtered for visibility: callers apply it)."""
    return Page.objects.type(EventHost)
