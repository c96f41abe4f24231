"""Read-only CORS for the JSON API.

Any site may GET (or HEAD) what is under /api/: the catalogue is public and
nothing there depends on cookies, so no credentials are ever allowed. POST and
every page outside /api/ get no CORS headers, so browsers keep them same-origin.
"""

from django.http import HttpResponse

API_PREFIX = "/api/"
READ_METHODS = {"GET", "HEAD"}
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type"
PREFLIGHT_MAX_AGE = str(24 * 60 * 60)


def is_preflight(request) -> bool:
    return (
        request.method == "OPTIONS"
        and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    )


class ReadOnlyCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if is_preflight(request):
            return self.preflight(request)
        response = self.get_response(request)
        if request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
        return response

    def preflight(self, request):
        if request.headers["Access-Control-Request-Method"] not in READ_METHODS:
            # No Allow-Origin: the browser refuses the cross-origin write.
            return HttpResponse(status=204)
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response
