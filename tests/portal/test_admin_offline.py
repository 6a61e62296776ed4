"""The admin asks nothing of the internet: no release check, no Gravatar pictures."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_dashboard_loads_nothing_from_elsewhere(client, home, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-2026-x")
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "Dashboard" in html or "Tableau de bord" in html
    assert "w-upgrade" not in html  # Wagtail's check against releases.wagtail.org
    assert "releases.wagtail.org" not in html
    assert "gravatar.com" not in html
