"""Admin wiring: the access-requests listing, its menu item and its permission; where an
editor's page browser opens; a reviewer's requested changes on the page's edit view; the
translators' hand-off (members.review) and what a translator may not do."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import PageExplorerMenuItem as PageExplorerMenuItemComponent
from wagtail.admin.wagtail_hooks import ExplorerMenuItem
from wagtail.models import Page, WorkflowState

from home.roles import edits_text_only
from members import admin_views, review
from members.groups import start_page_for


@hooks.register("register_admin_urls")
def register_access_request_urls():
    return [
        path("access-requests/", admin_views.index, name="members_access_requests"),
        path(
            "access-requests/<int:pk>/<str:decision>/",
            admin_views.decide,
            name="members_access_request_decide",
        ),
        path(
            "translations/<int:page_id>/submit-for-review/",
            review.submit_for_review,
            name="members_submit_translation",
        ),
    ]


class AccessRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_decide(request.user)


@hooks.register("register_admin_menu_item")
def register_access_requests_menu_item():
    return AccessRequestsMenuItem(
        _("Access requests"), reverse("members_access_requests"), icon_name="user", order=250
    )


@hooks.register("register_permissions")
def register_access_request_permission():
    return Permission.objects.filter(
        content_type__app_label="members", codename="change_accessrequest"
    )


# --- Where the page browser opens ---------------------------------------------------------------


class StartPageExplorerMenuItem(ExplorerMenuItem):
    """Wagtail's "Pages" item, opening at the user's own start page (members.groups)."""

    def render_component(self, request):
        start = start_page_for(request.user, (translation.get_language() or "en")[:2])
        if start is None:
            return super().render_component(request)
        return PageExplorerMenuItemComponent(
            self.name, self.label, self.url, start.id, icon_name=self.icon_name
        )


@hooks.register("construct_main_menu")
def open_pages_at_the_start_page(request, menu_items):
    for i, item in enumerate(menu_items):
        if item.name == "explorer" and type(item) is ExplorerMenuItem:
            menu_items[i] = StartPageExplorerMenuItem(
                item.label, item.url, name=item.name, icon_name=item.icon_name, order=item.order
            )


# --- Requested changes on the page they concern --------------------------------------------


def requested_changes(page):
    """The rejected task state of the page's latest workflow if it awaits changes, else None."""
    state = (
        WorkflowState.objects.for_instance(page)
        .order_by("-created_at")
        .select_related("current_task_state__finished_by")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return state.current_task_state


@hooks.register("before_edit_page")
def show_requested_changes(request, page):
    """The author sees the reviewer's comment where they make the changes, not only by e-mail."""
    if request.method != "GET":
        return
    task_state = requested_changes(page)
    if task_state is None:
        return
    reviewer = task_state.finished_by
    who = (reviewer.get_full_name() or reviewer.get_username()) if reviewer else _("A reviewer")
    comment = task_state.comment.strip() or _("(no comment)")
    messages.warning(
        request,
        _("Changes requested by %(who)s: “%(comment)s”. Make them, then submit again.")
        % {"who": who, "comment": comment},
    )


# --- Translators: hand off for review; no deleting ---------------------------------------------

CANNOT_DELETE = _("A translator cannot delete pages; ask a national or chapter editor.")


@hooks.register("before_delete_page")
def translators_do_not_delete(request, page):
    """Wagtail lets whoever may change a page delete it while it is unpublished (a translation
    in progress, say); a translator's pages are the editors' to remove (home.roles)."""
    if edits_text_only(request.user, page):
        messages.error(request, CANNOT_DELETE)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def translators_do_not_bulk_delete(request, action_type, objects, action_class_instance):
    """The same rule for the page listing's bulk "Delete"."""
    if action_type != "delete" or action_class_instance.models[0] is not Page:
        return None
    if any(edits_text_only(request.user, page) for page in objects):
        messages.error(request, CANNOT_DELETE)
        return redirect("wagtailadmin_explore_root")
    return None
