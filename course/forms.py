from django import forms


class CertificateForm(forms.Form):
    name = forms.CharField(
        label="Name to show (optional)",
        max_length=80,
        required=False,
        strip=True,
        help_text="Nothing you type here is saved. Leave it empty to print without a name.",
    )
