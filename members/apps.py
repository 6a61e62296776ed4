from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # Sign-in throttling listens to Django's auth signals for every sign-in form.
        from members import throttle  # noqa: F401
