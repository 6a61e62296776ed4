"""Wagtail's database search backend, with French words found by stem on PostgreSQL.

PostgreSQL's full-text search stems with one text-search configuration per backend
(SEARCH_CONFIG), and Wagtail keeps one index table for every language. This backend picks
the configuration per page instead: each object is indexed with its locale's configuration
(settings.WAGTAILSEARCH_LANGUAGE_CONFIGS, e.g. "french" for fr), and a query is parsed with the
active language's, so "pollinisateurs" finds "pollinisateur" on /fr/ and "pollinators" finds
"pollinator" on /en/. Search results are already limited to the active locale, so the two
configurations never meet. Other databases use Wagtail's backend unchanged (SQLite's FTS5
has no French stemmer).

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}.
"""

import copy
from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language

from wagtail.models import Locale
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def language_config(language, default=None):
    """The PostgreSQL text-search configuration for a language code ("fr-ca" → "french")."""
    configs = getattr(settings, "WAGTAILSEARCH_LANGUAGE_CONFIGS", {})
    return configs.get((language or "").split("-")[0].lower(), default)


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    if connection.vendor != "postgresql":
        return DatabaseSearchBackend(params)
    return _postgres_backend_class()(params)


def _postgres_backend_class():
    # Imported here: django.contrib.postgres is only importable with a PostgreSQL driver.
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            codes = dict(Locale.objects.values_list("pk", "language_code"))
            groups = defaultdict(list)
            for obj in objs:
                groups[codes.get(getattr(obj, "locale_id", None))].append(obj)
            backend = self.backend
            try:
                for language, group in groups.items():
                    self.backend = backend.for_language(language)
                    super().add_items(model, group)
            finally:
                self.backend = backend

    class LanguageQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return language_config(get_language(), backend.config)

    class LanguageAwarePostgresSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex
        query_compiler_class = LanguageQueryCompiler

        def for_language(self, language):
            """This backend with the text-search configuration of `language`."""
            clone = copy.copy(self)
            clone.config = language_config(language, self.config)
            return clone

    return LanguageAwarePostgresSearchBackend
