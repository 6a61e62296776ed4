"""Admin wiring: the access-requests listing, its menu item and its permission."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from members import admin_views


@hooks.register("register_admin_urls")
def register_access_request_urls():
    return [
        path("access-requests/", admin_views.index, name="members_access_requests"),
        path(
            "access-requests/<int:pk>/<str:decision>/",
            admin_views.decide,
            name="members_access_request_decide",
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
