"""The translation editor's additions (templates/wagtail_localize/admin/edit_translation.html):
the hand-off to review and the shared schedule (docs/architecture.md#translators-hand-off)."""

import json

from django import template
from django.urls import reverse

from wagtail.models import Page

from home.roles import edits_text_only
from members.review import may_submit, schedule_rows

register = template.Library()


@register.simple_tag
def editor_props(props, instance, user):
    """wagtail-localize's editor props without Delete and "Convert to alias page" for anyone who
    may not publish the page (a translator, a chapter editor). Its React footer makes the last
    action it lists the main button and cannot be given another: for a publisher that is
    "Publish", for anyone else it was "Delete". Deleting stays in the page's own menu, where a
    translator is refused it (members.wagtail_hooks)."""
    if not isinstance(instance, Page):
        return props
    if not edits_text_only(user, instance) and instance.permissions_for_user(user).can_publish():
        return props
    data = json.loads(props)
    data["perms"]["canDelete"] = False
    data["links"]["convertToAliasUrl"] = None
    return json.dumps(data)


@register.simple_tag
def translation_review(instance, user, translation):
    """What the hand-off bar shows `user` on the translation `instance` (a page); the schedule
    is the source page's, the one that counts (docs/architecture.md#translation-sync)."""
    if not isinstance(instance, Page):
        return None
    perms = instance.permissions_for_user(user)
    return {
        "publishes": perms.can_publish(),
        "may_submit": may_submit(user, instance),
        "state": instance.current_workflow_state,
        "submit_url": reverse("members_submit_translation", args=[instance.pk]),
        "schedule": schedule_rows(translation.source.get_source_instance()),
        "source_language": translation.source.locale.language_code,
    }
