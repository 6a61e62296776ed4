"""Password reset is limited per e-mail address and per client address, and answers the same
whether an account uses the address or not."""

import re

from django.core import mail
from django.test import Client

import pytest

from tests.access_fixtures import make_user
from tests.helpers import clear_caches

pytestmark = pytest.mark.django_db
URL = "/en/account/password-reset/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _reset(email, address="203.0.113.5"):
    return Client().post(URL, {"email": email}, REMOTE_ADDR=address)


def test_one_mailbox_gets_at_most_the_limit_of_reset_mails(home, django_user_model, settings):
    """Twelve requests from twelve addresses: the member's mailbox is not flooded."""
    make_user(django_user_model, "member")
    for i in range(12):
        _reset("member@example.org", address=f"198.51.100.{i + 1}")
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT
    assert {tuple(m.to) for m in mail.outbox} == {("member@example.org",)}


def test_one_address_gets_at_most_the_limit_of_reset_requests(home, django_user_model, settings):
    """From one client, requests for many addresses stop at the per-address limit, with a 429."""
    for i in range(12):
        make_user(django_user_model, f"member{i}")
    answers = [_reset(f"member{i}@example.org").status_code for i in range(12)]
    limit = settings.PASSWORD_RESET_ADDRESS_LIMIT
    assert answers == [302] * limit + [429] * (12 - limit)
    assert len(mail.outbox) == limit
    # Another client is not held back by that one.
    assert _reset("member11@example.org", address="203.0.113.99").status_code == 302


def test_case_variants_share_the_mailbox_limit(home, django_user_model, settings):
    make_user(django_user_model, "member")
    variants = [
        "member@example.org",
        "MEMBER@example.org",
        "Member@Example.ORG",
        "member@example.org",
    ]
    for i, email in enumerate(variants):
        _reset(email, address=f"198.51.100.{i + 1}")
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAIL_LIMIT


def test_throttled_answer_says_why_in_the_reader_language(home, settings):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 1
    _reset("someone@example.org")
    response = Client().post(
        "/fr/account/password-reset/", {"email": "other@example.org"}, REMOTE_ADDR="203.0.113.5"
    )
    assert response.status_code == 429
    assert "Trop de demandes" in response.text
    assert 'value="other@example.org"' in response.text


def _answers(email):
    answers = []
    for i in range(6):
        response = _reset(email, address="203.0.113.5" if i % 2 else f"198.51.100.{i}")
        answers.append(
            (response.status_code, response.get("Location"), CSRF.sub("", response.text))
        )
    return answers


def test_the_answers_do_not_tell_whether_an_account_exists(home, django_user_model, settings):
    """Page and status, throttled or not, are the same for a member's address and a stranger's."""
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 2
    stranger = _answers("someone@example.org")
    assert not mail.outbox
    clear_caches()
    make_user(django_user_model, "someone")
    member = _answers("someone@example.org")
    assert mail.outbox
    assert member == stranger
    assert {status for status, _location, _text in member} == {302, 429}


def test_invalid_address_is_a_form_error_and_not_counted(home, django_user_model, settings):
    make_user(django_user_model, "member")
    for _ in range(settings.PASSWORD_RESET_ADDRESS_LIMIT + 2):
        response = _reset("not-an-address")
        assert response.status_code == 200
        assert "Enter a valid email address." in response.text
    assert _reset("member@example.org").status_code == 302
    assert len(mail.outbox) == 1
