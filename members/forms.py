"""The public "request access" form; password reset for members."""

import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.models import AccessRequest, Province


def collation_key(text):
    """A sort key close to the CLDR root collation for Latin text: letters first regardless of
    accents and case, then accents, then case (enough for Canada's provinces in en and fr)."""
    decomposed = unicodedata.normalize("NFD", text)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (base.casefold(), decomposed.casefold(), text)


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
        # Provinces in the page language's alphabetical order ("Île-du-Prince-Édouard" under I).
        provinces = sorted(
            ((code, str(label)) for code, label in Province.choices),
            key=lambda choice: collation_key(choice[1]),
        )
        self.fields["province"].choices = [("", _("Choose…")), *provinces]
        # Radios without the model field's empty "---------" choice: one of them is the answer.
        for name in ("role", "language"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        # The page's language is the likeliest preference (the French form starts on French).
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            self.fields["language"].initial = language

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_name(self):
        # The form's input cannot hold a line break; a crafted post can, to lay out text in
        # whatever shows the name (the staff listing, the account's name).
        name = self.cleaned_data["name"]
        if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in name):
            raise forms.ValidationError(_("Enter your name on one line."), code="lines")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class MemberPasswordResetForm(PasswordResetForm):
    """Django's reset form, also for members who never set a password.

    Approval creates accounts with an unusable password and mails a set-password link; if
    that link expires, "forgotten your password?" must still work for them (Django's form
    skips unusable passwords, meant for accounts signing in elsewhere — we have none).
    """

    def get_users(self, email):
        email_field = get_user_model().get_email_field_name()
        users = get_user_model()._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        return (u for u in users if _same_email(getattr(u, email_field), email))


def _same_email(a, b):
    return _normalize(a) == _normalize(b)


def _normalize(email):
    return unicodedata.normalize("NFKC", email or "").casefold()
