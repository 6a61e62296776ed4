"""Security headers Django does not set itself (we are on Django 5.2: no built-in CSP, and no
Permissions-Policy at all)."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send `settings.CONTENT_SECURITY_POLICY` on public responses.

    The policy forbids inline scripts, so an injected `<script>` in page content cannot run.
    Paths in `CONTENT_SECURITY_POLICY_EXCLUDE` (the Wagtail admin, whose editor relies on
    inline scripts and on framing its own previews) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.excluded = tuple(settings.CONTENT_SECURITY_POLICY_EXCLUDE)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and not request.path.startswith(self.excluded):
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
