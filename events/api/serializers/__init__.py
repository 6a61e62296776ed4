"""Output serializers (representations) of /api/v1/, one module per resource; the query
parameters are in events.api.params.

They read domain objects (events.reads.occurrences.Occurrence, pages, speakers) and the related
records fetched once per page of results (events.api.queries.Related).
"""

from events.api.params import (
    DATE_ONLY,
    DEFAULT_WINDOW,
    EARLIEST,
    LATEST,
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    MAX_WINDOW,
    PAGE_SIZE,
    DateOrDateTimeField,
    EventListParams,
    LanguageParams,
    PageParams,
    plain_list_params,
)
from events.api.serializers.common import (
    EVENT_IMAGE_SPECS,
    PHOTO_SPECS,
    EventSpeakerSerializer,
    HostSerializer,
    ImageSerializer,
    PageFieldsMixin,
    RenditionSerializer,
    SeriesSummarySerializer,
    TranslationsField,
    WallClockTimeField,
    host_data,
    image_data,
    local_iso,
    page_envelope,
    page_url,
    speaker_link_data,
)
from events.api.serializers.events import (
    AccessDetailsSerializer,
    EventPageSerializer,
    EventSerializer,
    RemovalSerializer,
)
from events.api.serializers.hosts import (
    ChapterPageSerializer,
    ChapterSerializer,
    WorkingGroupPageSerializer,
    WorkingGroupSerializer,
)
from events.api.serializers.root import (
    RootSerializer,
)
from events.api.serializers.series import (
    SeriesPageSerializer,
    SeriesSerializer,
)
from events.api.serializers.speakers import (
    SpeakerPageSerializer,
    SpeakerSerializer,
)

__all__ = [
    "AccessDetailsSerializer",
    "ChapterPageSerializer",
    "ChapterSerializer",
    "DATE_ONLY",
    "DEFAULT_WINDOW",
    "DateOrDateTimeField",
    "EARLIEST",
    "EVENT_IMAGE_SPECS",
    "EventListParams",
    "plain_list_params",
    "EventPageSerializer",
    "EventSerializer",
    "EventSpeakerSerializer",
    "HostSerializer",
    "ImageSerializer",
    "LATEST",
    "LanguageParams",
    "MAX_OFFSET",
    "MAX_PAGE_SIZE",
    "MAX_WINDOW",
    "PAGE_SIZE",
    "PHOTO_SPECS",
    "PageFieldsMixin",
    "PageParams",
    "RemovalSerializer",
    "RenditionSerializer",
    "RootSerializer",
    "SeriesPageSerializer",
    "SeriesSerializer",
    "SeriesSummarySerializer",
    "SpeakerPageSerializer",
    "SpeakerSerializer",
    "TranslationsField",
    "WallClockTimeField",
    "WorkingGroupPageSerializer",
    "WorkingGroupSerializer",
    "host_data",
    "image_data",
    "local_iso",
    "page_envelope",
    "page_url",
    "speaker_link_data",
]
