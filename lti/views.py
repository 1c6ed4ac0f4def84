"""LTI 1.3: our key set, the OIDC login a platform starts, and the launch it ends
with, which opens the course inside the organisation's embed."""

import contextlib
import secrets
from urllib.parse import urlencode, urlsplit

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from wagtail.models import Page

from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from course.models import CoursePage, StagePage
from home.http import allow_methods, request_error_page
from learners.models import address_key_for
from lessons.models import LessonPage
from organisations.embed import frame_for

from .grades import remember_grade_book
from .models import Platform, ToolKey
from .tool import LaunchRefused, begin_login, check_launch, take_login

RESOURCE_LINK = "LtiResourceLinkRequest"
DEEP_LINKING = "LtiDeepLinkingRequest"
DEEP_LINKING_SETTINGS = (
    "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
)
DEPLOYMENT = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
LAUNCH_PRESENTATION = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
PICK_LIFETIME = 60 * 60  # an instructor's time to choose, in seconds
LOGIN_PARAMETERS = (
    "iss",
    "login_hint",
    "target_link_uri",
    "lti_message_hint",
    "lti_deployment_id",
    "client_id",
)


@allow_methods("GET", "HEAD")
def jwks(request):
    """Our key set: platforms check what we sign against it."""
    ToolKey.objects.current()  # the first key is made on first need
    return JsonResponse(ToolKey.objects.as_jwks())


def refused(request, message, status=403, platform=None):
    """A page the person launching can read, inside the platform's frame when we
    know which platform it is. Incomplete requests are refused with 403 too, like
    every other POST without our CSRF token (tests/test_security.py)."""
    response = HttpResponse(request_error_page(request, message), status=status)
    if platform is not None:
        frame_for(response, platform.organisation.origins)
    return response


def param(request, name):
    return request.POST.get(name) if request.method == "POST" else request.GET.get(name)


# The platform's page sends its login request (and, below, its launch) from its own
# site, without our CSRF token; what CSRF protection would prove, that the request
# answers something we started, the one-use state and the platform's signature prove.
@csrf_exempt
@allow_methods("GET", "POST")
def login(request):
    """OIDC third-party login initiation: the platform names itself and who is
    launching (a hint only it can read); we send the browser back to it to sign an
    id_token for us, with a state and a nonce the launch must bring back."""
    issuer, hint = param(request, "iss"), param(request, "login_hint")
    if not issuer or not hint or not param(request, "target_link_uri"):
        return refused(
            request,
            _(
                "This request to start Alongside is incomplete. Open Alongside again "
                "from your course."
            ),
        )
    platforms = Platform.objects.filter(issuer=issuer).select_related("organisation")
    client_id = param(request, "client_id")
    if client_id is not None:
        platforms = platforms.filter(client_id=client_id)
    platform = platforms.first() if len(platforms) == 1 else None
    if platform is None:
        return refused(
            request,
            _(
                "This learning platform is not registered with Alongside. Its "
                "administrator can register it: see “Learning platforms (LTI)” in "
                "Alongside's admin."
            ),
        )
    storage_target = param(request, "lti_storage_target")
    state, nonce = begin_login(platform, in_platform_storage=bool(storage_target))
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("lti_launch")),
        "state": state,
        "nonce": nonce,
        "login_hint": hint,
    }
    if message_hint := param(request, "lti_message_hint"):
        query["lti_message_hint"] = message_hint
    if not storage_target:
        return HttpResponseRedirect(f"{platform.auth_url}?{urlencode(query)}")
    # The platform offers its storage (LTI client-side OIDC): the state is kept
    # there too, and the launch must find it there, so it opens only in the window
    # whose login started it. Where the storage does not answer, the learner is
    # offered the same login in a new window, where it needs no storage.
    query["lti_storage_target"] = storage_target
    source = request.POST if request.method == "POST" else request.GET
    again = {name: source[name] for name in LOGIN_PARAMETERS if source.get(name)}
    return storage_page(
        request,
        platform,
        "store",
        storage_target,
        state,
        next=f"{platform.auth_url}?{urlencode(query)}",
        new_window=f"{reverse('lti_login')}?{urlencode(again)}",
    )


def storage_page(request, platform, step, target, state, **addresses):
    """A page that keeps ("store", at the login) or checks ("check", at the launch)
    the state in the platform's storage with postMessage, then goes on."""
    response = render(
        request,
        "lti/platform_storage.html",
        {
            "step": step,
            "target": target,
            "origin": origin_of(platform.auth_url),
            "key": f"alongside-state-{state}",
            "state": state,
            **addresses,
        },
    )
    return frame_for(response, platform.organisation.origins)


