"""A database that cannot be reached answers 503 with Retry-After; other errors stay errors."""

from unittest import mock

from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import RequestFactory

import pytest

from portal.outage import DatabaseUnavailableMiddleware


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_lost_database_answers_503_with_retry_after(error):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    response = middleware.process_exception(RequestFactory().get("/en/"), error("gone"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_programming_error_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    assert middleware.process_exception(RequestFactory().get("/en/"), ProgrammingError()) is None


def test_page_view_with_database_down_answers_503(client, home):
    with mock.patch(
        "wagtail.models.Site.find_for_request", side_effect=OperationalError("refused")
    ):
        response = client.get("/en/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
