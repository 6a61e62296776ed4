from django.core.management.base import BaseCommand

from members.groups import setup_groups


class Command(BaseCommand):
    help = "Create or complete the member and editorial groups and the moderation workflow."

    def handle(self, *args, **options):
        result = setup_groups()
        names = [g.name for g in result["chapters"]]
        self.stdout.write(
            self.style.SUCCESS(f"Groups ready; chapter groups: {', '.join(names) or 'none'}.")
        )
        for line in result["retired"]:
            self.stdout.write(f"Wagtail's default {line}.")
