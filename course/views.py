from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from home.http import allow_methods
from home.models import Organisation

from .embed import frame_for
from .forms import DeleteAccountForm, ResumeForm
from .learners import forget_learner
from .models import CoursePage, Learner, normalise_resume_code


@allow_methods("GET", "POST")
def signup(request):
    if request.user.is_authenticated:
        return redirect("account")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Logging in fires user_logged_in, which moves anonymous progress over.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("account")
    status = 400 if form.is_bound else 200
    return render(request, "account/signup.html", {"form": form}, status=status)


@login_required
def account(request):
    return render(request, "account/account.html")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


class LoginView(auth_views.LoginView):
    template_name = "account/login.html"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@allow_methods("GET", "HEAD")
def my_progress(request):
    learner = request.learner
    context = {
        "learner": learner,
        "completions": learner.completions.count() if learner else 0,
        "attempts": learner.quiz_attempts.count() if learner else 0,
        "resume_form": ResumeForm(),
    }
    return render(request, "account/my_progress.html", context)


@allow_methods("POST")
def issue_resume_code(request):
    if request.learner is None or request.user.is_authenticated:
        messages.info(request, "There is no progress on this device to save yet.")
        return redirect("my_progress")
    code = request.learner.issue_resume_code()
    return render(request, "account/resume_code.html", {"code": code})


@allow_methods("POST")
def resume(request):
    if request.user.is_authenticated:
        messages.info(
            request,
            "You are signed in, so your progress is already on every device you sign in on.",
        )
        return redirect("my_progress")
    form = ResumeForm(request.POST)
    learner = None
    if form.is_valid():
        code = normalise_resume_code(form.cleaned_data["code"])
        learner = Learner.objects.for_key(code) if code else None
        if learner is None:
            form.add_error(
                "code",
                "We could not find progress for that code. Check it and try again.",
            )
    if learner is None:
        return render(
            request,
            "account/my_progress.html",
            {"learner": request.learner, "resume_form": form},
            status=400,
        )
    if (
        request.learner is not None
        and request.learner.pk != learner.pk
        and request.learner.user_id is None
    ):
        learner.absorb(request.learner)
    # This device now holds the code itself as its key.
    request.new_learner_key = code
    learner.touch()
    messages.success(request, "Welcome back. Your progress is on this device now.")
    return redirect("my_progress")


@allow_methods("GET", "POST")
def delete_progress(request):
    if request.method == "GET":
        return render(request, "account/delete_progress.html")
    if request.learner is not None:
        request.learner.delete()
    messages.success(request, "All your progress has been deleted from this site.")
    return forget_learner(redirect("/"))


@login_required
@allow_methods("GET", "HEAD")
def account_data(request):
    """Everything we hold about an account holder, as JSON."""
    user = request.user
    learner = Learner.objects.filter(user=user).first()
    data = {
        "exported_at": timezone.now().isoformat(),
        "username": user.get_username(),
        "date_joined": user.date_joined.isoformat(),
        "completed_lessons": [],
        "quiz_attempts": [],
    }
    if learner:
        data["completed_lessons"] = [
            {
                "lesson_id": c.lesson_id,
                "lesson": c.lesson.title,
                "completed_at": c.completed_at.isoformat(),
            }
            for c in learner.completions.select_related("lesson").order_by(
                "completed_at"
            )
        ]
        data["quiz_attempts"] = [
            {
                "lesson_id": a.lesson_id,
                "lesson": a.lesson.title,
                "submitted_at": a.submitted_at.isoformat(),
                "score": a.score,
                "total": a.total,
                "passed": a.passed,
                "answers": [
                    {
                        "question_id": q.question_id,
                        "chosen": q.chosen,
                        "correct": q.correct,
                    }
                    for q in a.answers.all()
                ],
            }
            for a in learner.quiz_attempts.select_related("lesson")
            .prefetch_related("answers")
            .order_by("submitted_at")
        ]
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@allow_methods("GET", "POST")
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()  # the learner and everything it recorded go with it
        messages.success(
            request, "Your account and all your progress have been deleted."
        )
        return forget_learner(redirect("/"))
    status = 400 if form.is_bound else 200
    return render(request, "account/delete_account.html", {"form": form}, status=status)


@allow_methods("GET", "HEAD")
def embed_start(request, org, course_id):
    """Where an organisation's embed begins: a new anonymous learner, counted for the
    organisation, whose key then travels in every address inside the frame."""
    organisation = get_object_or_404(Organisation, slug=org)
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    learner, key = Learner.objects.create_with_key(organisation=organisation)
    return frame_for(
        redirect(f"/embed/{organisation.slug}/{key}{course.url}"), organisation.origins
    )


@allow_methods("GET", "HEAD")
def embed_theme(request, org):
    """The organisation's colours as a stylesheet (inline styles would break our CSP)."""
    organisation = get_object_or_404(Organisation, slug=org)
    css = f":root {{ --accent: {organisation.accent_colour}; }}\n"
    return HttpResponse(css, content_type="text/css")
