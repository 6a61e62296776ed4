"""The public "request access" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import AccessRequest


class RequestAccessForm(forms.ModelForm):
    # A honeypot: hidden from people by CSS and aria-hidden, filled in by form-spamming bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = AccessRequest
        fields = ("name", "email", "municipality", "province", "role", "language")
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "role": forms.RadioSelect,
            "language": forms.RadioSelect,
        }
        help_texts = {
            "email": _("We send the link to set your password to this address."),
            "municipality": _("The municipality you were elected in or work for."),
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address like name@example.org."),
            },
            "municipality": {"required": _("Enter your municipality.")},
            "province": {"required": _("Choose your province or territory.")},
            "role": {"required": _("Say whether you are an elected official or municipal staff.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Choose…"))] + list(
            self.fields["province"].choices
        )[1:]

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
