"""/api/v1/: the schedule, its schema and its docs (included outside the language prefixes)."""

from django.urls import path, re_path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from events.api import views

app_name = "api-v1"

# The site's URL conf composes /api/v1/ from these resources, those of apps above events (the
# notices app's change log), and the fallback last
# (docs/architecture.md#layers-and-import-contracts).
resources = [
    path("", views.RootView.as_view(), name="root"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<str:id>/", views.EventDetailView.as_view(), name="event-detail"),
    path("series/", views.SeriesListView.as_view(), name="series-list"),
    path("series/<str:id>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("chapters/", views.ChapterListView.as_view(), name="chapter-list"),
    path("chapters/<str:id>/", views.ChapterDetailView.as_view(), name="chapter-detail"),
    path("working-groups/", views.WorkingGroupListView.as_view(), name="working-group-list"),
    path(
        "working-groups/<str:id>/",
        views.WorkingGroupDetailView.as_view(),
        name="working-group-detail",
    ),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker-list"),
    path("speakers/<str:id>/", views.SpeakerDetailView.as_view(), name="speaker-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-v1:schema"), name="docs"),
]

fallback = [
    # Anything else under /api/v1/ is a JSON 404, not a page of the site (without a final
    # slash, CommonMiddleware first redirects to the slashed URL).
    re_path(r"^.*/$", views.NotFoundView.as_view(), name="not-found"),
]

urlpatterns = [*resources, *fallback]
