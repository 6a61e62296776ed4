"""The admin view editing an event's or series' access details
(docs/architecture.md#visibility-and-access-policy).

Access details are not page fields, so the page editor never shows them; this view does, to
holders of `events.change_accessdetails` only (Wagtail's admin URLs already require admin
access, sending others to the sign-in page; this adds the dedicated permission, answering 403
to other editors).
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from events import removals
from events.domain import recurrence
from events.domain.choices import Audience, Status
from events.models import AccessDetails, EventPage, EventSeriesPage, ScheduleChange
from events.reads.access import may_edit_access_details

PAGE_TYPES = (EventPage, EventSeriesPage)


class AccessDetailsForm(forms.ModelForm):
    # Meeting links are https; a bare "meet.example.org/…" means that, not http.
    join_url = forms.URLField(
        label=_("join link"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = AccessDetails
        fields = ("join_url", "publish_openly", "dial_in", "passcode", "registration_notes")
        widgets = {
            "dial_in": forms.Textarea(attrs={"rows": 3}),
            "registration_notes": forms.Textarea(attrs={"rows": 4}),
            # The passcode is shown in clear to its editor, but never remembered by a browser.
            "passcode": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, audience=Audience.PUBLIC, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience = audience

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("publish_openly"):
            return cleaned
        if self.audience != Audience.PUBLIC:
            # The access policy never publishes a restricted event's link (events.reads.access);
            # refusing here tells the editor so instead of silently ignoring the box.
            self.add_error(
                "publish_openly",
                _(
                    "Only an event open to all can publish its join link openly; this one is "
                    "for “%(audience)s”. Leave the box unticked: members see the link once "
                    "signed in."
                )
                % {"audience": Audience(self.audience).label},
            )
        elif not cleaned.get("join_url"):
            self.add_error("join_url", _("Enter the join link to publish it openly."))
        return cleaned


def edit_access_details(request, page_id):
    """Edit the one record of a page's translation group (any language's page id works)."""
    page = get_object_or_404(Page, pk=page_id)
    if not may_edit_access_details(request.user, page):
        # A plain 403: Wagtail turns PermissionDenied into a redirect to the dashboard, which
        # would hide from monitoring (and tests) that someone tried to open this view.
        return HttpResponseForbidden(_("You may not edit access details."))
    if page.specific_class not in PAGE_TYPES:
        raise Http404("Not an event or series page.")
    page = page.specific
    instance = AccessDetails.objects.filter(event_key=page.translation_key).first()
    instance = instance or AccessDetails(event_key=page.translation_key)
    was_public = instance.pk is not None and instance.publish_openly
    form = AccessDetailsForm(request.POST or None, instance=instance, audience=page.audience)
    if request.method == "POST" and form.is_valid():
        form.save()
        if was_public or form.instance.publish_openly:
            # A link published openly is on public pages, feeds and API answers: a schedule
            # change moves the feeds' and the API's validators; the content version, bumped on
            # every save of access details (home.freshness), renders cached pages afresh.
            key, uid = removals.schedule_key(page)
            ScheduleChange.objects.create(key=key, uid=uid, kind=ScheduleChange.Kind.CONTENT)
        messages.success(request, _("Access details saved for “%(title)s”.") % {"title": page})
        return redirect("wagtailadmin_pages:edit", page.pk)
    response = TemplateResponse(
        request,
        "events/admin/access_details.html",
        {
            "page": page,
            "form": form,
            "ancestors": page.get_ancestors().filter(depth__gt=1),
            # The member's view of the details as saved (the same include the page uses).
            "access_details": instance if instance.pk else None,
        },
    )
    # The form holds secrets: no cache may keep a copy (sets private, no-store).
    add_never_cache_headers(response)
    return response


# --- One date of a series: cancel it or change it, from the series' edit view -------------------


class CancelDateForm(forms.Form):
    status_reason = forms.CharField(
        label=_("Why is this call cancelled?"),
        max_length=300,
        help_text=_("Shown next to “Cancelled” on the site, in feeds and in the API."),
    )


class ChangeDateForm(forms.Form):
    start_date = forms.DateField(
        label=_("New date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("New start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("New end time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


SERIES_DATE_ACTIONS = {"cancel": CancelDateForm, "change": ChangeDateForm}


def series_date(request, series_id, day, action):
    """Cancel or change one date of a series: creates that date's page (an occurrence override)
    with the date filled in and everything else inherited, publishes it if the editor may
    (else saves a draft to submit), and returns to the series. An existing page is opened."""
    series = get_object_or_404(EventSeriesPage, pk=series_id)
    try:
        day = dt.date.fromisoformat(day)
    except ValueError as error:
        raise Http404("Not a date.") from error
    if action not in SERIES_DATE_ACTIONS or not recurrence.produces(series.rule, day):
        raise Http404("The series has no call on this date.")
    permissions = series.permissions_for_user(request.user)
    if not permissions.can_add_subpage():
        return HttpResponseForbidden(_("You may not add pages under this series."))
    existing = EventPage.objects.filter(
        series_key=series.translation_key, occurrence_date=day, locale=series.locale
    ).first()
    if existing is not None:
        return redirect("wagtailadmin_pages:edit", existing.pk)
    initial = {"start_date": day, "start_time": series.start_time, "end_time": series.end_time}
    form = SERIES_DATE_ACTIONS[action](request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        page = EventPage(
            title=series.title,
            slug=day.isoformat(),
            occurrence_date=day,
            timezone=series.timezone,
            audience=series.audience,
            owner=request.user,
        )
        if action == "cancel":
            page.status = Status.CANCELLED
            page.status_reason = form.cleaned_data["status_reason"]
        else:
            page.start_date = form.cleaned_data["start_date"]
            page.start_time = form.cleaned_data["start_time"]
            page.end_time = form.cleaned_data["end_time"]
        page.parent_hint = series
        try:
            page.full_clean(exclude=["path", "depth", "slug", "url_path", "locale"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            page.live = False
            series.add_child(instance=page)
            revision = page.save_revision(user=request.user, log_action=True)
            if page.permissions_for_user(request.user).can_publish():
                revision.publish(user=request.user)
                done = _("published")
            else:
                done = _("saved as a draft: open it to submit it for approval")
            messages.success(
                request,
                _("The call of %(day)s has its own page, %(done)s.")
                % {"day": date_format(day, "DATE_FORMAT"), "done": done},
            )
            return redirect("wagtailadmin_pages:edit", series.pk)
    heading = _("Cancel this call") if action == "cancel" else _("Change this call")
    return TemplateResponse(
        request,
        "events/admin/series_date.html",
        {
            "series": series,
            "day": day,
            "action": action,
            "heading": heading,
            "form": form,
            # The series' own wall-clock time (as in its dates panel), not the server's zone.
            "original": series.occurrence_start(day).replace(tzinfo=None),
            "audience": series.get_audience_display(),
        },
    )
