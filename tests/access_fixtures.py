"""Users for the access policy: members of each group, editors, superusers, the anonymous."""

from django.contrib.auth.models import AnonymousUser, Group, Permission

from wagtail.models import GroupPagePermission, Page

import pytest

from events.reads.access import ELECTED_OFFICIALS, MUNICIPAL_STAFF

CANARY = "canary-7f3a9e2b"


def make_user(django_user_model, username, *groups, **extra):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-" + username, **extra
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def elected(django_user_model, db):
    return make_user(django_user_model, "elected", ELECTED_OFFICIALS)


@pytest.fixture
def staff_member(django_user_model, db):
    return make_user(django_user_model, "staffer", MUNICIPAL_STAFF)


@pytest.fixture
def cms_editor(django_user_model, home):
    """An editor with admin access and publish rights on the whole tree, in no member group."""
    editors = Group.objects.create(name="Test editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=editors, page=root, permission=Permission.objects.get(codename=codename)
        )
    return make_user(django_user_model, "editor", "Test editors")


@pytest.fixture
def superuser(django_user_model, db):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw-root")


def canary_details(key, label="event"):
    """Access details whose every field carries the canary (and which record it is)."""
    from events.models import AccessDetails

    return AccessDetails.objects.create(
        event_key=key,
        join_url=f"https://meet.example.org/{CANARY}-{label}",
        dial_in=f"+1 555 0100 {CANARY}-{label}",
        passcode=f"{CANARY}-{label}",
        registration_notes=f"Register with {CANARY}-{label}",
    )
