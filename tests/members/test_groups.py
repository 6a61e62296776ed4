"""setup_groups: member groups, per-chapter editors, translators, the approval workflow."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import Locale, WorkflowPage

import pytest

from chapters.models import ChapterPage
from events.models import EventPage
from members.groups import WORKFLOW_NAME
from tests.access_fixtures import make_user
from tests.factories import add, event, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_chapters(chapter):
    other = add(chapter.get_parent(), ChapterPage(title="Quebec Chapter", slug="qc"))
    translate(other, "fr", title="Section Québec", slug="section-qc")
    return chapter, other


def test_setup_groups_is_idempotent_and_complete(two_chapters):
    call_command("setup_groups")
    first = {g.name: g.permissions.count() for g in Group.objects.all()}
    call_command("setup_groups")
    assert {g.name: g.permissions.count() for g in Group.objects.all()} == first
    assert {
        "Elected officials",
        "Municipal staff",
        "National editors",
        "Translators",
        "Access-detail editors",
        "Chapter editors: B.C. Chapter",
        "Chapter editors: Quebec Chapter",
    } <= set(first)
    assert first["Elected officials"] == first["Municipal staff"] == 0
    assert Group.objects.get(name="Access-detail editors").permissions.filter(
        codename="change_accessdetails"
    )


def test_chapter_editors_edit_only_their_chapter_and_cannot_publish(
    two_chapters, django_user_model
):
    bc, qc = two_chapters
    call_command("setup_groups")
    editor = make_user(django_user_model, "bc-lead", "Chapter editors: B.C. Chapter")
    own = event(bc, title="BC meeting")
    fr_own = bc.get_translation(Locale.objects.get(language_code="fr"))
    other = event(qc, title="QC meeting")
    assert own.permissions_for_user(editor).can_edit()
    assert fr_own.permissions_for_user(editor).can_edit()
    assert not own.permissions_for_user(editor).can_publish()
    assert not other.permissions_for_user(editor).can_edit()
    assert not bc.get_parent().permissions_for_user(editor).can_edit()


def test_national_editors_publish_and_translators_do_not(two_chapters, django_user_model):
    call_command("setup_groups")
    national = make_user(django_user_model, "nat", "National editors")
    translator = make_user(django_user_model, "tr", "Translators")
    page = EventPage.objects.get(pk=event(two_chapters[0]).pk)
    assert page.permissions_for_user(national).can_publish()
    assert page.permissions_for_user(translator).can_edit()
    assert not page.permissions_for_user(translator).can_publish()
    assert translator.has_perm("wagtail_localize.submit_translation")


def test_chapter_submissions_go_to_national_editors(two_chapters, django_user_model):
    call_command("setup_groups")
    page = event(two_chapters[0], title="BC meeting")
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    (task,) = [t.specific for t in workflow.tasks.all()]
    assert list(task.groups.values_list("name", flat=True)) == ["National editors"]
    assert WorkflowPage.objects.filter(page__locale__language_code="fr").exists()


def test_setup_groups_retires_wagtails_default_groups_and_workflow(two_chapters):
    from wagtail.models import Page, Workflow

    root = Page.get_first_root_node()
    # What Wagtail's own migrations create on a new portal.
    assert Group.objects.filter(name__in=["Editors", "Moderators"]).count() == 2
    assert WorkflowPage.objects.filter(page=root, workflow__name="Moderators approval").exists()
    call_command("setup_groups")
    call_command("setup_groups")
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not WorkflowPage.objects.filter(page=root).exists()
    assert not Workflow.objects.get(name="Moderators approval").active
    # Every page is still under the project's workflow.
    assert two_chapters[0].get_workflow().name == WORKFLOW_NAME


def test_a_default_group_with_members_is_emptied_not_deleted(two_chapters, django_user_model):
    from wagtail.models import GroupPagePermission

    member = make_user(django_user_model, "old-editor", "Editors")
    call_command("setup_groups")
    editors = Group.objects.get(name="Editors")
    assert list(editors.user_set.all()) == [member]
    assert not editors.permissions.exists()
    assert not GroupPagePermission.objects.filter(group=editors).exists()
    assert not two_chapters[0].permissions_for_user(member).can_edit()


def test_a_chapter_editor_s_page_browser_opens_at_their_chapter(two_chapters, django_user_model):
    from django.test import RequestFactory
    from django.utils import translation

    from wagtail.admin.menu import admin_menu

    bc, _qc = two_chapters
    call_command("setup_groups")
    editor = make_user(django_user_model, "bc-lead", "Chapter editors: B.C. Chapter")
    request = RequestFactory().get("/admin/")
    request.user = editor
    for language, expected in (
        ("en", bc),
        ("fr", bc.get_translation(Locale.objects.get(language_code="fr"))),
    ):
        with translation.override(language):
            (explorer,) = [
                item for item in admin_menu.render_component(request) if item.name == "explorer"
            ]
        assert explorer.start_page_id == expected.pk


def test_requested_changes_show_on_the_page_s_edit_view(two_chapters, client, django_user_model):
    call_command("setup_groups")
    author = make_user(django_user_model, "bc-lead", "Chapter editors: B.C. Chapter")
    reviewer = make_user(django_user_model, "nat", "National editors")
    page = event(two_chapters[0], title="BC meeting")
    page.save_revision(user=author)
    state = page.get_workflow().start(page, author)
    task_state = state.current_task_state
    task_state.task.specific.on_action(
        task_state, reviewer, "reject", comment="Add the speaker's riding, please."
    )
    client.force_login(author)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "Changes requested by" in response.text
    assert "Add the speaker&#x27;s riding, please." in response.text
    # Once resubmitted, the old comment no longer shows.
    state.refresh_from_db()
    state.resume(author)
    assert "Add the speaker" not in client.get(f"/admin/pages/{page.pk}/edit/").text
