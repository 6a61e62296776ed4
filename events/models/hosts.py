"""The one mark of a page type under which events are published: `EventHost`.

The events index, chapters and working groups host events (their children in the page tree).
`events` owns the mark and the apps above it put it on their page types (chapters.models), so
events finds every host with Wagtail's `Page.objects.type(EventHost)` without naming, or
importing, the page types of another app. See docs/architecture.md#the-page-tree.
"""


class EventHost:
    """A page type that hosts events. Put it first in the bases, before the model mixins.

    `host_kind` is how the API names the kind of host ("network", "chapter", "working_group");
    `is_section` says whether the home page and the index's filters list it as a section.
    """

    host_kind = "network"
    is_section = False
