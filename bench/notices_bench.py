"""Benchmark: 1,000 change notices for one change, each built and handed to the mail backend.

Builds a throwaway SQLite database in the temp dir (never the project's): a site, one call
three weeks ahead with join details, and N members following the network (half elected
officials, half municipal staff; half English, half French). Then it times what the worker
does for one material change: `queue_change_notices` (the delivery rows) and `send` for each
(the e-mail in the member's language and zone, the iCalendar part, the join details where
entitled), with Django's in-memory mail backend (SMTP's own time is the server's, not ours).

    .venv/bin/python bench/notices_bench.py [--members 1000] [--profile]

Target (issue 16): under a minute for 1,000 notices on this machine.
"""

import argparse
import cProfile
import datetime as dt
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the sends")
    return parser.parse_args()


ARGS = parse_args()
DB = Path(tempfile.mkdtemp(prefix="notices-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Locale, Page, Site  # noqa: E402

from events.domain.choices import Audience  # noqa: E402
from events.models import AccessDetails, EventIndexPage, EventPage  # noqa: E402
from events.reads.access import ELECTED_OFFICIALS, MUNICIPAL_STAFF  # noqa: E402
from home.models import HomePage  # noqa: E402
from members.models import AccessRequest  # noqa: E402
from notices import services  # noqa: E402
from notices.models import Change, Delivery, Follow  # noqa: E402

DUMMY = "django_tasks.backends.dummy.DummyBackend"
PROVINCES = ["BC", "AB", "ON", "QC", "NS", "NL"]


def build(n_members):
    call_command("migrate", verbosity=0)
    en = Locale.objects.get_or_create(language_code="en")[0]
    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Caucus", slug="caucus", locale=en))
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    old_root, site.root_page, site.hostname = site.root_page, home, "testserver"
    site.save()
    old_root.delete()
    index = home.add_child(instance=EventIndexPage(title="Events", slug="events", locale=en))
    index.save_revision().publish()
    day = (timezone.now() + dt.timedelta(days=21)).date()
    call = EventPage(
        title="Bee City", slug="bee-city", locale=en, start_date=day,
        start_time=dt.time(11), end_time=dt.time(12), timezone="America/Vancouver",
        audience=Audience.ELECTED_AND_STAFF,
    )  # fmt: skip
    index.add_child(instance=call)
    call.save_revision().publish()
    AccessDetails.objects.create(
        event_key=call.translation_key, join_url="https://meet.example.org/bee", passcode="1234"
    )
    groups = [Group.objects.get_or_create(name=n)[0] for n in (ELECTED_OFFICIALS, MUNICIPAL_STAFF)]
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"m{i}", email=f"m{i}@example.org") for i in range(n_members)]
    )
    users = list(get_user_model().objects.order_by("pk"))
    for i, user in enumerate(users):
        user.groups.add(groups[i % 2])
    AccessRequest.objects.bulk_create(
        [
            AccessRequest(
                name=u.username,
                email=u.email,
                municipality="Town",
                province=PROVINCES[i % len(PROVINCES)],
                role="elected",
                language="fr" if i % 4 >= 2 else "en",
                status="approved",
                user=u,
            )  # fmt: skip
            for i, u in enumerate(users)
        ]
    )
    Follow.objects.bulk_create([Follow(user=u, scope=Follow.Scope.NETWORK) for u in users])
    return EventPage.objects.get(pk=call.pk)


def main():
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    print(f"building {ARGS.members} members in {DB} ...", flush=True)
    call = build(ARGS.members)
    # The publish records the change; the notices are what is measured, so queue them by hand.
    draft = call.get_latest_revision_as_object()
    draft.start_time, draft.end_time = dt.time(12), dt.time(13)
    # Tasks kept, not run: the sends are timed one by one below.
    with override_settings(TASKS={"default": {"BACKEND": DUMMY}}):
        draft.save_revision().publish()
        change = Change.objects.get()
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queued_queries:
            services.queue_change_notices(change.pk)
        queued = time.perf_counter() - began
    pks = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    profiler = cProfile.Profile() if ARGS.profile else None
    began = time.perf_counter()
    if profiler:
        profiler.enable()
    queries = []  # counted, not kept: CaptureQueriesContext stops at 9,000
    with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
        sent = sum(services.send(pk) for pk in pks)
    if profiler:
        profiler.disable()
    sending = time.perf_counter() - began
    total = queued + sending
    print(f"notices: {sent} sent of {len(pks)} deliveries; {len(mail.outbox)} in the outbox")
    print(f"queue (delivery rows): {queued:.2f} s, {len(queued_queries)} queries")
    print(
        f"send: {sending:.1f} s, {1000 * sending / max(1, sent):.1f} ms per notice, "
        f"{len(queries) / max(1, sent):.1f} queries per notice"
    )
    print(f"total: {total:.1f} s for {sent} notices (target: under 60 s for 1,000)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
