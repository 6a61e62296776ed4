"""The admin view editing an event's or series' access details
(docs/architecture.md#visibility-and-access-policy).

Access details are not page fields, so the page editor never shows them; this view does, to
holders of `events.change_accessdetails` only (Wagtail's admin URLs already require admin
access, sending others to the sign-in page; this adds the dedicated permission, answering 403
to other editors).
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from events.models import AccessDetails, EventPage, EventSeriesPage
from events.reads.access import may_edit_access_details

PAGE_TYPES = (EventPage, EventSeriesPage)


class AccessDetailsForm(forms.ModelForm):
    # Meeting links are https; a bare "meet.example.org/…" means that, not http.
    join_url = forms.URLField(
        label=_("join link"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = AccessDetails
        fields = ("join_url", "dial_in", "passcode", "registration_notes")
        widgets = {
            "dial_in": forms.Textarea(attrs={"rows": 3}),
            "registration_notes": forms.Textarea(attrs={"rows": 4}),
            # The passcode is shown in clear to its editor, but never remembered by a browser.
            "passcode": forms.TextInput(attrs={"autocomplete": "off"}),
        }


def edit_access_details(request, page_id):
    """Edit the one record of a page's translation group (any language's page id works)."""
    if not may_edit_access_details(request.user):
        # A plain 403: Wagtail turns PermissionDenied into a redirect to the dashboard, which
        # would hide from monitoring (and tests) that someone tried to open this view.
        return HttpResponseForbidden(_("You may not edit access details."))
    page = get_object_or_404(Page, pk=page_id)
    if page.specific_class not in PAGE_TYPES:
        raise Http404("Not an event or series page.")
    page = page.specific
    instance = AccessDetails.objects.filter(event_key=page.translation_key).first()
    instance = instance or AccessDetails(event_key=page.translation_key)
    form = AccessDetailsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Access details saved for “%(title)s”.") % {"title": page})
        return redirect("wagtailadmin_pages:edit", page.pk)
    response = TemplateResponse(
        request,
        "events/admin/access_details.html",
        {"page": page, "form": form},
    )
    # The form holds secrets: no cache may keep a copy (sets private, no-store).
    add_never_cache_headers(response)
    return response
