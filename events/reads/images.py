"""Images shown beside events and speakers, with their renditions, in a constant number of
queries: the one reader the pages and the API share (docs/architecture.md#one-reader-per-question).
"""

from django.db.models import prefetch_related_objects

from wagtail.images import get_image_model


def prefetch_renditions(images):
    """Load every image's existing renditions in one query; get_rendition() then reuses them."""
    images = [i for i in images if i is not None]
    if images:
        prefetch_related_objects(images, "renditions")


def with_photo_renditions(links):
    """Speaker links (events.reads.speakers) whose photos have their renditions loaded: one
    query for all photos (speakers_for already joined the photos themselves)."""
    prefetch_renditions([link.speaker.photo for link in links if link.speaker.photo_id])
    return links


def event_images(pages):
    """Event pages with their image loaded, in one query (EventPage.image is a foreign key)."""
    ids = {p.image_id for p in pages if getattr(p, "image_id", None)}
    if not ids:
        return
    images = {i.pk: i for i in get_image_model().objects.filter(pk__in=ids)}
    for page in pages:
        if getattr(page, "image_id", None):
            page.image = images[page.image_id]
