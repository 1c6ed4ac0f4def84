from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from home.comfort import cookie_name as reading_cookie_name
from home.http import allow_methods

from . import throttle
from .forms import DeleteAccountForm, ResumeForm, SignupForm
from .identity import (
    DEVICE_PROGRESS,
    adopt_anonymous_progress,
    device_progress_on_offer,
    forget_learner,
)
from .models import Learner, normalise_resume_code
from .privacy import registered

# Accounts


@allow_methods("GET", "POST")
def signup(request):
    if request.user.is_authenticated:
        return redirect("account")
    if request.method == "POST" and (locked := throttle.locked_out(request, "signup")):
        return locked
    form = SignupForm(request.POST or None)
    if request.method == "POST" and not form.is_valid() and form.name_taken():
        # Asking whether a name is taken is throttled like guessing a password.
        throttle.failed(request, "signup")
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The person signing up is the one who has been learning here: their
        # progress goes into the new account (the form says so).
        adopt_anonymous_progress(request, user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session.pop(DEVICE_PROGRESS, None)
        return redirect("account")
    status = 400 if form.is_bound else 200
    return render(request, "learners/signup.html", {"form": form}, status=status)


class LoginView(auth_views.LoginView):
    template_name = "learners/login.html"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@login_required
def account(request):
    offered = device_progress_on_offer(request)
    return render(
        request,
        "learners/account.html",
        {
            "device_progress": offered.counts() if offered else None,
            "device_progress_text": counted(offered.counts()) if offered else "",
        },
    )


@login_required
@allow_methods("POST")
def device_progress(request):
    """The answer to "Progress from this device: add it to your account, or leave
    it?". Leaving it is the default: nothing moves unless asked."""
    offered = device_progress_on_offer(request)
    request.session.pop(DEVICE_PROGRESS, None)
    if offered is not None and request.POST.get("choice") == "add":
        adopt_anonymous_progress(request, request.user, anonymous=offered)
        messages.success(
            request, _("The progress from this device is in your account now.")
        )
    else:
        messages.info(request, _("The progress on this device was left as it was."))
    return redirect("account")


def counted(counts):
    """[(3, "lessons finished"), (1, "quiz attempt")] as "3 lessons finished, 1 quiz
    attempt", in the reader's language."""
    return ", ".join(f"{count} {label}" for count, label in counts)


def held_about(learner, user=None):
    """Everything we hold about a learner (and their account, if any), field by field,
    from every model that declares personal data."""
    data = {"exported_at": timezone.now().isoformat()}
    if user is not None:
        data["account"] = {
            "username": user.get_username(),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    for model in registered():
        if model.export_key:
            data[model.export_key] = model.export(learner) if learner else []
    return data


def as_download(data):
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@allow_methods("GET", "HEAD")
def account_data(request):
    """Everything we hold about an account holder, as JSON."""
    learner = Learner.objects.filter(user=request.user).first()
    return as_download(held_about(learner, request.user))


@allow_methods("GET", "HEAD")
def progress_data(request):
    """Everything we hold about this device's anonymous learner, as JSON: no account
    is needed to see what is kept."""
    if request.user.is_authenticated:
        return redirect("account_data")
    return as_download(held_about(request.learner))


@login_required
@allow_methods("GET", "POST")
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()  # the learner and everything it recorded go with it
        messages.success(
            request, _("Your account and all your progress have been deleted.")
        )
        return forget_learner(redirect("wagtail_serve", ""))
    status = 400 if form.is_bound else 200
    return render(
        request, "learners/delete_account.html", {"form": form}, status=status
    )


# Progress on this device


@allow_methods("GET", "HEAD")
def my_progress(request):
    return progress_page(request)


def progress_page(request, resume_form=None, status=200):
    learner = request.learner
    context = {
        "learner": learner,
        "counts": learner.counts() if learner else [],
        "resume_form": resume_form or ResumeForm(),
    }
    return render(request, "learners/my_progress.html", context, status=status)


SHOW_ONCE = "resume_code_to_show"


@allow_methods("GET", "POST")
def issue_resume_code(request):
    """POST makes a new code, then redirects to GET, which shows it once: refreshing
    the page cannot replace the code the learner just wrote down. Inside an embed the
    session cookie may be blocked, so there the POST's own answer shows it."""
    if request.method == "GET":
        code = request.session.pop(SHOW_ONCE, None)
        return render(request, "learners/resume_code.html", {"code": code})
    if request.learner is None or request.user.is_authenticated:
        messages.info(request, _("There is no progress on this device to save yet."))
        return redirect("my_progress")
    code = request.learner.issue_resume_code()
    if getattr(request, "embedded", False):
        return render(request, "learners/resume_code.html", {"code": code})
    request.session[SHOW_ONCE] = code
    return redirect("issue_resume_code")


@allow_methods("POST")
def resume(request):
    if request.user.is_authenticated:
        messages.info(
            request,
            _(
                "You are signed in, so your progress is already on every device you "
                "sign in on."
            ),
        )
        return redirect("my_progress")
    if locked := throttle.locked_out(request, "resume"):
        return locked
    form = ResumeForm(request.POST)
    learner = None
    if form.is_valid():
        code = normalise_resume_code(form.cleaned_data["code"])
        learner = Learner.objects.for_key(code) if code else None
        if learner is None:
            throttle.failed(request, "resume")
            form.add_error(
                "code",
                _("We could not find progress for that code. Check it and try again."),
            )
    if learner is None:
        return progress_page(request, resume_form=form, status=400)
    if (
        request.learner is not None
        and request.learner.pk != learner.pk
        and request.learner.user_id is None
    ):
        learner.absorb(request.learner)
    request.new_learner_key = learner.add_device()
    learner.touch()
    messages.success(request, _("Welcome back. Your progress is on this device now."))
    return redirect("my_progress")


@allow_methods("GET", "POST")
def delete_progress(request):
    if request.method == "GET":
        return render(request, "learners/delete_progress.html")
    if request.learner is not None:
        request.learner.delete()
    messages.success(request, _("All your progress has been deleted from this site."))
    return forget_learner(redirect("wagtail_serve", ""))


# What we keep


def site_cookies():
    """Every cookie this site can set, for the privacy page. Names come from settings
    so the page stays true when they change."""
    year = _("1 year")
    return [
        (
            settings.LEARNER_COOKIE_NAME,
            _(
                "Links this browser to your progress, so it is kept between visits. Set "
                "when you first answer a quiz or mark a lesson done."
            ),
            year,
        ),
        (
            settings.EMBED_LEARNER_COOKIE_NAME,
            _(
                "Only where an organisation shows this course on its own website: links "
                "this browser to your progress there, so it is kept between visits. It "
                "is kept for that website alone and sent only to its course."
            ),
            year,
        ),
        (
            settings.EMBED_LEFT_COOKIE_NAME,
            _(
                "Only where an organisation shows this course on its own website, and "
                "only after you leave with “Exit this page”: it stops the Back button "
                "from showing the course again. Nothing else is in it."
            ),
            _("Until you close the browser"),
        ),
        (
            settings.PLACE_COOKIE_NAME,
            _(
                "Only if you choose where you are on the get-help page: which country "
                "or region's help lines to show you. Nothing else is in it."
            ),
            year,
        ),
        (
            reading_cookie_name(),
            _(
                "Only if you choose a text size or colours: your text size and colours "
                "on this device. Nothing else is in it."
            ),
            year,
        ),
        (
            settings.CSRF_COOKIE_NAME,
            _("Security: proves that a form was sent from this site."),
            year,
        ),
        (
            settings.SESSION_COOKIE_NAME,
            _(
                "Keeps you signed in, if you have an account; and holds a new resume "
                "code for the moment it takes to show it to you once."
            ),
            _("2 weeks, or until you sign out"),
        ),
        (
            settings.MESSAGES_COOKIE_NAME,
            _(
                "Carries a short message (such as “You finished this lesson”) to the "
                "next page."
            ),
            _("Until the message is shown"),
        ),
    ]


@allow_methods("GET", "HEAD")
def privacy(request):
    return render(
        request,
        "learners/privacy.html",
        {
            # Each model's words, marked for translation in learners/interface_words.py.
            "kept": [
                _(model.privacy_description)
                for model in registered()
                if model.privacy_description
            ],
            "cookies": site_cookies(),
            "guessing_pause": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )
