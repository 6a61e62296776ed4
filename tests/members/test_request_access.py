"""The public "request access" form and staff decisions on it."""

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client, TestCase

import pytest

from events.reads.access import ELECTED_OFFICIALS, MUNICIPAL_STAFF
from members.models import AccessRequest
from tests.access_fixtures import make_user

pytestmark = pytest.mark.django_db
URL = "/en/account/request-access/"

VALID = {
    "name": "Jeanne Tremblay",
    "email": "Jeanne@Example.org",
    "municipality": "Rimouski",
    "province": "QC",
    "role": "elected",
    "language": "fr",
}


def test_request_is_stored_pending(client, home):
    response = client.post(URL, VALID)
    assert response.status_code == 302
    assert response.url == "/en/account/request-access/thanks/"
    stored = AccessRequest.objects.get()
    assert (stored.email, stored.status, stored.language) == ("jeanne@example.org", "pending", "fr")


def test_missing_fields_get_clear_errors(client, home):
    response = client.post(URL, {**VALID, "email": "nope", "province": "", "role": ""})
    assert response.status_code == 200
    assert "Enter an e-mail address like name@example.org." in response.text
    assert "Choose your province or territory." in response.text
    assert "Say whether you are an elected official or municipal staff." in response.text
    assert 'aria-describedby="id_role_error"' in response.text
    assert not AccessRequest.objects.exists()


def test_french_form_is_in_french(client, home):
    response = client.get("/fr/account/request-access/")
    assert "Demander l’accès" in response.text


def test_honeypot_stores_nothing_but_looks_like_success(client, home):
    response = client.post(URL, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not AccessRequest.objects.exists()


def test_form_requires_csrf_token(home):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, VALID).status_code == 403
    assert not AccessRequest.objects.exists()
    page = client.get(URL)
    token = page.cookies["csrftoken"].value
    assert client.post(URL, {**VALID, "csrfmiddlewaretoken": token}).status_code == 302


def test_rate_limited_per_ip(client, home, settings):
    for i in range(5):
        assert client.post(URL, {**VALID, "email": f"p{i}@example.org"}).status_code == 302
    blocked = client.post(URL, {**VALID, "email": "p6@example.org"})
    assert blocked.status_code == 429
    assert "Too many requests" in blocked.text
    assert AccessRequest.objects.count() == 5
    # Another address is not blocked by this one's count.
    other = client.post(URL, {**VALID, "email": "p7@example.org"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.fixture
def reviewer(django_user_model, home):
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_accessrequest"),
    )
    return make_user(django_user_model, "reviewer", "Reviewers")


def _decide(client, access_request, decision):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/admin/access-requests/{access_request.pk}/{decision}/")


@pytest.mark.parametrize(
    ("role", "language", "group", "phrase", "prefix"),
    [
        ("elected", "fr", ELECTED_OFFICIALS, "Votre demande d’accès a été approuvée", "/fr/"),
        ("staff", "en", MUNICIPAL_STAFF, "Your request for access was approved", "/en/"),
    ],
)
def test_approval_creates_member_and_mails_link_in_their_language(
    client, reviewer, role, language, group, phrase, prefix
):
    access_request = AccessRequest.objects.create(**{**VALID, "role": role, "language": language})
    client.force_login(reviewer)
    assert _decide(client, access_request, "approve").status_code == 302
    access_request.refresh_from_db()
    user = access_request.user
    assert access_request.status == "approved"
    assert access_request.decided_by == reviewer
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["Jeanne@Example.org"]
    assert phrase in message.body
    link = next(line for line in message.body.splitlines() if "/account/reset/" in line)
    assert link.startswith(f"http://testserver{prefix}account/reset/")
    # The link lets the member choose a password and sign in.
    anonymous = Client()
    form = anonymous.get(link, follow=True)
    assert form.context["validlink"]
    done = anonymous.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-Long-pass-4-tests", "new_password2": "a-Long-pass-4-tests"},
    )
    assert done.status_code == 302
    assert anonymous.login(username=user.username, password="a-Long-pass-4-tests")


def test_decline_mails_and_creates_no_account(client, reviewer, django_user_model):
    access_request = AccessRequest.objects.create(**VALID)
    client.force_login(reviewer)
    users = django_user_model.objects.count()
    _decide(client, access_request, "decline")
    access_request.refresh_from_db()
    assert access_request.status == "declined"
    assert django_user_model.objects.count() == users
    assert len(mail.outbox) == 1
    # Deciding twice does nothing more.
    _decide(client, access_request, "approve")
    access_request.refresh_from_db()
    assert access_request.status == "declined"
    assert len(mail.outbox) == 1


def test_editor_without_permission_cannot_decide(client, cms_editor):
    access_request = AccessRequest.objects.create(**VALID)
    client.force_login(cms_editor)
    assert client.get("/admin/access-requests/").status_code == 403
    assert _decide(client, access_request, "approve").status_code == 403
    access_request.refresh_from_db()
    assert access_request.status == "pending"
    assert not mail.outbox


def test_listing_shows_pending_requests(client, reviewer):
    AccessRequest.objects.create(**VALID)
    client.force_login(reviewer)
    response = client.get("/admin/access-requests/")
    assert "Jeanne Tremblay" in response.text
    assert "Rimouski (Quebec)" in response.text


def test_invalid_submissions_do_not_use_up_the_hourly_limit(client, home, settings):
    """A person fixing typos must not be locked out of the form for an hour."""
    for _ in range(settings.REQUEST_ACCESS_LIMIT + 2):
        assert client.post(URL, {**VALID, "email": "nope"}).status_code == 200
    assert client.post(URL, VALID).status_code == 302
    assert AccessRequest.objects.count() == 1


def test_behind_declared_proxies_one_visitor_does_not_exhaust_the_form(home, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for i in range(settings.REQUEST_ACCESS_LIMIT + 1):
        Client().post(
            URL,
            {**VALID, "email": f"p{i}@example.org"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **via_proxy,
        )
    other = Client().post(URL, VALID, HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy)
    assert other.status_code == 302
    assert AccessRequest.objects.filter(email="jeanne@example.org").exists()


def test_second_request_while_one_is_pending_is_not_stored(home):
    first = Client().post(URL, VALID)
    again = Client().post(
        URL, {**VALID, "email": " JEANNE@example.ORG ", "name": "Someone Else", "role": "staff"}
    )
    assert (again.status_code, again.url) == (first.status_code, first.url)
    stored = AccessRequest.objects.get()
    assert (stored.name, stored.role) == ("Jeanne Tremblay", "elected")
    # The confirmation page is the very same page.
    assert Client().get(again.url).text == Client().get(first.url).text


def test_a_new_request_is_stored_once_the_pending_one_is_decided(home):
    Client().post(URL, VALID)
    AccessRequest.objects.update(status=AccessRequest.Status.DECLINED)
    assert Client().post(URL, VALID).status_code == 302
    assert list(AccessRequest.objects.values_list("status", flat=True).order_by("pk")) == [
        "declined",
        "pending",
    ]


def test_one_pending_request_per_email_holds_in_the_database(home):
    """Two submissions racing past the check cannot both be stored: the database refuses."""
    from django.db import IntegrityError, transaction

    AccessRequest.objects.create(**{**VALID, "email": "jeanne@example.org"})
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessRequest.objects.create(**{**VALID, "email": "Jeanne@example.org"})


def test_a_request_that_loses_the_race_looks_like_success(home):
    """Another submission stores the same e-mail between our check and our insert (simulated
    right after the check's query): the answer is the usual confirmation, one request is kept."""
    from django.db import connection

    def competitor(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not stored and sql.lstrip().upper().startswith("SELECT") and "accessrequest" in sql:
            stored.append(True)
            AccessRequest.objects.create(
                **{**VALID, "email": "jeanne@example.org", "name": "First"}
            )
        return result

    stored = []
    with connection.execute_wrapper(competitor):
        response = Client().post(URL, VALID)
    assert stored
    assert (response.status_code, response.url) == (302, "/en/account/request-access/thanks/")
    assert list(AccessRequest.objects.values_list("name", flat=True)) == ["First"]


@pytest.mark.parametrize("name", ["Jeanne\nTremblay", "Jeanne\r\n\r\nTremblay", "Jeanne\u2028T"])
def test_name_on_several_lines_is_refused(client, home, name):
    response = client.post(URL, {**VALID, "name": name})
    assert response.status_code == 200
    assert "Enter your name on one line." in response.text
    assert not AccessRequest.objects.exists()


PHISHING = (
    "Jeanne,\n\nYour account is suspended. Restore it at https://evil.example/login "
    "or www.evil.example\n\nThe Climate Caucus team\n\n"
)


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_decision_mails_never_carry_the_requester_free_text(client, reviewer, decision):
    """Anyone can request access in someone else's name and address: the text they typed as a
    name must not appear in what the organisation sends, as a link or as a paragraph."""
    access_request = AccessRequest.objects.create(
        **{**VALID, "email": "victim@example.org", "name": PHISHING, "language": "en"}
    )
    client.force_login(reviewer)
    _decide(client, access_request, decision)
    (message,) = mail.outbox
    text = message.subject + message.body
    assert "evil.example" not in text
    assert "suspended" not in text
    assert message.body.startswith("Hello,\n")


def test_decision_mails_greet_in_french(client, reviewer):
    access_request = AccessRequest.objects.create(**{**VALID, "language": "fr"})
    client.force_login(reviewer)
    _decide(client, access_request, "decline")
    (message,) = mail.outbox
    assert message.body.startswith("Bonjour,\n")
    assert "Jeanne" not in message.body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_keeps_the_first_of_repeated_pending_requests():
    """Repeats stored before the rule are reduced to the first, so the constraint can exist."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("members", "0001_initial")],
        [("members", "0002_one_pending_request_per_email")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("members", "AccessRequest")
    rows = [
        ("First", "jeanne@example.org", "pending"),
        ("Again", "JEANNE@example.org", "pending"),
        ("Decided", "jeanne@example.org", "declined"),
        ("Other", "paul@example.org", "pending"),
    ]
    for name, email, status in rows:
        old.objects.create(**{**VALID, "name": name, "email": email, "status": status})
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    kept = AccessRequest.objects.order_by("pk").values_list("name", flat=True)
    assert list(kept) == ["First", "Decided", "Other"]
