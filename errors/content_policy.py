"""The Content-Security-Policy middleware: the site's policy, with inline
styles allowed on the Django admin's pages only.

The admin's templates carry `style="..."` attributes and `<style>` blocks (so
do the history diffs); the public pages carry none, so they keep
`style-src 'self'` and a style smuggled into them does nothing.
"""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

from errors.web.guards import is_admin


class AdminInlineStylesCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, adding 'unsafe-inline' to style-src under /admin/."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if is_admin(request):
            # Added to the configured sources, as @csp_update would.
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), UNSAFE_INLINE]
            parts.update = update
        return parts
