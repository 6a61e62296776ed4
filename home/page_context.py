"""The seam that keeps `home` (and `events.models`) below the code that lists events.

A page type's template needs data that only a higher layer can read: the home page shows the
upcoming events, an event page its speakers, host and access details. The page classes cannot
import those readers (the readers import the page classes), so the readers' app registers a
*provider* for each page type in its `AppConfig.ready()` (events.apps), and the page asks the
registry at request time. See docs/architecture.md#layers-and-import-contracts.
"""

# {"app_label.ModelName": [provider(page, request, context) -> dict]}
_context_providers = {}
# {"app_label.ModelName": [finish(page, request, response) -> response]}
_response_filters = {}
# {"app_label.ModelName": translate(page, params, target language) -> [(name, [values])]}
_query_translators = {}


def register(model_label, *, context=None, response=None, query=None):
    """Add `context` (returns a dict merged into the page's template context) and/or
    `response` (returns the response to serve) for the page type `model_label`; `query` gives
    the page's query string for its translation (the language switch keeps a reader's filters,
    whose values may be a language's own slugs)."""
    if context is not None:
        _context_providers.setdefault(model_label, []).append(context)
    if response is not None:
        _response_filters.setdefault(model_label, []).append(response)
    if query is not None:
        _query_translators[model_label] = query


def translate_query(page, params, target):
    """`params` (a QueryDict) for `page`'s translation in `target`: the registered
    translation for its type, else the parameters as they are."""
    translate = _query_translators.get(page._meta.label)
    return translate(page, params, target) if translate else list(params.lists())


class ProvidedContextMixin:
    """For a page type whose context and response are completed by registered providers.

    Put it before `Page` in the bases, like the other mixins.
    """

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for provide in _context_providers.get(self._meta.label, ()):
            context.update(provide(self, request, context))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        for finish in _response_filters.get(self._meta.label, ()):
            response = finish(self, request, response)
        return response
