"""Staff decide access requests in the Wagtail admin: a listing with approve / decline.

A plain listing with two POST actions, rather than a ModelViewSet: requests are never
created or edited by staff, only decided, and each decision has side effects (an account,
an e-mail) that a generic edit form would hide.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from members import services
from members.models import AccessRequest

PERMISSION = "members.change_accessrequest"


def may_decide(user):
    return user.is_active and user.has_perm(PERMISSION)


def index(request):
    if not may_decide(request.user):
        return HttpResponseForbidden(_("You may not decide access requests."))
    status = request.GET.get("status", AccessRequest.Status.PENDING)
    if status not in AccessRequest.Status.values:
        status = AccessRequest.Status.PENDING
    requests = AccessRequest.objects.filter(status=status).select_related("decided_by")
    return TemplateResponse(
        request,
        "members/admin/access_requests.html",
        {"requests": requests, "status": status, "statuses": AccessRequest.Status.choices},
    )


@require_POST
def decide(request, pk, decision):
    if not may_decide(request.user):
        return HttpResponseForbidden(_("You may not decide access requests."))
    if decision not in ("approve", "decline"):
        raise Http404
    access_request = get_object_or_404(AccessRequest, pk=pk)
    try:
        if decision == "approve":
            services.approve(access_request, request.user, request.build_absolute_uri("/"))
            messages.success(
                request,
                _("Approved: %(name)s can now set a password.") % {"name": access_request.name},
            )
        else:
            services.decline(access_request, request.user)
            messages.success(request, _("Declined: %(name)s") % {"name": access_request.name})
    except services.AlreadyDecided:
        messages.error(request, _("This request was already decided."))
    return redirect("members_access_requests")
