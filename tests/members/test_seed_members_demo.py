"""seed_members_demo: demo access details and members, development only, idempotent."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from events.domain.choices import Audience
from events.models import AccessDetails
from events.reads.access import access_details_for
from tests.factories import event, series

pytestmark = pytest.mark.django_db


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_members_demo")
    assert not AccessDetails.objects.exists()


def test_demo_member_sees_demo_series_details(settings, event_index, django_user_model):
    settings.DEBUG = True
    calls = series(event_index, title="Electeds-Only Call", audience=Audience.ELECTED)
    event(event_index, title="Open", audience=Audience.PUBLIC)
    out = StringIO()
    call_command("seed_members_demo", password="demo-pass-1234", stdout=out)
    call_command("seed_members_demo", stdout=StringIO())
    # The restricted series' details, and the open event's link published openly; the second
    # run adds nothing.
    assert AccessDetails.objects.count() == 2
    assert AccessDetails.objects.filter(publish_openly=True).count() == 1
    elected = django_user_model.objects.get(username="elected@example.org")
    staff = django_user_model.objects.get(username="staff@example.org")
    assert elected.check_password("demo-pass-1234")
    assert access_details_for(elected, [calls])[str(calls.translation_key)].join_url.endswith(
        calls.slug
    )
    assert access_details_for(staff, [calls]) == {}
    assert "elected@example.org (Elected officials) password: demo-pass-1234" in out.getvalue()


def test_editors_option_adds_one_demo_editor_per_role(settings, chapter, django_user_model):
    settings.DEBUG = True
    call_command("setup_groups", stdout=StringIO())
    out = StringIO()
    call_command("seed_members_demo", editors=True, password="demo-pass-1234", stdout=out)
    call_command("seed_members_demo", editors=True, stdout=StringIO())
    groups = {
        user.username: [g.name for g in user.groups.all()]
        for user in django_user_model.objects.filter(
            username__in=[
                "national@example.org",
                "chapter-bc@example.org",
                "translator@example.org",
            ]
        )
    }
    assert groups == {
        "national@example.org": ["National editors"],
        "chapter-bc@example.org": ["Chapter editors: B.C. Chapter"],
        "translator@example.org": ["Translators"],
    }
    chapter_editor = django_user_model.objects.get(username="chapter-bc@example.org")
    assert chapter_editor.check_password("demo-pass-1234")
    assert chapter.permissions_for_user(chapter_editor).can_edit()
    assert "translator@example.org (Translators) password: demo-pass-1234" in out.getvalue()


def test_editors_option_without_groups_says_to_run_setup_groups(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="setup_groups"):
        call_command("seed_members_demo", editors=True, stdout=StringIO())
