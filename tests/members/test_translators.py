"""Translators hand off: they submit a translation for review, national editors publish it;
translators change text only, never the schedule, never publish or delete
(docs/architecture.md#translators-hand-off)."""

import datetime as dt
import json
import re
from html import unescape

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from wagtail.models import Locale, WorkflowState
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from events.models import EventPage
from tests.access_fixtures import make_user
from tests.events.admin.test_admin import event_form
from tests.factories import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(event_index, django_user_model):
    call_command("setup_groups")
    return {
        "translator": make_user(django_user_model, "tr", "Translators"),
        "national": make_user(django_user_model, "nat", "National editors"),
    }


@pytest.fixture
def english(event_index):
    return event(
        event_index,
        title="Bee City",
        slug="bee-city",
        start_date=dt.date(2026, 5, 18),
        start_time=dt.time(11),
        end_time=dt.time(12),
    )


def start_translation(page, language="fr", publish=False):
    """What "Translate" in the admin does: a synced French copy awaiting its translator."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    target = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code=language)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        target.save_target(publish=publish)
    return type(page).objects.get(
        translation_key=page.translation_key, locale__language_code=language
    )


def translate_title(page, text):
    """A translator's string, as the translation editor saves it while they type."""
    target = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    segment = target.source.stringsegment_set.get(context__path="title")
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        locale=page.locale,
        context=segment.context,
        defaults={"data": text},
    )


def editor_props(response):
    """The props wagtail-localize's React translation editor is given."""
    found = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.text)
    return json.loads(unescape(found.group(1)))


def test_translator_submits_a_translation_and_a_national_editor_publishes_it(
    roles, english, client
):
    french = start_translation(english)
    translate_title(french, "Ville abeille")
    client.force_login(roles["translator"])
    editor = client.get(f"/admin/pages/{french.pk}/edit/")
    assert "Submit for review" in editor.text

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/admin/translations/{french.pk}/submit-for-review/")

    assert response.status_code == 302
    french = EventPage.objects.get(pk=french.pk)
    state = french.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision.as_object().title == "Ville abeille"
    assert not french.live
    # Wagtail tells the task's group: the national editor, by e-mail and on the dashboard.
    assert any("nat@example.org" in m.to for m in mail.outbox)
    client.force_login(roles["national"])
    dashboard = client.get("/admin/")
    assert "Awaiting your review" in dashboard.text
    assert "Ville abeille" in dashboard.text

    task_state = state.current_task_state
    with TestCase.captureOnCommitCallbacks(execute=True):
        approved = client.post(
            f"/admin/pages/workflow/action/{french.pk}/approve/{task_state.pk}/",
            {"comment": ""},
        )
    assert approved.status_code == 302
    french = EventPage.objects.get(pk=french.pk)
    assert french.live
    assert french.title == "Ville abeille"


