"""Editorial governance and member groups (docs/architecture.md#the-page-tree), set up idempotently.

- Elected officials, Municipal staff: members; no admin permissions at all.
- National editors: edit and publish the whole tree, both languages; decide access requests.
- Chapter editors: <chapter>: edit their chapter's subtree (in every language) but not publish:
  they submit to the "National editors' approval" workflow.
- Translators: translate (wagtail-localize) and correct any page's text; change-only rights, so
  they never publish, delete or set a schedule (home.roles); they submit a finished translation
  to the workflow (members.review).
- Access-detail editors: the one permission that opens the access-details view.
The workflow is assigned to each locale's home page, so it covers every page anyone submits.

Wagtail's own first-install rows are retired: its "Editors" and "Moderators" groups (rights over
the whole tree) and its "Moderators approval" workflow on Root. Retiring is data-safe: a group
that still has members is emptied of every permission rather than deleted (its members keep
their accounts and other groups, and a staff member can see who they are); the workflow is
taken off every page and deactivated only when no page is in it, else left to finish.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from chapters.models import ChapterPage
from events.reads.access import (
    ACCESS_DETAIL_EDITORS,
    CHAPTER_EDITORS_PREFIX,
    ELECTED_OFFICIALS,
    MUNICIPAL_STAFF,
)
from home.models import HomePage

NATIONAL_EDITORS = "National editors"
TRANSLATORS = "Translators"
WORKFLOW_NAME = "National editors' approval"

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

ADMIN_ACCESS = "wagtailadmin.access_admin"
SPEAKER_PERMISSIONS = ("events.add_speaker", "events.change_speaker")
MEDIA_PERMISSIONS = ("add_image", "choose_image", "add_document", "choose_document")


def _perm(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group(name, *permissions):
    group, _created = Group.objects.get_or_create(name=name[:150])
    group.permissions.add(*(_perm(p) for p in permissions))
    return group


def _page_perms(group, page, *codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def _media_perms(group):
    root = Collection.get_first_root_node()
    for codename in MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=Permission.objects.get(codename=codename)
        )


def retire_wagtail_defaults():
    """Take away what Wagtail's first migrations grant; return what was done, in words."""
    done = []
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        removed, _detail = WorkflowPage.objects.filter(workflow=workflow).delete()
        if removed:
            done.append(f"workflow “{workflow.name}” taken off {removed} page(s)")
        in_progress = workflow.workflow_states.filter(status=WorkflowState.STATUS_IN_PROGRESS)
        if workflow.active and not in_progress.exists():
            workflow.active = False
            workflow.save(update_fields=["active"])
            GroupApprovalTask.objects.filter(
                workflow_tasks__workflow=workflow, name=WAGTAIL_DEFAULT_WORKFLOW
            ).update(active=False)
            done.append(f"workflow “{workflow.name}” deactivated")
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        if group.user_set.exists():
            emptied = bool(
                group.permissions.exists()
                or GroupPagePermission.objects.filter(group=group).exists()
                or GroupCollectionPermission.objects.filter(group=group).exists()
            )
            group.permissions.clear()
            GroupPagePermission.objects.filter(group=group).delete()
            GroupCollectionPermission.objects.filter(group=group).delete()
            if emptied:
                done.append(f"group “{group.name}” emptied (it still has members)")
        else:
            # Its approval task (if any) keeps its history; it loses the group, not the rows.
            group.delete()
            done.append(f"group “{group.name}” deleted")
    return done


@transaction.atomic
def setup_groups():
    """Create or complete every group, permission and the workflow; safe to run again."""
    _group(ELECTED_OFFICIALS)
    _group(MUNICIPAL_STAFF)
    _group(ACCESS_DETAIL_EDITORS, ADMIN_ACCESS, "events.change_accessdetails")

    root = Page.get_first_root_node()
    national = _group(
        NATIONAL_EDITORS,
        ADMIN_ACCESS,
        "members.change_accessrequest",
        "wagtail_localize.submit_translation",
        *SPEAKER_PERMISSIONS,
    )
    _page_perms(
        national, root, "add_page", "change_page", "publish_page", "lock_page", "unlock_page"
    )
    _media_perms(national)

    translators = _group(TRANSLATORS, ADMIN_ACCESS, "wagtail_localize.submit_translation")
    _page_perms(translators, root, "change_page")

    chapter_groups = []
    by_key = {}
    for chapter in ChapterPage.objects.select_related("locale").order_by("path"):
        by_key.setdefault(chapter.translation_key, []).append(chapter)
    for pages in by_key.values():
        # Name the group after the English page if there is one (the admin is in English).
        named = next((p for p in pages if p.locale.language_code == "en"), pages[0])
        group = _group(CHAPTER_EDITORS_PREFIX + named.title, ADMIN_ACCESS, *SPEAKER_PERMISSIONS)
        for page in pages:
            # Every language's copy of the chapter: its editors write in both.
            _page_perms(group, page, "add_page", "change_page")
        _media_perms(group)
        chapter_groups.append(group)

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.set([national])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    retired = retire_wagtail_defaults()
    return {
        "national": national,
        "translators": translators,
        "chapters": chapter_groups,
        "retired": retired,
    }


def start_page_for(user, language):
    """Where a user's page browser opens: the pages they may change, in `language` if they have
    any there, and their closest common ancestor (their chapter, for a chapter editor).

    Wagtail opens it at the closest common ancestor of *all* such pages, which for an editor of
    both languages' copies of a chapter is the tree's Root. None: keep Wagtail's choice.
    """
    if user.is_superuser:
        return None
    pages = [
        perm.page
        for perm in GroupPagePermission.objects.filter(group__user=user).select_related(
            "page__locale"
        )
    ]
    own = [p for p in pages if p.locale.language_code == language] or pages
    if not own:
        return None
    try:
        return Page.objects.first_common_ancestor_of(own, include_self=True, strict=True)
    except Page.DoesNotExist:
        return None
