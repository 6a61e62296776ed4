"""The pages right under a language's home (the events index, the chapters, the plain pages):
the header's links and the join page an event links to are among them, read once per request.
"""

from wagtail.models import Page

from home.visibility import per_version, visible


def top_pages(language):
    """The visible pages just below the home in `language`, in tree order, their content types
    joined; one query per request (or content version) however many readers ask."""
    return per_version(
        ("top-pages", language),
        lambda: list(
            visible(Page.objects.filter(depth=3, locale__language_code=language))
            .select_related("content_type")
            .order_by("path")
        ),
    )


def first_of(pages, *models):
    """The first of `pages` whose type is one of `models` (or a subclass), else None."""
    return next(
        (p for p in pages if issubclass(p.content_type.model_class() or Page, models)), None
    )
