"""The schedule's models; see docs/architecture.md#the-page-tree for the
tree they form."""

from .access import AccessDetails
from .changes import ScheduleChange
from .hosts import EventHost
from .pages import EventIndexPage, EventPage, EventSeriesPage, EventSpeaker
from .speakers import Speaker

__all__ = [
    "AccessDetails",
    "EventHost",
    "EventIndexPage",
    "EventPage",
    "EventSeriesPage",
    "EventSpeaker",
    "ScheduleChange",
    "Speaker",
]
