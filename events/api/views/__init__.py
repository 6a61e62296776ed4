"""Views of /api/v1/, one module per resource (events.api.urls names them)."""

from events.api.views.base import NotFoundView
from events.api.views.events import EventDetailView, EventListView
from events.api.views.hosts import (
    ChapterDetailView,
    ChapterListView,
    WorkingGroupDetailView,
    WorkingGroupListView,
)
from events.api.views.root import RootView
from events.api.views.series import SeriesDetailView, SeriesListView
from events.api.views.speakers import SpeakerDetailView, SpeakerListView

__all__ = [
    "ChapterDetailView",
    "ChapterListView",
    "EventDetailView",
    "EventListView",
    "NotFoundView",
    "RootView",
    "SeriesDetailView",
    "SeriesListView",
    "SpeakerDetailView",
    "SpeakerListView",
    "WorkingGroupDetailView",
    "WorkingGroupListView",
]
