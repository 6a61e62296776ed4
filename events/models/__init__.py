"""The schedule's models; see ARCHITECTURE §3 for the page tree they form."""

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
