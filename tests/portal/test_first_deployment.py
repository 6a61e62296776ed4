"""Issue 17, done when: a new portal from an EMPTY database, as a deployer makes it.

Not pytest-django's prepared test database: a database created here (PostgreSQL when
DATABASE_URL names one, as in CI's PostgreSQL pass; else a new SQLite file), the deployment
commands run as processes with production settings (`migrate`, `collectstatic`, `setup_site`
twice), then the portal served by gunicorn on a free port with a strong SECRET_KEY and
SITE_URL at that address, and read over HTTP as a visitor, an API client and the first
superuser would.
"""

import html
import http.cookiejar
import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import icalendar
import psycopg
import pytest
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = secrets.token_urlsafe(16)
HOMES = {"en": "Climate Caucus Events", "fr": "Événements du Caucus climat"}
INDEXES = {"en": ("/en/events/", "Events"), "fr": ("/fr/evenements/", "Événements")}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_postgres(url):
    return url.startswith(("postgres://", "postgresql://"))


@pytest.fixture
def new_databases(tmp_path):
    """make(suffix): the URL of a new, empty database; each dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    made = []
    parts = urllib.parse.urlsplit(url)
    server = parts._replace(path="/postgres").geturl()

    def make(suffix):
        if not is_postgres(url):
            return f"sqlite:///{tmp_path / suffix}.sqlite3"
        name = f"{parts.path.lstrip('/')}_{suffix}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        made.append(name)
        return parts._replace(path=f"/{name}").geturl()

    yield make
    for name in made:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def count_pages(database_url):
    query = "SELECT count(*) FROM wagtailcore_page"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return connection.execute(query).fetchone()[0]
    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchone()[0]


class Deployment:
    """The environment a deployer sets (docs/deploy/portal.env) and the commands they run."""

    def __init__(self, database_url, tmp_path):
        self.log = tmp_path / "gunicorn.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        keep = {"PATH", "HOME", "LANG", "REDIS_URL", "SYSTEMROOT", "TMPDIR"}
        self.env = {k: v for k, v in os.environ.items() if k in keep}
        self.env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            DATABASE_URL=database_url,
            SECRET_KEY=secrets.token_urlsafe(50),
            SITE_URL=self.url,
            TRUSTED_PROXY_COUNT="0",
            STATIC_ROOT=str(tmp_path / "static"),
            MEDIA_ROOT=str(tmp_path / "media"),
            # A shared Redis (CI): keys of this deployment's own.
            CACHE_KEY_PREFIX=f"fresh-{uuid.uuid4().hex}",
            LOG_LEVEL="WARNING",
        )

    def manage(self, *args, **env):
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def serve(self):
        """gunicorn as the web unit runs it, over plain http on this machine."""
        env = {
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESSLOG": "",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
        }
        with self.log.open("wb") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.conf.py", "portal.wsgi"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )


class Visitor:
    """An HTTP client with cookies, reading the served portal."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path, data=None):
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, body, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def wait(self, server, log, deadline=60):
        start = time.monotonic()
        while time.monotonic() - start < deadline:
            assert server.poll() is None, log.read_text()
            try:
                return self.get("/healthz")
            except OSError:
                time.sleep(0.5)
        pytest.fail("gunicorn did not answer /healthz")


