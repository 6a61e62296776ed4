"""The example deployment files (docs/deploy/) run what docs/deploy.md says: the web and worker
commands, a graceful reload, restarts on failure, one environment file whose variables are the
ones .env.example documents and that production settings accept."""

import configparser
import json
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "docs" / "deploy"
ENV_FILE = "/etc/portal/portal.env"


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def variables(path):
    """NAME=value lines of an environment file, as systemd's EnvironmentFile= reads them."""
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _sep, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


@pytest.mark.parametrize("name", ["portal-web.service", "portal-worker.service"])
def test_units_restart_on_failure_and_read_one_environment_file(name):
    service = unit(name)["Service"]
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == ENV_FILE
    assert service["Environment"] == "DJANGO_SETTINGS_MODULE=portal.settings.production"
    assert (service["User"], service["WorkingDirectory"]) == ("portal", "/srv/portal")
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_web_unit_runs_gunicorn_with_the_portals_config_and_reloads_gracefully():
    service = unit("portal-web.service")["Service"]
    # The command of docs/deploy.md's "What runs" and of `make serve`.
    assert service["ExecStart"] == (
        "/srv/portal/.venv/bin/gunicorn -c portal/gunicorn.conf.py portal.wsgi"
    )
    assert "gunicorn -c portal/gunicorn.conf.py portal.wsgi" in (ROOT / "Makefile").read_text()
    assert service["ExecReload"] == "/bin/kill -HUP $MAINPID"
    assert service["Type"] == "notify"  # gunicorn signals readiness (sd_notify)
    # systemd waits longer than gunicorn gives in-flight requests (GUNICORN_GRACEFUL_TIMEOUT).
    assert int(service["TimeoutStopSec"]) > 30


def test_worker_unit_runs_the_task_worker():
    service = unit("portal-worker.service")["Service"]
    assert service["ExecStart"] == "/srv/portal/.venv/bin/python manage.py db_worker"
    assert service["KillSignal"] == "SIGTERM"  # db_worker finishes its task, then exits


def test_environment_file_names_only_documented_variables():
    example = variables(ROOT / ".env.example")
    env = variables(DEPLOY / "portal.env")
    assert set(env) - set(example) == set()
    assert {"SITE_URL", "SECRET_KEY", "DATABASE_URL", "TRUSTED_PROXY_COUNT"} <= set(env)


def test_production_starts_with_the_environment_file():
    """The example, its placeholder secret replaced, is a complete production environment."""
    env = {**variables(DEPLOY / "portal.env"), "SECRET_KEY": secrets.token_urlsafe(50)}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SITE_URL, s.ALLOWED_HOSTS, s.TRUSTED_PROXY_COUNT, s.EMAIL_PORT,"
        " s.EMAIL_USE_TLS, str(s.MEDIA_ROOT)]))"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "https://events.example.org",
        ["events.example.org"],
        1,
        587,
        True,
        "/srv/portal/media",
    ]


def test_gunicorn_opens_no_control_socket():
    """Every gunicorn on a host would share ~/.gunicorn/gunicorn.ctl (gunicorn 25.1+): tests,
    benchmarks and the service would take it from one another; systemd's signals suffice."""
    config = runpy.run_path(str(ROOT / "portal" / "gunicorn.conf.py"))
    assert "control_socket_disable" in Config().settings  # a name gunicorn knows
    assert config["control_socket_disable"] is True


def test_gunicorn_threads_keep_a_hung_database_from_holding_every_worker():
    """A request stuck on the database holds one thread: the worker's other threads still
    answer cached pages from Redis (docs/deploy.md, "Database outages")."""
    config = runpy.run_path(str(ROOT / "portal" / "gunicorn.conf.py"))
    assert {"worker_class", "threads", "raw_env"} <= set(Config().settings)
    assert config["worker_class"] == "gthread"
    assert config["threads"] >= 2


def gunicorn_raw_env(**environ):
    unset = {"DATABASE_STATEMENT_TIMEOUT_MS", "DATABASE_CLIENT_DEADLINE_SECONDS"}
    env = {k: v for k, v in os.environ.items() if k not in unset} | environ
    code = "import runpy; print(runpy.run_path('portal/gunicorn.conf.py')['raw_env'])"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_gunicorn_gives_its_workers_a_statement_timeout_and_a_longer_client_deadline():
    """Both within the 2 s an outage's answers may take; the server cancels a slow query first."""
    assert gunicorn_raw_env() == (
        "['DATABASE_STATEMENT_TIMEOUT_MS=1500', 'DATABASE_CLIENT_DEADLINE_SECONDS=1.75']"
    )
    assert gunicorn_raw_env(DATABASE_STATEMENT_TIMEOUT_MS="3000") == (
        "['DATABASE_STATEMENT_TIMEOUT_MS=3000', 'DATABASE_CLIENT_DEADLINE_SECONDS=3.25']"
    )


def test_gunicorn_workers_load_the_urlconf_and_freeze_it_out_of_the_garbage_collector():
    """Once loaded, what lives as long as the worker is frozen (gc.freeze): full collections no
    longer walk it, which held all the worker's threads for 100-250 ms each under load."""
    assert "post_worker_init" in Config().settings
    code = (
        "import gc, runpy, sys, django\n"
        "django.setup()\n"
        "before = 'portal.urls' in sys.modules\n"
        "runpy.run_path('portal/gunicorn.conf.py')['post_worker_init'](None)\n"
        "print(before, 'portal.urls' in sys.modules, gc.get_freeze_count(), gc.get_threshold())\n"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    env.pop("GC_THRESHOLDS", None)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    before, after, frozen, thresholds = result.stdout.split(maxsplit=3)
    assert (before, after) == ("False", "True")
    assert int(frozen) > 50_000  # Django, Wagtail and the views: about 190,000 objects
    assert thresholds.strip() == "(20000, 50, 100)"  # Python's own: (700, 10, 10)


def worker_gc_thresholds(value):
    code = (
        "import gc, runpy\n"
        "runpy.run_path('portal/gunicorn.conf.py')['post_worker_init'](None)\n"
        "print(gc.get_threshold())\n"
    )
    env = os.environ | {"GC_THRESHOLDS": value}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_gunicorn_workers_take_the_garbage_collector_thresholds_from_the_environment():
    """Young objects of a long render are not promoted every 700 allocations until full
    collections walk every request in flight (docs/architecture.md#caching-and-freshness)."""
    result = worker_gc_thresholds("5000,10,10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(5000, 10, 10)"


@pytest.mark.parametrize("value", ["20000,50", "20000;50;100", "0,10,10", "a,b,c", "1,2,3,4"])
def test_a_bad_gc_thresholds_value_stops_gunicorn_reading_its_configuration(value):
    result = worker_gc_thresholds(value)
    assert result.returncode != 0
    assert "GC_THRESHOLDS must be three positive integers" in result.stderr
    assert repr(value) in result.stderr
