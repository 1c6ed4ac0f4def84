from django import forms
from django.utils.translation import gettext_lazy as _


class CertificateForm(forms.Form):
    name = forms.CharField(
        label=_("Name to show (optional)"),
        max_length=80,
        required=False,
        strip=True,
        help_text=_(
            "Nothing you type here is saved. Leave it empty to print without a name."
        ),
    )
