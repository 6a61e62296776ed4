"""Member sign-in and password reset under the language prefix, in the member's language."""

from django.core import mail

import pytest

from tests.access_fixtures import make_user

pytestmark = pytest.mark.django_db


def test_member_signs_in_and_lands_on_account_page(client, home, elected):
    page = client.get("/fr/account/login/")
    assert "Membres\u202f: connexion" in page.text
    response = client.post("/en/account/login/", {"username": "elected", "password": "pw-elected"})
    assert response.status_code == 302
    assert response.url == "/en/account/"
    account = client.get("/en/account/")
    assert "Member of: Elected officials" in account.text


def test_wrong_password_is_refused_with_a_message(client, home, elected):
    response = client.post("/en/account/login/", {"username": "elected", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_account_page_needs_sign_in(client, home):
    response = client.get("/fr/account/")
    assert response.status_code == 302
    assert response.url == "/fr/account/login/?next=/fr/account/"


def test_password_reset_mails_a_french_link_even_without_a_password(
    client, home, django_user_model
):
    member = make_user(django_user_model, "nouvelle", "Elected officials")
    member.set_unusable_password()
    member.save()
    response = client.post("/fr/account/password-reset/", {"email": "NOUVELLE@example.org"})
    assert response.url == "/fr/account/password-reset/sent/"
    (message,) = mail.outbox
    assert message.to == ["nouvelle@example.org"]
    assert "Choisissez un nouveau mot de passe" in message.subject
    assert "http://testserver/fr/account/reset/" in message.body


def test_password_reset_for_unknown_address_sends_nothing(client, home):
    response = client.post("/en/account/password-reset/", {"email": "nobody@example.org"})
    assert response.url == "/en/account/password-reset/sent/"
    assert not mail.outbox
