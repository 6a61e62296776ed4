"""Notice settings under /<lang>/account/notices/, and the one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from notices import selectors, services, tokens
from notices.forms import FollowsForm, ProfileForm
from notices.models import Follow, Kind


@never_cache
@login_required
def follows(request):
    profile = services.profile_for(request.user)
    targets = selectors.followable(request.LANGUAGE_CODE)
    current = Follow.objects.filter(user=request.user)
    data = request.POST if request.method == "POST" else None
    profile_form = ProfileForm(data, instance=profile, prefix="profile")
    follows_form = FollowsForm(data, targets=targets, follows=current)
    if request.method == "POST" and profile_form.is_valid() and follows_form.is_valid():
        profile_form.save()
        follows_form.save(request.user)
        messages.success(request, _("Saved."))
        return redirect("notices:follows")
    return render(
        request,
        "notices/follows.html",
        {"profile_form": profile_form, "follows_form": follows_form},
    )


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST here without a session or a CSRF token
def unsubscribe(request, token):
    """GET: a page with a button; POST (the button, or a mail client's one-click request):
    stop that kind of mail. The signed token is the only credential (notices.tokens)."""
    found = tokens.read(token)
    if found is None or found[1] not in Kind.values:
        return HttpResponseBadRequest(_("This unsubscribe link is not valid."))
    user_id, kind = found
    done = request.method == "POST"
    if done:
        services.unsubscribe(user_id, kind)
    return render(request, "notices/unsubscribe.html", {"kind": Kind(kind).label, "done": done})
