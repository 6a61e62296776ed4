"""Who may do what to a page beyond Wagtail's own checks, read from its page permissions
(docs/architecture.md#translators-hand-off).

A *text-only* editor may change a page but may neither add pages there nor publish it: the
Translators group (members.groups). Wagtail lets anyone who may change a page delete it while
it is unpublished, and edit every field; here such a user translates and corrects the text,
and submits it for review. The schedule, deleting and publishing stay with the editors
(national editors everywhere, chapter editors in their chapter).
"""


def edits_text_only(user, page):
    """True if `user` may change `page` but neither add pages under it nor publish it."""
    if user.is_superuser or not user.is_active or not page.pk:
        return False
    granted = page.permissions_for_user(user).permissions
    return "change" in granted and not granted & {"add", "publish"}
