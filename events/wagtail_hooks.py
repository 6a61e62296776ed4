"""Admin wiring: the Speaker snippet's listing and editor; the access-details view. And the
visibility policy on Wagtail's serve path, for every page type."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.http import Http404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.admin import views as admin_views
from events.models import AccessDetails, Speaker
from events.reads.access import may_edit_access_details
from home.visibility import is_visible


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "organisation"]


register_snippet(SpeakerViewSet)


# --- Access details: a dedicated permission and view, linked from the page editor ---------------


@hooks.register("register_admin_urls")
def register_access_details_url():
    return [
        path(
            "access-details/<int:page_id>/",
            admin_views.edit_access_details,
            name="events_access_details",
        ),
        path(
            "series-date/<int:series_id>/<str:day>/<str:action>/",
            admin_views.series_date,
            name="events_series_date",
        ),
    ]


@hooks.register("register_permissions")
def register_access_details_permission():
    """Lets the group editor grant the one permission that opens the access-details view."""
    return Permission.objects.filter(
        content_type__app_label="events", codename="change_accessdetails"
    )


@hooks.register("register_page_header_buttons")
def access_details_header_button(page, user, view_name, next_url=None):
    """ "Access details: set / not set" in the page header's menu, for those who may edit them."""
    if page.specific_class in admin_views.PAGE_TYPES and may_edit_access_details(user, page):
        is_set = AccessDetails.objects.filter(event_key=page.translation_key).exists()
        yield Button(
            _("Access details: set") if is_set else _("Access details: not set"),
            url=reverse("events_access_details", args=[page.pk]),
            icon_name="key",
            priority=40,
        )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_skipped_months(request, page):
    """A warning, not an error: a series on the 31st is valid, but misses shorter months."""
    warning = getattr(page.specific, "skipped_months_warning", lambda: "")()
    if warning:
        messages.warning(request, warning)


@hooks.register("insert_editor_js")
def character_counter_js():
    """The title's character counter (events.admin.forms.ScheduleAdminForm)."""
    return format_html('<script src="{}"></script>', static("events/admin/counter.js"))


# --- Serving: the one visibility policy, for every page Wagtail serves ----------------------------


# Before every other hook (Wagtail's own view-restriction check wraps serve() itself, later):
# a hook that answers first (a redirect, a password form) must not be reached for such a page.
@hooks.register("before_serve_page", order=-1)
def serve_visible_pages_only(page, request, serve_args, serve_kwargs):
    """404 for a page no public reader may see (home.visibility), for everyone, members too.

    Wagtail's router checks only that the page it lands on is live: a live page under an
    unpublished parent would be served, with its parent's title and, for an entitled member,
    its access details. A view restriction on the page or above it hides the branch from
    every surface (feeds and both APIs answer 404 for it), so the page answers the same
    rather than Wagtail's login or password prompt. Previews and "view draft" in the admin
    render through serve_preview(), not this path: editors still see such pages there.
    """
    if not is_visible(page):
        raise Http404
