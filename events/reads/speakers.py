"""Speakers of an event in the reader's language, in two queries whatever their number."""

from dataclasses import dataclass
from typing import NamedTuple

from events.domain.choices import part_label
from events.models import EventSpeaker, Speaker


@dataclass(frozen=True)
class SpeakerLink:
    speaker: Speaker
    part: str

    @property
    def part_label(self):
        return part_label(self.part, self.speaker.agreement)


class SpeakerName(NamedTuple):
    """What a calendar feed writes of a speaker (`speakers_for(..., names_only=True)`)."""

    name: str
    role: str
    organisation: str
    agreement: str


NAME_FIELDS = ("name", "role", "organisation", "agreement")


def speakers_for(pages, language, *, names_only=False, others_only=False):
    """{page pk: [SpeakerLink…]} with each speaker in `language` where translated; two
    queries whatever their number. `others_only`: only speakers linked in another language are
    looked up, so one query when every linked speaker is in `language` (an event page); the
    lists keep their two, whatever their events' languages.

    Speaker links are synchronised across a page's translations (they point at the source's
    speakers), so each speaker is swapped for its translation here, in bulk. `names_only`: each
    speaker a `SpeakerName` read as plain values, no model objects: a feed of thousands of
    events writes only these four fields, and building links, speakers, photos and locales
    cost more than writing them.
    """
    # The link's id breaks ties of sort_order (a translation's copied links and one added to
    # it may share one): without it PostgreSQL's order of the tied links depends on the plan,
    # so on which other pages were read with it, and one event's speakers came in another
    # order in another answer.
    links = EventSpeaker.objects.filter(page__in=[p.pk for p in pages]).order_by(
        "page_id", "sort_order", "pk"
    )
    in_language = Speaker.objects.filter(locale__language_code=language)
    if names_only:
        names = [f"speaker__{name}" for name in NAME_FIELDS]
        rows = [
            (page_id, part, key, SpeakerName(*fields))
            for page_id, part, key, *fields in links.values_list(
                "page_id", "part", "speaker__translation_key", *names
            )
        ]

        def translations(keys):
            found = in_language.filter(translation_key__in=keys)
            return {
                key: SpeakerName(*f)
                for key, *f in found.values_list("translation_key", *NAME_FIELDS)
            }
    else:
        links = links.select_related("speaker__photo", "speaker__locale")
        rows = [
            (link.page_id, link.part, link.speaker.translation_key, link.speaker) for link in links
        ]

        def translations(keys):
            found = in_language.filter(translation_key__in=keys).select_related("photo", "locale")
            return {s.translation_key: s for s in found}

    # A speaker linked in the reader's language is its own translation.
    keys = {
        key
        for _page, _part, key, speaker in rows
        if not (others_only and _in_language(speaker, language))
    }
    translated = translations(keys) if keys else {}
    result = {p.pk: [] for p in pages}
    for page_id, part, key, speaker in rows:
        result[page_id].append(SpeakerLink(translated.get(key, speaker), part))
    return result


def _in_language(speaker, language):
    """Whether a linked speaker (a model object with its locale) is already in `language`."""
    return not isinstance(speaker, SpeakerName) and speaker.locale.language_code == language
