"""Access details in the editor: whether they are set, the page they belong to, in plain words,
with the member's view; chapter editors set them on their own chapter's events only."""

from django.core.management import call_command

import pytest

from chapters.models import ChapterPage
from events.domain.choices import Audience
from events.models import AccessDetails
from tests.access_fixtures import make_user
from tests.factories import add, event, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_chapters(chapter):
    other = add(chapter.get_parent(), ChapterPage(title="Quebec Chapter", slug="qc"))
    translate(other, "fr", title="Section Québec", slug="section-qc")
    call_command("setup_groups")
    return chapter, other


def test_chapter_editor_sets_details_on_their_chapter_only(two_chapters, client, django_user_model):
    bc, qc = two_chapters
    own = event(bc, "BC meeting", audience=Audience.ELECTED)
    other = event(qc, "QC meeting", audience=Audience.ELECTED)
    editor = make_user(django_user_model, "bc-lead", "Chapter editors: B.C. Chapter")
    client.force_login(editor)

    assert "Access details: not set" in client.get(f"/admin/pages/{own.pk}/edit/").text
    form = client.get(f"/admin/access-details/{own.pk}/")
    assert form.status_code == 200
    assert "Access details: BC meeting" in form.text
    assert "B.C. Chapter" in form.text  # the breadcrumb names where the page is
    assert "It is never published on the public site, feeds or API." in form.text
    saved = client.post(
        f"/admin/access-details/{own.pk}/",
        {"join_url": "https://meet.example.org/j/7", "dial_in": "", "passcode": "77"},
    )
    assert saved.status_code == 302
    assert AccessDetails.objects.get().event_key == own.translation_key
    assert "Access details: set" in client.get(f"/admin/pages/{own.pk}/edit/").text
    member_view = client.get(f"/admin/access-details/{own.pk}/").text
    assert "What a member who may attend sees" in member_view
    assert "https://meet.example.org/j/7" in member_view.split("data-member-view", 1)[1]

    refused = client.get(f"/admin/access-details/{other.pk}/")
    assert refused.status_code == 403
    posted = client.post(f"/admin/access-details/{other.pk}/", {"passcode": "1"})
    assert posted.status_code == 403
    assert AccessDetails.objects.count() == 1


def test_translators_may_not_set_details(two_chapters, client, django_user_model):
    page = event(two_chapters[0], "BC meeting", audience=Audience.ELECTED)
    translator = make_user(django_user_model, "tr", "Translators")
    client.force_login(translator)
    assert client.get(f"/admin/access-details/{page.pk}/").status_code == 403
