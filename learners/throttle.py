"""Guessing is throttled by django-axes, on every form that takes a secret or says
whether a name is taken: the Wagtail admin's sign-in and the learner's (through
axes' authentication backend), the admin's second step, sign-up and the resume-code
form (here).

Five failures lock for a cool-off (`AXES_*` in settings). A sign-in counts against
the name tried, from anywhere, and against the address it came from, whatever the
name. The other forms count against that form from that address only: nobody can
lock a person out by signing up with their name, and one person guessing resume
codes in a library does not lock everyone there out of signing in."""

from contextlib import contextmanager

from django.contrib.auth.signals import user_login_failed
from django.utils.crypto import salted_hmac

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response

from home.http import client_ip

# Marks the failures of forms that are not a sign-in.
FORM = "throttled_form"


def lockout_parameters(request, credentials):
    """What a failure counts against (axes' AXES_LOCKOUT_PARAMETERS)."""
    if credentials and FORM in credentials:
        return ["username"]  # the form and the address: see _as_form
    return ["username", "ip_address"]


def client_string(username, ip_address, user_agent, path_info, request):
    """How axes names a client in the log: never the name tried, which may be a
    learner's, nor the address, which may carry an embed's learner key, nor the
    internet address itself; a short fingerprint of it tells repeat visits apart."""
    address = ip_address or (client_ip(request) if request is not None else None)
    fingerprint = salted_hmac("log-client", str(address)).hexdigest()[:8]
    return f"client {fingerprint}"


def _prepared(request):
    AxesProxyHandler.update_request(request)
    # axes keeps the address as the browser sent it; inside an embed that holds the
    # learner key, which the embed middleware has already cut from path_info.
    request.axes_path_info = request.path_info
    return request


@contextmanager
def _as_form(request, form):
    """Credentials for axes: the form and the address go in its "username", and its
    address column stays empty, so that these failures never count towards an
    address's sign-in lockout."""
    _prepared(request)
    address = request.axes_ip_address
    request.axes_ip_address = None
    try:
        yield {FORM: form, "username": f"{form} from {address}"}
    finally:
        request.axes_ip_address = address


def locked_out(request, form):
    """The lockout page, if this client may not try `form` now, else None."""
    with _as_form(request, form) as credentials:
        if AxesProxyHandler.is_allowed(request, credentials):
            return None
        return get_lockout_response(request, credentials)


def failed(request, form):
    """Count a wrong resume code, a taken name or a wrong second step."""
    with _as_form(request, form) as credentials:
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request
        )
