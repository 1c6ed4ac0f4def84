from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "POST"])
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
