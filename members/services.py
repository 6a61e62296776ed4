"""Writes for members: storing and deciding access requests (HackSoft style: views call these)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from events.reads.access import ELECTED_OFFICIALS, MUNICIPAL_STAFF
from members.models import AccessRequest, Role

GROUP_FOR_ROLE = {Role.ELECTED: ELECTED_OFFICIALS, Role.STAFF: MUNICIPAL_STAFF}


class AlreadyDecided(Exception):
    pass


def submit(form):
    """Store a valid request-access form, unless a request from its e-mail is pending.

    Then nothing is stored and nothing else differs: the requester (or someone typing their
    address) sees the same confirmation, and staff decide the request they already have.
    """
    pending = AccessRequest.objects.filter(
        email__iexact=form.cleaned_data["email"], status=AccessRequest.Status.PENDING
    )
    if pending.exists():
        return
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        # Another submission stored the same e-mail since the check (the constraint in
        # members.models); any other integrity error is a real one.
        if not pending.exists():
            raise


def _decide(access_request, status, by):
    if access_request.status != AccessRequest.Status.PENDING:
        raise AlreadyDecided(access_request.status)
    access_request.status = status
    access_request.decided_at = timezone.now()
    access_request.decided_by = by


@transaction.atomic
def approve(access_request, by, base_url):
    """Create (or reuse) the member's account in the group of their role; e-mail a link to
    set their password, in their language. `base_url` is the public site's origin."""
    _decide(access_request, AccessRequest.Status.APPROVED, by)
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=access_request.email).first()
    if user is None:
        first, _sep, last = access_request.name.partition(" ")
        user = user_model(
            username=access_request.email,
            email=access_request.email,
            first_name=first[:150],
            last_name=last[:150],
        )
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=GROUP_FOR_ROLE[access_request.role])[0])
    access_request.user = user
    access_request.save()
    with translation.override(access_request.language):
        link = base_url.rstrip("/") + reverse(
            "members:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        _mail(access_request, "approved", {"link": link, "user": user})
    return user


@transaction.atomic
def decline(access_request, by):
    """Record the decision and tell the requester, in their language."""
    _decide(access_request, AccessRequest.Status.DECLINED, by)
    access_request.save()
    with translation.override(access_request.language):
        _mail(access_request, "declined", {})


def _mail(access_request, name, context):
    context = {"request": access_request, **context}
    subject = render_to_string(f"members/emails/{name}_subject.txt", context)
    body = render_to_string(f"members/emails/{name}_body.txt", context)
    # on_commit: no e-mail for a decision that was rolled back.
    transaction.on_commit(
        lambda: send_mail(
            " ".join(subject.split()), body, None, [access_request.email], fail_silently=False
        )
    )
