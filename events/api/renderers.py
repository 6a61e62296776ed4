"""The API's JSON renderer: DRF's, which also sends a list's results kept as compact JSON text
(KeptItems: events.api.views.events.anonymous_events) without parsing and re-encoding them."""

import json

from rest_framework import renderers

RESULTS = b'"results":[]'


class KeptItems(list):
    """A list's results, each already compact JSON text as DRF's JSONRenderer writes it (no
    indent, compact separators, UNICODE_JSON): spliced into the answer as they are."""

    def loaded(self):
        return [json.loads(text) for text in self]


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        kept = data.get("results") if isinstance(data, dict) else None
        if not isinstance(kept, KeptItems):
            return super().render(data, accepted_media_type, renderer_context)
        compact = (
            self.compact
            and not self.ensure_ascii
            and self.get_indent(accepted_media_type, renderer_context or {}) is None
        )
        if not compact:
            # Another layout (`indent=`): rendered from the items, as any answer.
            loaded = {**data, "results": kept.loaded()}
            return super().render(loaded, accepted_media_type, renderer_context)
        envelope = super().render({**data, "results": []}, accepted_media_type, renderer_context)
        # The key's own quotes are unescaped: a string value holding the same characters
        # (a URL in next/previous) has them escaped, so the marker is the key, once.
        results = ",".join(kept).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return envelope.replace(RESULTS, b'"results":[' + results.encode() + b"]", 1)
