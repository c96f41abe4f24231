"""Which HTTP methods the read-only URLs take, and what HEAD costs.

Every page, feed and API URL takes GET and HEAD only. Anything else gets 405
with an Allow header, even with CSRF checks on: the CSRF middleware would
otherwise answer a POST with its HTML 403 before the view could say 405.
Nothing on these URLs changes state, so exempting them from CSRF is safe.
"""

from functools import wraps

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only_page(view):
    """GET and HEAD; any other method gets 405 with `Allow: GET, HEAD`."""
    return csrf_exempt(require_safe(view))


def head_without_search(content_type: str):
    """HEAD answers with the headers a GET would have, without the body's
    work: a HEAD must not cost a whole search."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "HEAD":
                return HttpResponse(content_type=content_type)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
