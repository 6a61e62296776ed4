"""members.tokens: only hashes stored; wrong, revoked or other-kind secrets resolve to None."""

import hashlib

import pytest

from members import tokens
from members.models import PersonalToken

pytestmark = pytest.mark.django_db


def test_issue_stores_only_the_sha256_of_the_secret(elected):
    raw = tokens.issue(elected, "feed")
    row = PersonalToken.objects.get()
    assert len(raw) >= 40
    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {row.token_hash, str(row.pk)}
    assert tokens.user_for_token(raw, "feed") == elected


@pytest.mark.parametrize("raw", ["", "x" * 43, "x" * 500, None])
def test_wrong_token_resolves_to_none(elected, raw):
    tokens.issue(elected, "feed")
    assert tokens.user_for_token(raw, "feed") is None


def test_token_of_other_kind_resolves_to_none(elected):
    raw = tokens.issue(elected, "feed")
    assert tokens.user_for_token(raw, "api") is None


def test_regenerating_revokes_the_old_secret(elected):
    old = tokens.issue(elected, "feed")
    new = tokens.issue(elected, "feed")
    assert tokens.user_for_token(old, "feed") is None
    assert tokens.user_for_token(new, "feed") == elected
    assert PersonalToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_revoked_token_resolves_to_none(elected):
    raw = tokens.issue(elected, "api")
    assert tokens.revoke(elected, "api") == 1
    assert tokens.user_for_token(raw, "api") is None


def test_token_of_deactivated_member_resolves_to_none(elected):
    raw = tokens.issue(elected, "feed")
    elected.is_active = False
    elected.save()
    assert tokens.user_for_token(raw, "feed") is None


def test_account_page_regenerates_and_revokes_in_one_click(client, elected):
    client.force_login(elected)
    page = client.get("/en/account/")
    assert page.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]
    created = client.post("/en/account/tokens/feed/regenerate/")
    raw = created.context["tokens"][0]["secret"]
    assert tokens.user_for_token(raw, "feed") == elected
    assert raw in created.text
    assert "no-store" in created.headers["Cache-Control"]
    # The secret is shown once: the next visit cannot show it (only its hash is kept).
    assert raw not in client.get("/en/account/").text
    replaced = client.post("/en/account/tokens/feed/regenerate/")
    assert tokens.user_for_token(raw, "feed") is None
    new = replaced.context["tokens"][0]["secret"]
    revoked = client.post("/en/account/tokens/feed/revoke/", follow=True)
    assert "no longer works" in revoked.text
    assert tokens.user_for_token(new, "feed") is None


def test_token_actions_need_post_and_sign_in(client, elected):
    assert client.post("/en/account/tokens/feed/regenerate/").url.startswith("/en/account/login/")
    client.force_login(elected)
    assert client.get("/en/account/tokens/feed/regenerate/").status_code == 405
    assert client.post("/en/account/tokens/nope/regenerate/").status_code == 404
    assert not PersonalToken.objects.exists()


def test_account_page_shows_the_new_feed_address_once_in_both_languages(
    client, elected, event_index
):
    client.force_login(elected)
    created = client.post("/en/account/tokens/feed/regenerate/")
    raw = created.context["tokens"][0]["secret"]
    for language in ("en", "fr"):
        url = f"http://testserver/members/feed/{raw}/{language}.ics"
        assert f'value="{url}"' in created.text
        assert f'href="webcal://testserver/members/feed/{raw}/{language}.ics"' in created.text
    assert client.get(f"/members/feed/{raw}/en.ics").status_code == 200
    # Only the hash is kept: a later visit cannot show the address, only offer a new one.
    later = client.get("/en/account/").text
    assert raw not in later and "/members/feed/" not in later
    assert "Replace with a new one" in later


def test_account_page_shows_the_new_api_token_with_its_header(client, elected):
    client.force_login(elected)
    created = client.post("/fr/account/tokens/api/regenerate/")
    raw = created.context["tokens"][1]["secret"]
    assert f"<code>Authorization: Token {raw}</code>" in created.text
    assert "Envoyez-le dans l’en-tête de chaque requête" in created.text
    assert "/members/feed/" not in created.text
