"""The portal's public address, `SITE_URL`: the one setting every absolute URL derives from.

Pages' absolute URLs (the API's `url` and `ics_url`, feeds, the sitemap, hreflang, subscribe
links, JSON-LD, og:url) come from the Wagtail Site (`page.get_full_url()`), which `setup_site`
and `seed_demo` set from this address; the admin's links from `WAGTAILADMIN_BASE_URL`, set to
it; production's `ALLOWED_HOSTS` and `CSRF_TRUSTED_ORIGINS` default from it.

Plain Python, no Django models: the settings modules import it.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Addresses a server listens on, never one a browser can be sent to.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 - compared with, never bound to


@dataclass(frozen=True)
class Address:
    scheme: str
    hostname: str
    port: int

    @property
    def url(self):
        """The address as a URL with no path: "https://events.example.org"."""
        host = f"[{self.hostname}]" if ":" in self.hostname else self.hostname
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{host}"
        return f"{self.scheme}://{host}:{self.port}"


def parse(url):
    """The Address that `url` names; ValueError saying what is wrong with it.

    Wagtail's Site writes its URLs as http://host:port or, on port 443 only, https://host
    (`Site.root_url`): an address it could not write back is refused here rather than
    printed wrongly on every page.
    """
    parts = urlsplit((url or "").strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(
            f"SITE_URL must be the address the portal is served at, such as "
            f"https://events.example.org or http://127.0.0.1:8000; got {url!r}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(
            f"SITE_URL must be a scheme, a host name and an optional port, with no path, query "
            f"or user (the portal is served at the root of its host); got {url!r}."
        )
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise ValueError(f"SITE_URL has an invalid port: {url!r}.") from error
    if parts.scheme == "https" and port != 443:
        raise ValueError(
            f"SITE_URL {url!r}: https is served on port 443 only (Wagtail's Site writes https "
            "URLs for port 443 and http URLs for every other port)."
        )
    if parts.scheme == "http" and port == 443:
        raise ValueError(f"SITE_URL {url!r}: port 443 is https; write https://{parts.hostname}.")
    return Address(parts.scheme, parts.hostname, port)


def local(host, port):
    """The development address for a server bound to `host`:`port` (a wildcard host such as
    0.0.0.0 is reached as 127.0.0.1)."""
    host = "127.0.0.1" if host in WILDCARD_HOSTS else host
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{host}:{port}"
