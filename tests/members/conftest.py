"""The access policy's users (tests/access_fixtures.py), for every members test."""

from tests.access_fixtures import (  # noqa: F401
    anonymous,
    cms_editor,
    elected,
    staff_member,
    superuser,
)
