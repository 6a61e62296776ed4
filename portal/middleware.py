"""Security headers Django does not set itself (we are on Django 5.2: no built-in CSP, and no
Permissions-Policy at all)."""

from django.conf import settings


def framed_by_self(policy):
    """`policy` with its frame-ancestors directive replaced by `frame-ancestors 'self'`."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    kept = [d for d in directives if not d.startswith("frame-ancestors")]
    return "; ".join([*kept, "frame-ancestors 'self'"])


class ContentSecurityPolicyMiddleware:
    """Send `settings.CONTENT_SECURITY_POLICY` on public responses.

    The policy forbids inline scripts, so an injected `<script>` in page content cannot run.
    Paths in `CONTENT_SECURITY_POLICY_EXCLUDE` (the Wagtail admin, whose editor relies on
    inline scripts and on framing its own previews) are left alone.

    A page preview is rendered by Wagtail through a request of its own, at the page's public
    path, that runs this middleware chain too (`Page.make_preview_request`): it is marked
    `is_preview` by `serve_preview`. Its answer may be framed by the admin's own origin and
    nothing else (the side-panel preview): `frame-ancestors 'self'` and
    `X-Frame-Options: SAMEORIGIN`, the same policy otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.preview_policy = framed_by_self(self.policy) if self.policy else ""
        self.excluded = tuple(settings.CONTENT_SECURITY_POLICY_EXCLUDE)

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            if self.preview_policy:
                response.headers["Content-Security-Policy"] = self.preview_policy
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        elif self.policy and not request.path.startswith(self.excluded):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PermissionsPolicyMiddleware:
    """Send `settings.PERMISSIONS_POLICY` on every response, admin and static files included.

    It turns off browser features the portal never uses (camera, microphone, geolocation,
    payment, USB…), so that no script on a page, injected or embedded, can ask for them. It is
    the outermost middleware, so cached pages, 304s and whitenoise's files carry it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
