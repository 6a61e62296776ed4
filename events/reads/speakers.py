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


def speakers_for(pages, language):
    """{page pk: [SpeakerLink…]} with each speaker in `language` where translated.

    Speaker links are synchronised across a page's translations (they point at the source's
    speakers), so each speaker is swapped for its translation here, in bulk.
    """
    links = list(
        EventSpeaker.objects.filter(page__in=[p.pk for p in pages])
        .select_related("speaker__photo", "speaker__locale")
        .order_by("page_id", "sort_order")
    )
    keys = {link.speaker.translation_key for link in links}
    translated = (
        {
            s.translation_key: s
            for s in Speaker.objects.filter(
                translation_key__in=keys, locale__language_code=language
            ).select_related("photo", "locale")
        }
        if keys
        else {}
    )
    result = {p.pk: [] for p in pages}
    for link in links:
        speaker = translated.get(link.speaker.translation_key, link.speaker)
        result[link.page_id].append(SpeakerLink(speaker, link.part))
    return result


class SpeakerName(NamedTuple):
    """What a calendar feed writes of a speaker (see `speaker_names_for`)."""

    name: str
    role: str
    organisation: str
    agreement: str


def speaker_names_for(pages, language):
    """{page pk: [SpeakerLink…]} as `speakers_for` gives, each speaker a `SpeakerName`.

    Two queries and no model objects: a feed of thousands of events writes only these four
    fields, and building the links, speakers and locales cost more than writing them.
    """
    links = list(
        EventSpeaker.objects.filter(page__in=[p.pk for p in pages])
        .order_by("page_id", "sort_order")
        .values_list(
            "page_id", "part", "speaker__translation_key", "speaker__name", "speaker__role",
            "speaker__organisation", "speaker__agreement",
        )
    )  # fmt: skip
    keys = {link[2] for link in links}
    translated = (
        {
            key: SpeakerName(*fields)
            for key, *fields in Speaker.objects.filter(
                translation_key__in=keys, locale__language_code=language
            ).values_list("translation_key", "name", "role", "organisation", "agreement")
        }
        if keys
        else {}
    )
    result = {p.pk: [] for p in pages}
    for page_id, part, key, *fields in links:
        speaker = translated.get(key) or SpeakerName(*fields)
        result[page_id].append(SpeakerLink(speaker, part))
    return result
