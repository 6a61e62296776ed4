"""A new portal, from an empty (migrated) database: `python manage.py setup_site`.

In one transaction, each part created only where missing, so a second run changes nothing:
- the English and French locales;
- the page tree without events (portal/fixtures/site.yaml): home, events index, chapter index,
  working-group index and How to join, in both languages, linked as translations through
  wagtail-localize; chapters asked for under the chapter index;
- the default Wagtail Site at the public address (SITE_URL), rooted at that home page, in
  place of Wagtail's "Welcome to your new Wagtail site!" page; moved when the address changes;
- the member and editor groups and the approval workflow (members.groups.setup_groups);
- a first superuser from DJANGO_SUPERUSER_USERNAME / _EMAIL / _PASSWORD, when they are set.

`seed_demo` builds the demo on the same tree and Site (`place_tree`, `set_site`).

It lives in the project package because it composes every app (home, events and chapters page
types, members' groups); no app imports it, so dependencies keep pointing one way.
"""

import copy
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    WorkflowPage,
    WorkflowTask,
)

import yaml

from members.groups import setup_groups
from portal import address
from portal.tree import TreeWriter

SKELETON = Path(__file__).resolve().parent / "fixtures" / "site.yaml"
CHAPTER_TYPE = "chapters.ChapterPage"


@cache
def _skeleton():
    return yaml.safe_load(SKELETON.read_text(encoding="utf-8"))


def bilingual(text):
    """{"en": …, "fr": …} from "English=French" (French is the English when not given)."""
    english, _sep, french = (part.strip() for part in text.partition("="))
    if not english:
        raise CommandError(f"{text!r}: give a name in English, then optionally =French.")
    return {"en": english, "fr": french or english}


def chapter_spec(names):
    """The spec of a chapter page from its names; its key comes from the English name."""
    return {
        "key": f"chapter-{slugify(names['en'])}",
        "type": CHAPTER_TYPE,
        "en": {"title": names["en"], "slug": slugify(names["en"])},
        "fr": {"title": names["fr"], "slug": slugify(names["fr"])},
    }


def tree_spec(names, chapters=()):
    """The skeleton's spec: the home page named `names`, its sections, and `chapters`."""
    spec = copy.deepcopy(_skeleton())
    for language, name in names.items():
        spec[language].update(title=name, slug=slugify(name))
    index = next(child for child in spec["children"] if child["key"] == "chapters")
    index["children"] = [chapter_spec(chapter) for chapter in chapters]
    return spec


def place_tree(writer, names, chapters=()):
    """Write the skeleton with `writer` (a TreeWriter); return the English home page."""
    root = Page.get_first_root_node()
    if root is None:
        raise CommandError("The page tree has no root: run `python manage.py migrate` first.")
    return writer.place(tree_spec(names, chapters), root)


def _is_placeholder(page):
    """Wagtail's "Welcome to your new Wagtail site!": a plain Page at the top, no children."""
    return page.specific_class is Page and page.depth == 2 and not page.get_children().exists()


def set_site(home, site_address, site_name):
    """Make the default Site serve `home` at `site_address` as `site_name`; return the names
    of the fields that changed (["created"] for a new Site, [] when it was right).

    A root that is neither this home page nor Wagtail's placeholder is an error: replacing a
    tree someone built by hand would hide it.
    """
    wanted = {
        "hostname": site_address.hostname,
        "port": site_address.port,
        "site_name": site_name,
        "root_page_id": home.pk,
    }
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Site.objects.create(is_default_site=True, **wanted)
        return ["created"]
    old_root = site.root_page
    if old_root.pk != home.pk and not _is_placeholder(old_root):
        raise CommandError(
            f"The default site's root is “{old_root.title}” (page {old_root.pk}), not the home "
            "page setup_site makes. setup_site builds a new portal; move or delete that page "
            "first, or set the site's root in the admin (Settings → Sites)."
        )
    changed = [name for name, value in wanted.items() if getattr(site, name) != value]
    if changed:
        for name, value in wanted.items():
            setattr(site, name, value)
        site.save()
    if old_root.pk != home.pk:
        old_root.delete()
    return [name.removesuffix("_id") for name in changed]


def ensure_superuser(environ):
    """The superuser named in DJANGO_SUPERUSER_USERNAME: "created", "exists", or None when
    no name is set. An existing account is never changed (nor its password)."""
    username = environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
    if not username:
        return None
    users = get_user_model()
    if users.objects.filter(**{users.USERNAME_FIELD: username}).exists():
        return "exists"
    password = environ.get("DJANGO_SUPERUSER_PASSWORD", "")
    email = environ.get("DJANGO_SUPERUSER_EMAIL", "").strip()
    if not password:
        raise CommandError(
            "DJANGO_SUPERUSER_USERNAME is set but DJANGO_SUPERUSER_PASSWORD is not: set both "
            "(and DJANGO_SUPERUSER_EMAIL), or neither to create no account."
        )
    try:
        validate_password(password, users(**{users.USERNAME_FIELD: username, "email": email}))
    except ValidationError as error:
        raise CommandError("DJANGO_SUPERUSER_PASSWORD: " + " ".join(error.messages)) from None
    users.objects.create_superuser(username, email, password)
    return "created"


def _governance():
    """What setup_groups writes, as comparable rows: groups, their permissions, page and
    collection permissions, the workflow's tasks and pages."""
    return (
        set(Group.objects.values_list("name", "permissions")),
        set(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
        set(
            GroupCollectionPermission.objects.values_list(
                "group_id", "collection_id", "permission_id"
            )
        ),
        set(GroupApprovalTask.objects.values_list("pk", "groups")),
        set(WorkflowTask.objects.values_list("workflow_id", "task_id")),
        set(WorkflowPage.objects.values_list("page_id", "workflow_id")),
    )


@dataclass
class Report:
    """What one run did; `changes` is 0 when it found everything in place."""

    locales: list = field(default_factory=list)  # codes of the locales created
    pages: int = 0  # pages and translations created
    site: list = field(default_factory=list)  # Site fields changed, or ["created"]
    governance: bool = False  # groups, permissions or workflow created or completed
    superuser: str | None = None  # "created", "exists" or None (not asked for)

    @property
    def changes(self):
        return (
            len(self.locales)
            + self.pages
            + len(self.site)
            + self.governance
            + (self.superuser == "created")
        )


@transaction.atomic
def setup_site(names=None, chapters=(), site_url=None, environ=None):
    """Build or complete the portal; see the module's docstring. All or nothing."""
    names = names or settings.SITE_NAMES
    site_address = address.parse(site_url or settings.SITE_URL)
    environ = os.environ if environ is None else environ
    report = Report()
    writer = TreeWriter()
    report.locales = writer.new_locales
    home = place_tree(writer, names, chapters)
    report.pages = writer.created
    report.site = set_site(home, site_address, names["en"])
    before = _governance()
    setup_groups()
    report.governance = _governance() != before
    report.superuser = ensure_superuser(environ)
    return report