def platform_of(kept):
    """The platform a login or a deep-linking choice kept in the cache was for."""
    if kept is None:
        return None
    return (
        Platform.objects.select_related("organisation")
        .filter(pk=kept["platform"])
        .first()
    )


def sent_by(request, platform):
    """The launch was posted by a page of the platform's own (browsers send Origin
    with every cross-site POST), not by a page elsewhere replaying someone's id_token."""
    origin = request.headers.get("Origin", "")
    allowed = {platform.origin, *platform.organisation.origins}
    allowed.add(origin_of(platform.auth_url))
    return origin in allowed


@csrf_exempt  # see login(): the state and the platform's signature stand for it
@allow_methods("POST")
def launch(request, page_id=None):
    """The platform's signed id_token, posted back to us. Checked, it opens the course
    (or the stage or lesson placed) in the organisation's embed, as a learner known
    only by a key derived from the platform's opaque id for them."""
    state, token = request.POST.get("state"), request.POST.get("id_token")
    if not state or not token:
        return refused(
            request,
            _("This launch is incomplete. Open Alongside again from your course."),
        )
    login = take_login(state)
    platform = platform_of(login)
    if platform is None:
        return refused(
            request,
            _(
                "This launch has expired or was used already. Open Alongside again "
                "from your course."
            ),
        )
    storage_target = request.POST.get("lti_storage_target")
    if login.get("in_platform_storage") and not storage_target:
        return refused(
            request,
            _(
                "This launch did not come back the way it started. Open Alongside "
                "again from your course."
            ),
            platform=platform,
        )
    if not sent_by(request, platform):
        return refused(
            request,
            _(
                "This launch did not come from your learning platform. Open Alongside "
                "again from your course."
            ),
            platform=platform,
        )
    try:
        _launch, claims = check_launch(request, platform, login["nonce"])
    except LaunchRefused:
        return refused(
            request,
            _(
                "Alongside could not check this launch with your learning platform. "
                "Open Alongside again from your course."
            ),
            platform=platform,
        )
    # From here on Alongside speaks the language the platform shows this person.
    language = launch_language(claims)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    organisation = platform.organisation
    if not organisation.live:
        return refused(
            request,
            _("{organisation}'s course on Alongside is not published yet.").format(
                organisation=organisation
            ),
            platform=platform,
        )
    message_type = claims.get("https://purl.imsglobal.org/spec/lti/claim/message_type")
    if message_type == DEEP_LINKING:
        return start_picking(request, platform, claims, state, storage_target)
    if message_type != RESOURCE_LINK:
        return refused(
            request, _("Alongside cannot answer this kind of launch."), 400, platform
        )
    page = placed_page(
        claims.get("https://purl.imsglobal.org/spec/lti/claim/target_link_uri")
    )
    if page is None:
        return refused(
            request,
            _(
                "The page placed here is no longer in the course. Ask your course's "
                "teacher to place it again."
            ),
            404,
            platform,
        )
    # pylti1p3 refuses a launch without `sub`, the platform's opaque id for them.
    sub = str(claims["sub"])
    key = address_key_for(platform.issuer, platform.client_id, sub)
    remember_grade_book(platform, key, sub, page, claims)
    embed = f"/embed/{organisation.slug}/{key}{page.url}"
    if storage_target:
        return storage_page(
            request, platform, "check", storage_target, state, next=embed
        )
    return frame_for(HttpResponseRedirect(embed), organisation.origins)


def launch_language(claims):
    """The language of the platform's page for the person launching (the launch's
    locale, such as "es-MX"), when it is one of ours; else None."""
    presentation = claims.get(LAUNCH_PRESENTATION)
    locale = presentation.get("locale") if isinstance(presentation, dict) else None
    if not isinstance(locale, str) or not locale:
        return None
    try:
        return translation.get_supported_language_variant(
            locale.replace("_", "-").lower()
        )
    except LookupError:
        return None


def placed_page(target_link_uri):
    """The course, stage or lesson a launch is for: named by the target link (our
    launch address, with a page's id when one was placed), else the first course."""
    page_id = None
    if isinstance(target_link_uri, str):
        with contextlib.suppress(Resolver404):
            match = resolve(urlsplit(target_link_uri).path)
            if match.url_name == "lti_launch_page":
                page_id = match.kwargs["page_id"]
    if page_id is None:
        return CoursePage.objects.live().order_by("path").first()
    return (
        Page.objects.live()
        .type(CoursePage, StagePage, LessonPage)
        .filter(pk=page_id)
        .first()
    )


