"""Guessing is throttled by django-axes, on every form that takes a secret or says
whether a name is taken: the Wagtail admin's sign-in and the learner's (through
axes' authentication backend), sign-up and the resume-code form (here).

Five failures lock for a cool-off (`AXES_*` in settings): a name guessed at from
anywhere, or anything guessed at from one address. Sign-up and resume codes count
against the address only, so that nobody can lock a person out by signing up with
their name."""

from django.contrib.auth.signals import user_login_failed

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response

# Marks the failures of forms that are not a sign-in.
FORM = "throttled_form"


def lockout_parameters(request, credentials):
    """What a failure counts against (axes' AXES_LOCKOUT_PARAMETERS)."""
    if credentials and FORM in credentials:
        return ["ip_address"]
    return ["username", "ip_address"]


def client_string(username, ip_address, user_agent, path_info, request):
    """How axes names a client in the log: never the name tried, which may be a
    learner's, nor the address, which may carry an embed's learner key."""
    return f"a client at {ip_address}"


def _prepared(request):
    AxesProxyHandler.update_request(request)
    # axes keeps the address as the browser sent it; inside an embed that holds the
    # learner key, which the embed middleware has already cut from path_info.
    request.axes_path_info = request.path_info
    return request


def locked_out(request, form):
    """The lockout page, if this client may not try `form` now, else None."""
    credentials = {FORM: form}
    if AxesProxyHandler.is_allowed(_prepared(request), credentials):
        return None
    return get_lockout_response(request, credentials)


def failed(request, form):
    """Count a wrong resume code or a refused sign-up like a wrong password."""
    user_login_failed.send(
        sender=__name__, credentials={FORM: form}, request=_prepared(request)
    )
