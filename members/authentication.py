"""DRF authentication by a member's personal API token: `Authorization: Token <secret>` (or
`Bearer <secret>`).

Set per view (events.api.views), never in DRF's global defaults, which would also govern
wagtail-localize's editor API. No header, or another scheme, leaves the request anonymous; a
wrong, revoked or deactivated member's token is a 401, never a silent anonymous answer.
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from members import tokens
from members.models import PersonalToken

KEYWORDS = (b"token", b"bearer")


class PersonalTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Send the token as: Authorization: Token <token>."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid token.")) from None
        user = tokens.user_for_token(raw, PersonalToken.Kind.API)
        if user is None:
            raise AuthenticationFailed(_("Invalid token."))
        return (user, None)

    def authenticate_header(self, request):
        # Makes DRF answer a failed authentication 401 (with this challenge), not 403.
        return 'Token realm="api"'


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema; every operation also stays open to anonymous callers."""

    target_class = PersonalTokenAuthentication
    name = "PersonalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "A member's personal API token, from their account page, sent as "
                    "`Authorization: Bearer <token>` or `Authorization: Token <token>`. "
                    "With it, each event the member may join carries its `access_details`."
                )
            ),
        }
