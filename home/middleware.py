from django.utils.cache import add_never_cache_headers

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

from .admin_csp import current_request


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
    """The site's policy: everything from this host only, and no inline script or
    style. The Wagtail admin's is as strict for scripts: the few inline scripts
    Wagtail writes carry this response's nonce (admin_csp.py). Its styles may be
    inline only in <style> elements, which Draftail (the rich text editor) writes
    itself; never in style attributes. docs/security.md says why."""

    # Synchronous only, so that current_request is the request being answered.
    async_capable = False

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return super().__call__(request)
        finally:
            current_request.reset(token)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {
                **(parts.update or {}),
                "script-src": [NONCE],
                "style-src-elem": [SELF, UNSAFE_INLINE],
                "style-src-attr": [NONE],
                # Previews of images chosen for upload, before they are sent.
                "img-src": ["blob:"],
            }
        return parts
