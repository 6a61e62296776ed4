"""events.reads.images: the one rendition prefetch shared by pages and the API."""

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest

from events.reads.images import event_images, with_photo_renditions
from events.reads.speakers import speakers_for
from tests.factories import SpeakerFactory, add_speakers, event
from tests.helpers import ignore_rendition_file_leak

pytestmark = [pytest.mark.django_db, ignore_rendition_file_leak]


@pytest.fixture
def photos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    images = [
        get_image_model().objects.create(title=f"p{n}", file=get_test_image_file())
        for n in range(3)
    ]
    for image in images:
        image.get_rendition("fill-160x160")  # as a page's first render leaves them
    return images


def test_photo_renditions_in_one_query_for_any_number_of_speakers(
    event_index, photos, django_assert_num_queries
):
    page = event(event_index, "Talk")
    add_speakers(page, [SpeakerFactory(photo=p, photo_alt="A portrait") for p in photos])
    links = speakers_for([page], "en")[page.pk]

    with django_assert_num_queries(1):
        with_photo_renditions(links)
    with django_assert_num_queries(0):
        urls = [link.speaker.photo.get_rendition("fill-160x160").url for link in links]
    assert len(set(urls)) == 3


def test_no_query_without_photos(event_index, django_assert_num_queries):
    page = event(event_index, "Talk")
    add_speakers(page, [SpeakerFactory()])
    links = speakers_for([page], "en")[page.pk]
    with django_assert_num_queries(0):
        assert with_photo_renditions(links) == links


def test_event_images_in_one_query(event_index, photos, django_assert_num_queries):
    pages = [event(event_index, f"Talk {n}", image=photo) for n, photo in enumerate(photos)]
    pages = [type(p).objects.get(pk=p.pk) for p in pages]
    with django_assert_num_queries(1):
        event_images(pages)
    with django_assert_num_queries(0):
        assert [p.image.title for p in pages] == ["p0", "p1", "p2"]
