"""home.revalidation: the worker's render thread, for renders that lapse with their lock and
for work that does not (occurrences.one_off_index's builds)."""

import threading
import time

from home.revalidation import revalidations


def test_work_that_does_not_lapse_runs_however_late_and_a_render_past_its_lock_does_not(
    settings,
):
    settings.PAGE_CACHE_REVALIDATE_INLINE = False
    settings.PAGE_CACHE_MAX_STALE_SECONDS = 0.1
    release, ran = threading.Event(), []
    busy = revalidations.submit(release.wait, 10)  # the thread is busy past both locks
    lapsing = revalidations.submit(ran.append, "render")
    lasting = revalidations.submit(ran.append, "index build", lapses=False)
    time.sleep(0.3)
    assert revalidations.pending() == 3  # one running, two queued (bench/growth.py waits on it)
    release.set()
    for work in (busy, lapsing, lasting):
        work.result(10)
    assert ran == ["index build"]
    assert revalidations.pending() == 0


def test_inline_everything_runs_at_once(settings):
    settings.PAGE_CACHE_REVALIDATE_INLINE = True
    ran = []
    assert revalidations.submit(ran.append, "render") is None
    assert revalidations.submit(ran.append, "index build", lapses=False) is None
    assert ran == ["render", "index build"]


def test_work_owed_while_the_interpreter_exits_runs_at_once(settings, monkeypatch):
    """A command's process exiting while its publish's renders run (concurrent.futures refuses
    new work then): work one of them owes runs on the spot, rather than failing its render."""
    settings.PAGE_CACHE_REVALIDATE_INLINE = False
    revalidations.submit(lambda: None).result(10)  # the pool exists

    def refuse(*args, **kwargs):
        raise RuntimeError("cannot schedule new futures after interpreter shutdown")

    monkeypatch.setattr(revalidations._pool, "submit", refuse)
    ran = []
    assert revalidations.submit(ran.append, "index build", lapses=False) is None
    assert ran == ["index build"]
    assert revalidations.pending() == 0
