from django.utils.cache import add_never_cache_headers

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware


class NoStoreMiddleware:
    """Pages are never kept by the browser or a proxy, so Back and the cache cannot
    bring a lesson back after a quick exit or on a shared device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class SiteCSPMiddleware(CSPMiddleware):
    """The site's policy: everything from this host only. The Wagtail admin also
    uses inline styles and scripts; those are allowed there, still from this host."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {
                **(parts.update or {}),
                "style-src": [UNSAFE_INLINE],
                "script-src": [UNSAFE_INLINE],
            }
        return parts
