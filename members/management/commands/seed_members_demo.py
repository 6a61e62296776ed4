import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from events.domain.choices import Audience
from events.models import AccessDetails, EventPage, EventSeriesPage
from events.reads.access import CHAPTER_EDITORS_PREFIX, ELECTED_OFFICIALS, MUNICIPAL_STAFF
from members.groups import NATIONAL_EDITORS, TRANSLATORS

DEMO_MEMBERS = (
    ("elected@example.org", ELECTED_OFFICIALS),
    ("staff@example.org", MUNICIPAL_STAFF),
)
# One staff account per editorial role (`--editors`), for trying the admin as each role and for
# the editor's guide's screenshots (tools/editor_guide_screenshots.py). Groups from setup_groups.
DEMO_EDITORS = (
    ("national@example.org", "Nadia", "Lavoie", NATIONAL_EDITORS),
    ("chapter-bc@example.org", "Bill", "Chen", CHAPTER_EDITORS_PREFIX + "B.C. Chapter"),
    ("translator@example.org", "Thérèse", "Gagnon", TRANSLATORS),
)


class Command(BaseCommand):
    help = (
        "Development only: invented access details for the demo's restricted events and two "
        "demo members (an elected official, a staff member); with --editors, a demo editor per "
        "editorial role. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Set the demo members' password to this.")
        parser.add_argument(
            "--editors",
            action="store_true",
            help="Also a demo editor per role: national, B.C. chapter, translator "
            "(after setup_groups).",
        )

    def handle(self, *args, **options):
        # Invented join links and accounts with printed passwords have no place in production.
        if not settings.DEBUG:
            raise CommandError("seed_members_demo runs only with DEBUG=True.")
        created = 0
        # Series and one-off events; a series' details cover its occurrences' own pages.
        pages = [
            *EventSeriesPage.objects.exclude(audience=Audience.PUBLIC),
            *EventPage.objects.exclude(audience=Audience.PUBLIC).filter(series_key__isnull=True),
        ]
        for page in pages:
            _details, new = AccessDetails.objects.get_or_create(
                event_key=page.translation_key,
                defaults={
                    "join_url": f"https://meet.example.org/demo/{page.slug}",
                    "dial_in": "+1 555 0100 (Canada)",
                    "passcode": "demo-" + page.slug[:20],
                    "registration_notes": "Demo access details: not a real meeting.",
                },
            )
            created += new
        self.stdout.write(f"Access details created for {created} restricted events or series.")
        # Events open to all publish their registration link openly (AccessDetails.publish_openly):
        # anyone sees it on the page, in the public feeds, the API and JSON-LD.
        published = 0
        public = [
            *EventSeriesPage.objects.filter(audience=Audience.PUBLIC),
            *EventPage.objects.filter(audience=Audience.PUBLIC, series_key__isnull=True),
        ]
        for page in public:
            _details, new = AccessDetails.objects.get_or_create(
                event_key=page.translation_key,
                defaults={
                    "join_url": f"https://meet.example.org/demo/register/{page.slug}",
                    "publish_openly": True,
                },
            )
            published += new
        self.stdout.write(f"Join links published openly for {published} events open to all.")
        user_model = get_user_model()
        for email, group_name in DEMO_MEMBERS:
            user, new = user_model.objects.get_or_create(username=email, defaults={"email": email})
            if new or options["password"]:
                password = options["password"] or secrets.token_urlsafe(9)
                user.set_password(password)
                user.save()
                self.stdout.write(f"{email} ({group_name}) password: {password}")
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        if options["editors"]:
            self.seed_editors(user_model, options["password"])

    def seed_editors(self, user_model, password):
        for email, first_name, last_name, group_name in DEMO_EDITORS:
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                raise CommandError(f"No group “{group_name}”: run setup_groups first.")
            user, new = user_model.objects.get_or_create(
                username=email,
                defaults={"email": email, "first_name": first_name, "last_name": last_name},
            )
            if new or password:
                secret = password or secrets.token_urlsafe(9)
                user.set_password(secret)
                user.save()
                self.stdout.write(f"{email} ({group_name}) password: {secret}")
            user.groups.add(group)
