from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _


class ResumeForm(forms.Form):
    code = forms.CharField(
        label=_("Your resume code"),
        max_length=40,
        help_text=_(
            "It looks like ABCD-EFGH-JKMN-PQRS-TUVW. Capitals and dashes do not matter."
        ),
        error_messages={"required": _("Type the code you wrote down.")},
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput,
        help_text=_("So that nobody else using this device can delete your account."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password


class SignupForm(UserCreationForm):
    def name_taken(self):
        return any(
            error.code == "unique"
            for error in self.errors.as_data().get("username", [])
        )
