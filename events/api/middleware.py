"""Two adjustments LocaleMiddleware makes to every URL outside the language prefixes, undone
for the API (/api/...): its `Vary: Accept-Language` on answers whose language the URL fixes,
and its redirect of every 404 to /en/… (Wagtail's catch-all route makes any path "valid")."""

API_PREFIX = "/api/"


def keep_api_not_found(get_response):
    """Listed after LocaleMiddleware: remembers an API 404 before LocaleMiddleware replaces it."""

    def middleware(request):
        response = get_response(request)
        if response.status_code == 404 and request.path_info.startswith(API_PREFIX):
            request.api_not_found = response
        return response

    return middleware


def api_responses(get_response):
    """Listed before LocaleMiddleware, so it runs after it on the way out."""

    def middleware(request):
        response = get_response(request)
        not_found = getattr(request, "api_not_found", None)
        if not_found is not None:
            return not_found
        # Set by the API views: only a header-chosen language varies by the header; an answer
        # for ?lang=fr is the same for every caller, and a CDN stores it once.
        if getattr(response, "language_negotiated", True) is False and response.has_header("Vary"):
            kept = [
                v.strip()
                for v in response["Vary"].split(",")
                if v.strip().lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response

    return middleware
