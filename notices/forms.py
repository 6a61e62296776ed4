"""The member's notice settings: their language and zone, and what they follow, how."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notices.models import Follow, Profile

KINDS = (
    ("notices", _("Change notices")),
    ("reminders", _("Reminders a day before")),
    ("digest", _("Weekly digest")),
)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ("language", "timezone")


class FollowsForm(forms.Form):
    """One checkbox per (thing followable, kind): `targets` is [(scope, key or None, label)]."""

    def __init__(self, *args, targets, follows, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets
        current = {follow.key: follow for follow in follows}
        self.rows = []
        for scope, key, label in targets:
            follow = current.get(key)
            names = []
            for flag, flag_label in KINDS:
                name = f"{flag}-{key or 'network'}"
                self.fields[name] = forms.BooleanField(
                    label=f"{label}: {flag_label}",
                    required=False,
                    initial=bool(follow and getattr(follow, flag)),
                )
                names.append(name)
            self.rows.append({"label": label, "scope": scope, "fields": [self[n] for n in names]})

    def save(self, user):
        for scope, key, _label in self.targets:
            flags = {flag: self.cleaned_data[f"{flag}-{key or 'network'}"] for flag, _l in KINDS}
            follows = Follow.objects.filter(user=user, key=key)
            if scope == Follow.Scope.NETWORK:
                follows = Follow.objects.filter(user=user, scope=Follow.Scope.NETWORK)
            if any(flags.values()):
                if not follows.update(**flags):
                    Follow.objects.create(user=user, scope=scope, key=key, **flags)
            else:
                follows.delete()
