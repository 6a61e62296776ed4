from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import address
from portal.site_setup import bilingual, setup_site


class Command(BaseCommand):
    help = (
        "Build a new portal on a migrated database: the English and French locales, the page "
        "tree without events, the Site at SITE_URL, the groups and approval workflow, and a "
        "first superuser from DJANGO_SUPERUSER_USERNAME/EMAIL/PASSWORD if set. Safe to run "
        "again: it creates only what is missing (see portal/site_setup.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name",
            type=bilingual,
            help="The portal's name, as \"English=French\": the home page's title in each "
            f"language and the Site's name (default: {settings.SITE_NAMES['en']}="
            f"{settings.SITE_NAMES['fr']}). Used when the home page is created.",
        )
        parser.add_argument(
            "--chapter",
            type=bilingual,
            action="append",
            default=[],
            dest="chapters",
            help='A regional chapter to create, as "English=French" (e.g. "Ontario '
            "Chapter=Section de l'Ontario\"); repeat for each. Chapters that exist are kept, "
            "each gets its editors' group.",
        )
        parser.add_argument(
            "--site-url",
            help=f"The public address to set the Site to (default: SITE_URL, {settings.SITE_URL}).",
        )

    def handle(self, *args, **options):
        if options["site_url"]:
            try:
                address.parse(options["site_url"])
            except ValueError as error:
                raise CommandError(str(error).replace("SITE_URL", "--site-url")) from None
        report = setup_site(
            names=options["name"], chapters=options["chapters"], site_url=options["site_url"]
        )
        site_url = address.parse(options["site_url"] or settings.SITE_URL).url
        write = self.stdout.write
        write(
            "Locales: en, fr"
            + (f" ({', '.join(report.locales)} created)." if report.locales else ".")
        )
        write(f"Pages: {report.pages} pages or translations created.")
        if report.site == ["created"]:
            write(f"Site: created at {site_url}.")
        elif report.site:
            write(f"Site: now at {site_url} ({', '.join(report.site)} changed).")
        else:
            write(f"Site: at {site_url}.")
        write(
            "Groups and approval workflow: "
            + ("created or completed." if report.governance else "in place.")
        )
        if report.superuser == "created":
            write("Superuser: created from DJANGO_SUPERUSER_USERNAME.")
        elif report.superuser == "exists":
            write("Superuser: DJANGO_SUPERUSER_USERNAME exists already (left unchanged).")
        if report.changes:
            plural = "" if report.changes == 1 else "s"
            write(self.style.SUCCESS(f"Portal ready ({report.changes} change{plural})."))
        else:
            write(self.style.SUCCESS("Portal ready (nothing to change)."))
