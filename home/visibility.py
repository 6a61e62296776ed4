"""The one visibility policy: what a requester may see, on every surface
(docs/architecture.md#visibility-and-access-policy).

Every surface (HTML pages and listings, API, feeds, search, sitemap, JSON-LD, e-mails) takes
its pages through `visible()`; none filters `.live()` by itself.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

from home import freshness

# The content version an answer is built for (an int), or a request's _RequestVersion: within
# one version, which branches are hidden cannot change, so they are read once per version.
_version = ContextVar("content_version", default=None)
# What per_version() built for the current version: {"version": key, "items": {name: value}}.
_per_version = {"version": None, "items": {}}
# Bounds memory when many distinct names are asked for within one version: each host's and
# series' windows of series dates (a few hundred names on a large site) fit.
PER_VERSION_ITEMS = 512


@contextmanager
def content_version(key):
    """Let per_version() reuse what it built for content version `key` while this block runs."""
    token = _version.set(key)
    try:
        yield
    finally:
        _version.reset(token)


class _RequestVersion:
    """A request's content version, read from the cache when first needed (a page served from
    the page cache never needs it) and read again if this process has bumped it since (an
    editing view that publishes, then lists)."""

    def __init__(self):
        self.bumps, self.version = None, None

    def get(self):
        if self.bumps != freshness.local_bumps():
            try:
                version = freshness.current_version()
            except Exception:  # the cache is unreachable: build each time, as with no version
                version = None
            self.bumps, self.version = freshness.local_bumps(), version
        return self.version


def per_version(name, build, *, shared=False):
    """build(), reused by every request of this process within the current content version;
    called each time when no version is set. A new version drops everything kept.

    `shared`: computed by one worker per version and read by the others through the shared
    cache (freshness.shared); `name` is then a string or a tuple of strings and numbers.
    """
    key = _version.get()
    if isinstance(key, _RequestVersion):
        key = key.get()
    if key is None:
        return build()
    if _per_version["version"] != key or len(_per_version["items"]) >= PER_VERSION_ITEMS:
        _per_version["version"], _per_version["items"] = key, {}
    items = _per_version["items"]
    if name not in items:
        # A memo() outside a request has no content version to share under.
        if shared and isinstance(key, int):
            text = name if isinstance(name, str) else "|".join(map(str, name))
            items[name] = freshness.shared(key, text, build)
        else:
            items[name] = build()
    return items[name]


def version_key():
    """The content version per_version() keeps what it builds under here (in a request, an
    answer or a memo block, with the content version readable), else None: to hand to work
    done later on another thread (`with content_version(key):`)."""
    key = _version.get()
    if isinstance(key, _RequestVersion):
        key = key.get()
    return key


def within_version():
    """Whether per_version() keeps what it builds here; elsewhere it builds each time."""
    return version_key() is not None


def per_version_entry(name, key, build, *, limit):
    """build() for `key`, kept in this process within the current content version among at most
    `limit` keys kept under `name` (past that many, the kept ones are dropped); built each time
    when no version is set. For values of many pages (a path's pages, an event's speakers),
    which one `per_version` item each would crowd out of its bounded items."""
    kept = per_version(name, dict)
    try:
        return kept[key]
    except KeyError:
        return _keep(kept, {key: build()}, limit)[key]


def per_version_entries(name, keys, read_many, *, limit):
    """{key: value} for each of `keys`, kept as per_version_entry keeps one: those not kept yet
    are read together, read_many(missing) -> {key: value}; a key it leaves out is kept as None
    (a row gone is not read again within the version)."""
    kept = per_version(name, dict)
    found = {key: kept[key] for key in keys if key in kept}
    missing = [key for key in keys if key not in found]
    if missing:
        read = read_many(missing)
        found.update(_keep(kept, {key: read.get(key) for key in missing}, limit))
    return found


def _keep(kept, values, limit):
    """`values` added to `kept`, which is emptied first if they would take it past `limit`."""
    if len(kept) + len(values) > limit:
        kept.clear()
    kept.update(values)
    return values


def forget_versions():
    """Drop what per_version() kept (tests: a rolled-back database may repeat a version)."""
    _per_version["version"], _per_version["items"] = None, {}


def hidden_paths(*, ignoring_unpublished=None, ignoring_restriction=None):
    """Paths whose whole branch no public reader may see: unpublished pages with children, and
    pages behind a view restriction (any kind). One query, in path order: the pages not live
    through their own index (home's migration 0002), the restricted ones by the restrictions'
    page ids, not a scan of every page.

    To tell what was hidden just before a change (events.removals), `ignoring_unpublished`
    (a page id) does not count that page's unpublished state, and `ignoring_restriction` (a
    PageViewRestriction id) does not count that restriction.
    """
    unpublished = Page.objects.filter(live=False, numchild__gt=0)
    if ignoring_unpublished is not None:
        unpublished = unpublished.exclude(pk=ignoring_unpublished)
    restrictions = PageViewRestriction.objects.all()
    if ignoring_restriction is not None:
        restrictions = restrictions.exclude(pk=ignoring_restriction)
    restricted = Page.objects.filter(pk__in=restrictions.values("page_id"))
    paths = [qs.values_list("path", flat=True).order_by() for qs in (unpublished, restricted)]
    # UNION, not UNION ALL: a page both unpublished and restricted is listed once.
    return paths[0].union(paths[1]).order_by("path")


def current_hidden_paths():
    """hidden_paths() as a list, read once per content version by one worker for all."""
    return per_version("hidden-paths", lambda: list(hidden_paths()), shared=True)


def in_hidden_branch(path, hidden):
    """Whether the page at tree path `path` is at or under one of the `hidden` paths."""
    return any(path.startswith(prefix) for prefix in hidden)


def hidden_q():
    """Pages under an unpublished page with children or under a view restriction."""
    exclusions = Q()
    for path in current_hidden_paths():
        exclusions |= Q(path__startswith=path)
    return exclusions


def visible(queryset):
    """Pages a public reader may see: live, not behind a view restriction, not under a
    page that is itself unpublished (Wagtail's router checks only the page it lands on, so
    serving checks the rest: events.wagtail_hooks).

    The same pages as ``queryset.live().public()`` minus unpublished branches, with one query
    for both exclusions instead of one each; none within a content version already read
    (see content_version()).
    """
    exclusions = per_version("hidden", hidden_q)
    queryset = queryset.live()
    return queryset.exclude(exclusions) if exclusions else queryset


def is_visible(page):
    """Whether one page, as loaded, passes `visible()`: live and in no hidden branch.

    No query of its own within a request or content version that has read the hidden branches
    (one otherwise). Wagtail's serve path calls it for every page it serves
    (events.wagtail_hooks), as do views outside that path.
    """
    return page.live and not in_hidden_branch(page.path, current_hidden_paths())


def view_restrictions(page):
    """What Wagtail's `Page.get_view_restrictions()` returns (the restrictions on the page and
    its ancestors, an alias's taken from its source), without its two queries for a page
    being served that passes `is_visible`: a restriction anywhere above it would hide its
    branch, so none applies unless it or a page above it is an alias. Its parents up to the
    site's home are those home.routing read and linked; a page served otherwise (or through
    an alias) is answered by Wagtail's method. Wagtail's serve path asks it of every page
    (`check_view_restrictions`)."""
    if is_visible(page):
        current = page
        while current is not None and current.alias_of_id is None:
            if current.depth <= 2:
                # A site's home, under the tree's root (which is never an alias).
                return PageViewRestriction.objects.none()
            current = current.__dict__.get("_cached_parent_obj")
    return Page.get_view_restrictions(page)


class ServedRestrictionsMixin:
    """Page types take Wagtail's view-restriction check from `view_restrictions`."""

    def get_view_restrictions(self):
        return view_restrictions(self)


@contextmanager
def memo(name):
    """Within this block, what per_version() builds is read once: for one piece of work done
    outside a request (a feed built for an e-mail, a command), kept in this process only. Inside
    a request or another memo, the version already set is kept."""
    if _version.get() is not None:
        yield
        return
    with content_version((name, time.monotonic_ns())):
        yield


def request_memo(get_response):
    """Middleware: a request reads what per_version() keeps for the current content version
    (the hidden branches, series dates, hosts), built once per version, not per request or
    per visible() call (a listing page makes six or seven)."""

    def middleware(request):
        with content_version(_RequestVersion()):
            return get_response(request)

    return middleware
