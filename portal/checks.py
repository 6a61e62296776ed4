"""The project's own system checks: `manage.py check --deploy --database default`."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning
from django.db import DatabaseError

from wagtail.models import Site

from portal.address import parse


@register(Tags.security, deploy=True)
def trusted_proxy_count(app_configs, **kwargs):
    """Production must say how many proxies stand in front of it (members/throttle.py)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", None)
    if count is None:
        return [
            CheckWarning(
                "TRUSTED_PROXY_COUNT is not set. Behind a load balancer or CDN every visitor "
                "then has the proxy's address, and the sign-in, password-reset and "
                "request-access throttles count the whole site as one visitor.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the site "
                "that append to X-Forwarded-For, or 0 if clients connect directly; see "
                "docs/deploy.md.",
                id="portal.W001",
            )
        ]
    if count < 0:
        return [
            Error(
                f"TRUSTED_PROXY_COUNT is {count}; it counts proxies, so it cannot be negative.",
                hint="Set it to the number of proxies in front of the site, or 0; see "
                "docs/deploy.md.",
                id="portal.E001",
            )
        ]
    return []


@register(Tags.database)
def site_matches_site_url(app_configs, databases=None, **kwargs):
    """The default Wagtail Site is the address every page's absolute URL is built on: it must be
    SITE_URL's (setup_site writes it). Reads the database, so it runs with `check --database
    default` and before `migrate`, not with every command."""
    if not databases or "default" not in databases:
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []  # not migrated yet: there is no Site to compare
    expected = parse(settings.SITE_URL)
    if site is not None and (site.hostname, site.port) == (expected.hostname, expected.port):
        return []
    found = f"is {site.root_url}" if site is not None else "does not exist"
    return [
        CheckWarning(
            f"The default Wagtail Site {found}, but SITE_URL is {settings.SITE_URL}: pages, "
            "feeds, the API and the sitemap would print links to another address.",
            hint="Run `python manage.py setup_site` (it sets the Site from SITE_URL and changes "
            "nothing else that exists); see docs/deploy.md.",
            id="portal.W002",
        )
    ]
