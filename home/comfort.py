"""Reading comfort: a text size and a colour scheme, chosen on this device only.

Both are kept in one cookie (listed on the privacy page, learners/views.py
`site_cookies`), read back on every page as classes on <html> (templates/base.html).
A plain form sets it, so it works without JavaScript; static/js/comfort.js applies a
choice at once and sends the same form in the background. With no choice made, the
colours follow the system's light or dark preference (static/css/site.css).
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, pgettext_lazy
from django.views.decorators.csrf import csrf_exempt

from .http import allow_methods, bad_request

KEPT_FOR = 365 * 24 * 60 * 60  # a year, in seconds

SIZES = {
    "standard": pgettext_lazy("text size", "Standard"),
    "large": pgettext_lazy("text size", "Large"),
    "largest": pgettext_lazy("text size", "Largest"),
}
SCHEMES = {
    "system": pgettext_lazy("colours", "As my device"),
    "light": pgettext_lazy("colours", "Light"),
    "dark": pgettext_lazy("colours", "Dark"),
}


def cookie_name():
    """As the site's other cookies in production (docs/security.md): a __Host- cookie
    wherever cookies are sent over https only, so no subdomain can plant one."""
    return "__Host-reading" if settings.SESSION_COOKIE_SECURE else "reading"


@dataclass(frozen=True)
class Reading:
    size: str = "standard"
    scheme: str = "system"

    @property
    def classes(self):
        """Classes for <html>: none while nothing is chosen."""
        chosen = []
        if self.size != "standard":
            chosen.append(f"text-{self.size}")
        if self.scheme != "system":
            chosen.append(f"scheme-{self.scheme}")
        return " ".join(chosen)

    def cookie_value(self):
        return f"{self.size}.{self.scheme}"


def reading_for(request):
    """What this browser chose; the defaults for anything it did not (or for a cookie
    not of our making). An embed keeps the defaults: there our cookie would be a
    third party's, and the organisation's colours are checked on light paper only."""
    if request is None or getattr(request, "embedded", False):
        return Reading()
    size, _, scheme = request.COOKIES.get(cookie_name(), "").partition(".")
    return Reading(
        size=size if size in SIZES else "standard",
        scheme=scheme if scheme in SCHEMES else "system",
    )


# Without a CSRF token on purpose: the form is in every page's footer, and a token
# would set a cookie on pages that have no other form (and so keep them out of the
# page cache, home/edge_cache.py). A forged request could only change how this
# browser shows text; it reads and changes nothing else. Browsers send the form's
# origin with it, so another website's form is still refused.
@csrf_exempt
@allow_methods("POST")
def choose_reading(request):
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.get_host()}":
        return HttpResponseForbidden(render_to_string("403_csrf.html", request=request))
    current = reading_for(request)
    size = request.POST.get("size", current.size)
    scheme = request.POST.get("scheme", current.scheme)
    if size not in SIZES or scheme not in SCHEMES:
        return bad_request(
            request, gettext("That text size or colour scheme is not one we offer.")
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = redirect(back)
    response.status_code = 303
    chosen = Reading(size=size, scheme=scheme)
    if chosen == Reading():
        response.delete_cookie(cookie_name(), samesite="Lax")
    else:
        response.set_cookie(
            cookie_name(),
            chosen.cookie_value(),
            max_age=KEPT_FOR,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
