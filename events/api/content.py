"""Wagtail's content API (/api/v2/): pages and images for headless clients.

Pages are filtered by `?locale=en|fr` (Wagtail's LocaleFilter) and expose only their models'
`api_fields`. The same visibility policy as every other surface applies (home.visibility):
Wagtail's own `.live().public()` still lists pages under an unpublished parent. Like /api/v1/,
the views are anonymous, cookieless and JSON-only (the browsable renderer would set a CSRF
cookie), and stay out of the v1 OpenAPI schema.
"""

from django.db.models import Q

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from events.api.throttling import AnonymousThrottle
from events.models import EventPage, EventSpeaker
from home.visibility import visible


class PublicMixin:
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonymousThrottle,)
    renderer_classes = (JSONRenderer,)
    schema = None


class PublicPagesAPIViewSet(PublicMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        return visible(super().get_base_queryset())


class PublicImagesAPIViewSet(PublicMixin, ImagesAPIViewSet):
    def get_queryset(self):
        """Only images a public page or a public event's speaker shows: a photo uploaded for a
        private event is not published by being in the library."""
        events = visible(EventPage.objects.all())
        speakers = EventSpeaker.objects.filter(page__in=events.values("pk"))
        return (
            super()
            .get_queryset()
            .filter(
                Q(pk__in=events.values("image_id")) | Q(pk__in=speakers.values("speaker__photo_id"))
            )
        )


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PublicPagesAPIViewSet)
router.register_endpoint("images", PublicImagesAPIViewSet)
