"""The project's own system checks, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning


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
