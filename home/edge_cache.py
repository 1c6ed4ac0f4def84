"""Pages our proxy may keep and hand to every visitor who has nothing of their own.

A page is the same for every such visitor but for one thing: the CSRF token in its
forms (a lesson's quiz). So the proxy declares, with a request header, that it fills
the token in itself; for those requests the page is rendered with `CSRF_FILL` where
the token goes, and the proxy puts in each visitor's own CSRF cookie (setting one
when there is none), which Django accepts as the form's token. `deploy/nginx.conf`
does this for `./dev stack`; docs/deploy.md says what any other proxy must do.

A page is kept only when all of these hold; anything else is answered as before,
and never kept:
- the proxy asked (`X-Edge-Cache: fills-csrf`), the request is a GET or HEAD of a
  page of the course tree, with no query string (so nothing a visitor typed comes
  back in a kept page, and nothing in it can help guess the token: BREACH);
- the visitor sends no cookie but the CSRF cookie: no learner, no account, no
  session, no messages;
- it is not an organisation's embed (its address holds a learner's key);
- the answer is a 200 that sets no cookie.

Every kept page is purged from the proxy when an editor publishes (`purge_pages`,
set off by course/signals.py with everything else a change sets off), so a kept page
never outlives a publish. `EDGE_CACHE_SECONDS` only
bounds how long a page is kept between publishes.
"""

import logging
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.views import serve

# What stands where the CSRF token goes, for the proxy to replace: 32 letters, the
# length and alphabet of a CSRF secret, so no form is ever malformed by it.
CSRF_FILL = "EdgeCacheFillsInTheCsrfTokenHere"
ASKED = "fills-csrf"

logger = logging.getLogger(__name__)


class EdgeCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "edge_cacheable", False):
            return response
        if holds_fill(response):
            # For the proxy: set a CSRF cookie if the visitor has none.
            response["X-Csrf-Fill"] = "1"
        # Unless something asked Django for a token of its own after all: then
        # the page holds that one, and Django sets its cookie.
        if shareable(response) and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response["X-Accel-Expires"] = str(settings.EDGE_CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.edge_cacheable = (
            request.headers.get("X-Edge-Cache") == ASKED
            and request.method in ("GET", "HEAD")
            and view_func is serve
            and not request.META.get("QUERY_STRING")
            and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
            and not getattr(request, "embedded", False)
        )


def shareable(response):
    return response.status_code == 200 and not response.cookies


def holds_fill(response):
    return not response.streaming and CSRF_FILL.encode() in response.content


def csrf(request):
    """A context processor, after Django's own: the token's stand-in on pages the
    proxy keeps, where Django would otherwise make each visitor a token."""
    if getattr(request, "edge_cacheable", False):
        return {"csrf_token": CSRF_FILL}
    return {}


def purge_pages(changed=()):
    """Drop every page of the course tree from the proxy once this transaction has
    committed (before, a visitor could put the old page back). Every page shows the
    footer's help lines and the course's outline, so any publish can change any
    page; a site holds hundreds of pages, not millions. `changed`: pages leaving
    their address (unpublished, moved, deleted), whose old addresses are taken now,
    while they still have them."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_pages(changed)
    connection = transaction.get_connection()
    for _, queued, _ in connection.run_on_commit if connection.in_atomic_block else ():
        if isinstance(queued, PurgeOnCommit):  # once per transaction
            queued.add_urls(batch.urls)
            return
    transaction.on_commit(PurgeOnCommit(batch.urls))


class PurgeBackend(HTTPBackend):
    """Wagtail's HTTP purge with a timeout, given up at the first failure: a proxy
    out of reach must not hold up an editor's publish for minutes. Its copies then
    last EDGE_CACHE_SECONDS at most."""

    TIMEOUT_SECONDS = 2

    def purge_batch(self, urls):
        for tried, url in enumerate(urls, start=1):
            try:
                self.send(url)
            except OSError as error:  # URLError and HTTPError among them
                logger.error(
                    "The proxy did not purge %s (%s); %d more not tried.",
                    url,
                    error,
                    len(urls) - tried,
                )
                return

    def purge(self, url):
        self.purge_batch([url])

    def send(self, url):
        address = urlsplit(url)
        parts = [self.cache_scheme, self.cache_netloc, address.path, address.query, ""]
        request = PurgeRequest(urlunsplit(parts), headers={"Host": address.netloc})
        urlopen(request, timeout=self.TIMEOUT_SECONDS).close()  # noqa: S310 (ours)


class PurgeOnCommit(PurgeBatch):
    def __call__(self):
        self.add_pages(Page.objects.live().filter(depth__gt=1))
        try:
            self.purge()
        except Exception:
            # The change is made; only the proxy's copy may be late (by at most
            # EDGE_CACHE_SECONDS). Never fail an editor's publish for it.
            logger.exception("The proxy's copies of the pages were not purged.")