def test_a_submitted_change_to_a_live_translation_waits_for_the_review(roles, english, client):
    french = start_translation(english, publish=True)
    assert EventPage.objects.get(pk=french.pk).live
    translate_title(french, "Ville abeille : les pollinisateurs")
    client.force_login(roles["translator"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/admin/translations/{french.pk}/submit-for-review/")
    french = EventPage.objects.get(pk=french.pk)
    assert french.workflow_in_progress
    # Readers still see the published text; the new one is the revision under review.
    assert french.title == "Bee City"
    assert french.get_latest_revision_as_object().title == "Ville abeille : les pollinisateurs"


def test_a_translation_already_in_review_is_not_submitted_twice(roles, english, client):
    french = start_translation(english)
    client.force_login(roles["translator"])
    url = f"/admin/translations/{french.pk}/submit-for-review/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url)
        client.post(url)
    assert WorkflowState.objects.for_instance(french).count() == 1
    editor = client.get(f"/admin/pages/{french.pk}/edit/")
    assert "Awaiting review" in editor.text
    assert "Submit for review" not in editor.text


def test_no_one_who_may_not_publish_gets_delete_or_alias_as_the_main_button(
    roles, chapter, django_user_model, client
):
    call_command("setup_groups")  # again: the chapter's editors' group, now the chapter exists
    page = event(chapter, title="B.C. meeting", slug="bc-meeting", start_date=dt.date(2026, 5, 19))
    french = start_translation(page)
    client.force_login(make_user(django_user_model, "ce", f"Chapter editors: {chapter.title}"))
    props = editor_props(client.get(f"/admin/pages/{french.pk}/edit/"))
    assert props["perms"]["canPublish"] is False
    assert props["perms"]["canDelete"] is False
    assert props["links"]["convertToAliasUrl"] is None


def test_the_translation_editor_offers_translators_no_delete_or_alias(roles, english, client):
    french = start_translation(english)
    client.force_login(roles["translator"])
    props = editor_props(client.get(f"/admin/pages/{french.pk}/edit/"))
    assert props["perms"]["canDelete"] is False
    assert props["links"]["convertToAliasUrl"] is None
    assert props["perms"]["canPublish"] is False
    # A national editor keeps them, and publishes from the editor itself (no hand-off bar).
    client.force_login(roles["national"])
    national = client.get(f"/admin/pages/{french.pk}/edit/")
    assert editor_props(national)["perms"]["canDelete"] is True
    assert editor_props(national)["perms"]["canPublish"] is True
    assert "Submit for review" not in national.text


def test_translators_cannot_delete_an_unpublished_translation(roles, english, client):
    french = start_translation(english)
    client.force_login(roles["translator"])
    response = client.post(f"/admin/pages/{french.pk}/delete/")
    assert response.status_code == 302
    assert EventPage.objects.filter(pk=french.pk).exists()
    client.force_login(roles["national"])
    client.post(f"/admin/pages/{french.pk}/delete/")
    assert not EventPage.objects.filter(pk=french.pk).exists()


def test_translators_cannot_bulk_delete_an_unpublished_translation(roles, english, client):
    french = start_translation(english)
    client.force_login(roles["translator"])
    url = f"/admin/bulk/wagtailcore/page/delete/?id={french.pk}"
    response = client.post(url)
    assert response.status_code == 302
    assert EventPage.objects.filter(pk=french.pk).exists()
    client.force_login(roles["national"])
    client.post(url)
    assert not EventPage.objects.filter(pk=french.pk).exists()


def test_the_translation_editor_shows_the_shared_schedule_read_only(roles, english, client):
    french = start_translation(english)
    client.force_login(roles["translator"])
    editor = client.get(f"/admin/pages/{french.pk}/edit/")
    assert "set on the English page, shared by both languages" in editor.text
    shared = re.search(r"<p data-shared-schedule>(.*?)</p>", editor.text, re.S).group(1)
    assert "Start time <strong>11" in shared
    # The zone as the editor picked it, never its IANA name.
    assert "Pacific time — British Columbia" in shared
    assert "America/" not in shared


def test_translators_see_the_source_page_s_schedule_read_only(roles, english, client):
    client.force_login(roles["translator"])
    form = client.get(f"/admin/pages/{english.pk}/edit/").text
    start_time = re.search(r"<input[^>]*name=\"start_time\"[^>]*>", form).group(0)
    assert "disabled" in start_time
    assert "a translator changes the text only" in form
    title = re.search(r"<input[^>]*name=\"title\"[^>]*>", form).group(0)
    assert "disabled" not in title
    client.force_login(roles["national"])
    form = client.get(f"/admin/pages/{english.pk}/edit/").text
    assert "disabled" not in re.search(r"<input[^>]*name=\"start_time\"[^>]*>", form).group(0)


def test_a_translator_s_posted_start_time_is_ignored(roles, english, client):
    client.force_login(roles["translator"])
    form = event_form(
        title="Bee City: pollinators",
        slug="bee-city",
        start_date="2026-05-18",
        start_time="15:00",
        end_time="16:00",
    )
    response = client.post(f"/admin/pages/{english.pk}/edit/", form)
    assert response.status_code == 302, response.text[:2000]
    draft = EventPage.objects.get(pk=english.pk).get_latest_revision_as_object()
    # The text is theirs to correct; the time stays the editors'.
    assert draft.title == "Bee City: pollinators"
    assert (draft.start_time, draft.end_time) == (dt.time(11), dt.time(12))


def test_a_translation_s_schedule_says_where_it_is_set(roles, english, django_user_model):
    french = start_translation(english)
    form_class = EventPage.get_edit_handler().get_form_class()
    form = form_class(instance=french, for_user=roles["national"])
    assert form.fields["start_time"].disabled
    assert str(form.fields["start_time"].help_text) == (
        "Set on the English page, shared by both languages."
    )
    with translation.override("fr"):
        assert str(form.fields["start_time"].help_text) == (
            "Défini sur la page anglaise, commun aux deux langues."
        )


def test_sync_translated_pages_says_times_need_no_sync(roles, english, admin_client):
    start_translation(english)
    source = TranslationSource.objects.get(object_id=english.translation_key)
    page = admin_client.get(f"/admin/localize/update/{source.pk}/")
    assert page.status_code == 200
    assert "Dates and times need no sync." in page.text