def catalogue():
    """Every live course with its stages and their lessons, in course order, and the
    course's language when the courses are in several."""
    courses = []
    live = list(CoursePage.objects.live().select_related("locale").order_by("path"))
    several = len({course.locale_id for course in live}) > 1
    for course in live:
        stages = [
            (stage, list(LessonPage.objects.live().child_of(stage).order_by("path")))
            for stage in StagePage.objects.live().child_of(course).order_by("path")
        ]
        language = course.locale.get_display_name() if several else ""
        courses.append((course, language, stages))
    return courses


def start_picking(request, platform, claims, state, storage_target):
    """Deep linking: the instructor picks what to place from our catalogue. What the
    platform asked for is kept in the cache under a one-use token that the form
    carries (no cookies in the platform's frame). With the platform's storage, the
    catalogue opens once the storage has the login's state."""
    settings = claims.get(DEEP_LINKING_SETTINGS)
    if not isinstance(settings, dict) or not isinstance(
        settings.get("deep_link_return_url"), str
    ):
        return refused(
            request, _("This request to place Alongside is incomplete."), 403, platform
        )
    token = secrets.token_urlsafe(32)
    picking = {
        "platform": platform.pk,
        "deployment": claims[DEPLOYMENT],
        "settings": settings,
        "language": translation.get_language(),
    }
    cache.set(f"lti-pick:{token}", picking, PICK_LIFETIME)
    if storage_target:
        catalogue_url = f"{reverse('lti_place')}?{urlencode({'pick': token})}"
        return storage_page(
            request,
            platform,
            "check",
            storage_target,
            state,
            next=catalogue_url,
        )
    return offer_catalogue(request, platform, token, settings)


def offer_catalogue(request, platform, token, settings, error=None):
    response = render(
        request,
        "lti/pick.html",
        {
            "catalogue": catalogue(),
            "token": token,
            "multiple": accepts_many(settings),
            "error": error,
        },
        status=400 if error else 200,
    )
    return frame_for(response, platform.organisation.origins)


def accepts_many(settings):
    return settings.get("accept_multiple") in (True, "true")


# The picker's form is ours, but it is shown in the platform's frame, where browsers
# block our CSRF cookie: the one-use token from a checked deep-linking launch, which
# only that page carries, stands for the CSRF check.
@csrf_exempt
@allow_methods("GET", "POST")
def place(request):
    """The catalogue for a deep-linking launch's token (GET), and the instructor's
    choice (POST), signed by us and sent back to the platform, which places it in
    their course (and makes a grade book column for each)."""
    token = param(request, "pick") or ""
    picking = cache.get(f"lti-pick:{token}") if token else None
    platform = platform_of(picking)
    if platform is None:
        return refused(
            request,
            _(
                "This choice has expired or was sent already. Start again from your "
                "course."
            ),
        )
    # The catalogue and its answers in the language of the launch that opened it.
    if picking.get("language"):
        translation.activate(picking["language"])
        request.LANGUAGE_CODE = picking["language"]
    if request.method == "GET":
        return offer_catalogue(request, platform, token, picking["settings"])
    chosen = request.POST.getlist("page")
    ids = [int(pk) for pk in chosen if pk.isdigit()]
    pages = list(
        Page.objects.live()
        .type(CoursePage, StagePage, LessonPage)
        .filter(pk__in=ids)
        .order_by("path")
    )
    multiple = accepts_many(picking["settings"])
    if not pages or len(pages) != len(chosen) or (len(pages) > 1 and not multiple):
        error = _("Choose one course, stage or lesson to place.")
        if multiple:
            error = _("Choose at least one course, stage or lesson to place.")
        return offer_catalogue(request, platform, token, picking["settings"], error)
    if not cache.add(f"lti-pick-used:{token}", 1, PICK_LIFETIME):
        return refused(request, _("This choice was sent already."), platform=platform)
    cache.delete(f"lti-pick:{token}")
    deep_link = DeepLink(
        platform.registration(), picking["deployment"], picking["settings"]
    )
    answer = deep_link.get_response_jwt([placed(request, page) for page in pages])
    return_url = picking["settings"]["deep_link_return_url"]
    response = render(
        request,
        "lti/placed.html",
        {"return_url": return_url, "answer": answer, "pages": pages},
    )
    # The form goes back to the platform: allowed for this answer only.
    response._csp_update = {"form-action": [origin_of(return_url)]}
    return frame_for(response, platform.organisation.origins)


def placed(request, page):
    """A placed course, stage or lesson: its launch address, and a grade book column
    (a score out of 100: the share of its lessons finished)."""
    url = request.build_absolute_uri(reverse("lti_launch_page", args=[page.pk]))
    column = (
        LineItem()
        .set_label(page.title)
        .set_score_maximum(100)
        .set_resource_id(str(page.pk))
    )
    return DeepLinkResource().set_url(url).set_title(page.title).set_lineitem(column)


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