def test_new_portal_from_an_empty_database(new_databases, tmp_path):
    empty_database = new_databases("fresh")
    deployment = Deployment(empty_database, tmp_path)
    deployment.manage("migrate", "--no-input")
    deployment.manage("collectstatic", "--no-input", "--verbosity", "0")
    admin = {
        "DJANGO_SUPERUSER_USERNAME": "admin",
        "DJANGO_SUPERUSER_EMAIL": "admin@example.org",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    first = deployment.manage("setup_site", **admin)
    assert "Superuser: created" in first and "Portal ready (" in first
    pages = count_pages(empty_database)
    assert pages == 11  # the tree's root, and five pages in each of two languages
    second = deployment.manage("setup_site", **admin)
    assert second.strip().endswith("Portal ready (nothing to change).")
    assert "Pages: 0 pages or translations created." in second
    assert count_pages(empty_database) == pages
    # Production's own checks pass on this database, the Site's address (portal.W002) included.
    deployment.manage("check", "--deploy", "--database", "default", "--fail-level", "WARNING")

    server = deployment.serve()
    try:
        visitor = Visitor(deployment.url)
        status, _headers, body = visitor.wait(server, deployment.log)
        assert (status, json.loads(body)) == (200, {"database": "ok", "cache": "ok"})
        read_pages_and_feeds(visitor)
        read_the_api(visitor, deployment.url)
        sign_in_to_the_admin(visitor)
        if is_postgres(empty_database):
            # On PostgreSQL (CI's second pass): the documented backup restores into a new
            # database that passes `make check-restore`.
            back_up_restore_and_check(deployment, new_databases, tmp_path)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if "REDIS_URL" in deployment.env:
            # Only this deployment's keys (its own prefix), never the whole shared database.
            code = (
                "from django.conf import settings\n"
                "from django_redis import get_redis_connection\n"
                "redis = get_redis_connection()\n"
                "for name in redis.scan_iter(settings.CACHE_KEY_PREFIX + '*'):\n"
                "    redis.delete(name)"
            )
            deployment.manage("shell", "-c", code)


def read_pages_and_feeds(visitor):
    for language, title in HOMES.items():
        status, _headers, body = visitor.get(f"/{language}/")
        text = body.decode()
        assert status == 200
        assert f'<html lang="{language}"' in text
        assert f"<h1>{html.escape(title, quote=False)}</h1>" in text
        path, index_title = INDEXES[language]
        assert f'href="{path}"' in text  # the home page leads to its events index
        status, _headers, body = visitor.get(path)
        assert status == 200
        assert f"<h1>{index_title}</h1>" in body.decode()
        status, headers, body = visitor.get(path + "calendar.ics")
        assert status == 200
        assert headers["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(body)
        # A valid, empty calendar: no event, one component (a time zone), its name localized.
        assert calendar.walk("VEVENT") == []
        assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
        assert str(calendar["x-wr-calname"]).endswith(f"— {index_title}")
        assert str(calendar["source"]) == visitor.base + path + "calendar.ics"


def read_the_api(visitor, base):
    status, _headers, body = visitor.get("/api/v1/")
    assert status == 200
    root = json.loads(body)
    assert root["calendars"] == {
        "en": f"{base}/en/events/calendar.ics",
        "fr": f"{base}/fr/evenements/calendar.ics",
    }
    for name in ("events", "series", "chapters", "working_groups", "speakers"):
        assert root[name].startswith(f"{base}/api/v1/"), name
        status, _headers, body = visitor.get(root[name])
        assert status == 200, name
        listing = json.loads(body)
        assert listing["results"] == [], name


def sign_in_to_the_admin(visitor):
    status, _headers, body = visitor.get("/admin/login/")
    assert status == 200
    form = body.decode()
    assert 'name="username"' in form and 'name="password"' in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    # A wrong password is refused; the right one opens the dashboard.
    refused = {"csrfmiddlewaretoken": token, "username": "admin", "password": "wrong-password"}
    status, _headers, body = visitor.get("/admin/login/", refused)
    assert status == 200 and 'name="password"' in body.decode()
    assert not any(cookie.name == "sessionid" for cookie in visitor.cookies)
    signed = {"csrfmiddlewaretoken": token, "username": "admin", "password": PASSWORD}
    status, _headers, body = visitor.get("/admin/login/", signed)
    assert status == 200  # redirected to the dashboard, followed
    assert any(cookie.name == "sessionid" for cookie in visitor.cookies)
    assert "Climate Caucus Events" in body.decode()
    assert 'name="password"' not in body.decode()


def check_restore(env):
    bin_dir = Path(sys.executable).parent
    return subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--no-print-directory", "check-restore", f"CHECK_PORT={free_port()}"]
        + [f"PY={sys.executable}", f"BIN={bin_dir}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def back_up_restore_and_check(deployment, new_databases, tmp_path):
    """docs/deploy.md, "Backups and restore": pg_dump and tar, pg_restore and tar into a new
    database and media folder, then `make check-restore` on them (which refuses a database
    the backup never reached)."""
    restored_url = new_databases("restored")
    media, backups = Path(deployment.env["MEDIA_ROOT"]), tmp_path / "backups"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "minutes.txt").write_text("Minutes of the first call.")
    backups.mkdir()
    bash = ["bash", "-euo", "pipefail", "-c"]
    back_up = (
        "pg_dump --format=custom --no-owner --no-privileges --file=$BACKUPS/db.dump"
        ' "$DATABASE_URL"\n'
        'tar --create --gzip --file=$BACKUPS/media.tar.gz --directory="$MEDIA_ROOT" .'
    )
    env = {**deployment.env, "BACKUPS": str(backups)}
    subprocess.run([*bash, back_up], env=env, check=True, timeout=300)  # noqa: S603
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    restore = (
        'pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL"'
        " $BACKUPS/db.dump\n"
        'tar --extract --gzip --file=$BACKUPS/media.tar.gz --directory="$MEDIA_ROOT"'
    )
    env.update(DATABASE_URL=restored_url, MEDIA_ROOT=str(restored_media))
    subprocess.run([*bash, restore], env=env, check=True, timeout=300)  # noqa: S603
    assert (restored_media / "documents" / "minutes.txt").read_text() == (
        "Minutes of the first call."
    )
    assert count_pages(restored_url) == count_pages(deployment.env["DATABASE_URL"])
    check = check_restore(env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert '{"database": "ok", "cache": "ok"}' in check.stdout
    # The same check on a database nothing was restored into fails (migrate --check).
    assert check_restore({**env, "DATABASE_URL": new_databases("empty")}).returncode != 0
