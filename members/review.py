"""A translator's hand-off: a finished translation goes to the approval workflow
(docs/architecture.md#translators-hand-off).

wagtail-localize's translation editor keeps each string as it is typed but writes them into
the page only when someone publishes, which a translator may not do. "Submit for review" writes
them into a draft revision of the page and starts the page's workflow (members.groups: "National
editors' approval"): Wagtail shows its task on every national editor's dashboard ("Awaiting
your review") and e-mails them; approving it publishes that revision. After "Request changes",
submitting again resumes the same workflow.

wagtail-localize's own "save a draft" also writes the text into the page's row, which is what
readers see of a published page; `save_draft` keeps the row as it is until a reviewer publishes.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.models import Page, WorkflowState
from wagtail_localize.models import Translation

from events.domain import schedule
from events.domain.choices import CANADIAN_TIMEZONES


def synced_translation(page):
    """The enabled wagtail-localize translation whose target is `page`, or None."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source__locale")
        .first()
    )


def may_submit(user, page):
    """Whether `user` may send `page` (a translation they edit) to its workflow now."""
    perms = page.permissions_for_user(user)
    state = page.current_workflow_state
    if not perms.can_edit() or perms.page_locked() or not page.has_workflow:
        return False
    return state is None or state.status == WorkflowState.STATUS_NEEDS_CHANGES


def schedule_rows(page):
    """The schedule a translation shares with its source, as (label, value) rows; [] for a
    page without one."""
    if not hasattr(page, "starts_at"):
        return []
    names = (
        schedule.SERIES_EDITED_FIELDS if hasattr(page, "rrule") else schedule.EVENT_EDITED_FIELDS
    )
    rows = []
    for name in names:
        value = getattr(page, name)
        if value in (None, "", False):
            continue
        field = page._meta.get_field(name)
        if field.choices:
            shown = getattr(page, f"get_{name}_display")()
        elif name == "timezone":
            # The zone as the editor picked it ("Atlantic time — …"), not its IANA name.
            shown = dict(CANADIAN_TIMEZONES).get(value, value)
        else:
            shown = value
        rows.append((capfirst(field.verbose_name), formats.localize(shown)))
    return rows


def save_draft(translation, page, user):
    """The translated strings as a new draft revision of `page`, its row left as it is."""
    if not page.live:
        translation.save_target(user=user, publish=False)
        return
    with transaction.atomic():
        before = transaction.savepoint()
        translation.save_target(user=user, publish=False)
        translated = Page.objects.get(pk=page.pk).specific
        transaction.savepoint_rollback(before)
    # Its revision pointer named the revision just rolled back.
    translated.latest_revision_id = (
        Page.objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True).get()
    )
    translated.save_revision(user=user)


@require_POST
def submit_for_review(request, page_id):
    """Writes the translated strings into a draft revision and starts (or resumes) the page's
    workflow."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    translation = synced_translation(page)
    if translation is None:
        raise Http404
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if not may_submit(request.user, page):
        messages.error(request, _("This translation is already awaiting review."))
        return redirect(edit_url)
    try:
        save_draft(translation, page, request.user)
    except ValidationError:
        messages.error(
            request,
            _(
                "This translation cannot be saved yet: a required text is missing or not valid. "
                "Translate it, then submit again."
            ),
        )
        return redirect(edit_url)
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_state
    if state is not None:
        state.resume(request.user)
        workflow = state.workflow
    else:
        workflow = page.get_workflow()
        workflow.start(page, request.user)
    messages.success(
        request,
        _(
            "“%(title)s” is submitted for review (%(workflow)s): the reviewers see it on their "
            "dashboard and get an e-mail. It is published once they approve it."
        )
        % {"title": page.title, "workflow": workflow.name},
    )
    return redirect(edit_url)
