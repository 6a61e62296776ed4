"""Member pages under the language prefix: account, tokens, request access, password reset.

Sign-in, sign-out and the rest of password reset are Django's own views (see members.urls).
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.reads.access import admitted_audiences
from members import services, tokens
from members.feeds import feed_urls
from members.forms import RequestAccessForm
from members.models import PersonalToken
from members.throttle import admit_access_request, admit_password_reset


def _account(request, new_secret=None, new_kind=None):
    kinds = []
    for kind, label in PersonalToken.Kind.choices:
        secret = new_secret if kind == new_kind else None
        kinds.append(
            {
                "kind": kind,
                "label": label,
                "live": tokens.live_token(request.user, kind),
                "secret": secret,
                # Only the hash is kept: the feed's address can be shown only with its secret.
                "feed_urls": feed_urls(request, secret)
                if secret and kind == PersonalToken.Kind.FEED
                else None,
            }
        )
    return render(
        request,
        "members/account.html",
        {
            "tokens": kinds,
            "is_member": bool(admitted_audiences(request.user)),
            "groups": request.user.groups.order_by("name"),
        },
    )


@never_cache
@login_required
def account(request):
    return _account(request)


def _kind(kind):
    if kind not in PersonalToken.Kind.values:
        raise Http404
    return kind


@never_cache
@login_required
@require_POST
def regenerate_token(request, kind):
    """Issue a new secret and show it once, in this response (it is never stored in clear)."""
    secret = tokens.issue(request.user, _kind(kind))
    return _account(request, new_secret=secret, new_kind=kind)


@login_required
@require_POST
def revoke_token(request, kind):
    if tokens.revoke(request.user, _kind(kind)):
        messages.success(request, _("Revoked: the old address no longer works."))
    return redirect("members:account")


def request_access(request):
    form = RequestAccessForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot:
            # Look like success, so the bot learns nothing; store nothing.
            return redirect("members:request_access_thanks")
        if form.is_valid():
            # Only valid submissions count: fixing a typo must not use up the hour's allowance.
            if not admit_access_request(request):
                context = {"form": form, "throttled": True}
                return render(request, "members/request_access.html", context, status=429)
            services.submit(form)
            return redirect("members:request_access_thanks")
    return render(request, "members/request_access.html", {"form": form})


def request_access_thanks(request):
    return render(request, "members/request_access_thanks.html")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, limited per client address and per e-mail address (members.throttle).

    Every valid request counts, whether or not an account uses the address, and the answer is
    the same either way: the "sent" page, or this form with a 429 once over a limit.
    """

    def form_valid(self, form):
        if not admit_password_reset(self.request, form.cleaned_data["email"]):
            context = self.get_context_data(form=form, throttled=True)
            return self.render_to_response(context, status=429)
        return super().form_valid(form)
