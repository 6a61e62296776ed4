"""Pages described as data, written into the tree under fixed keys and translated.

A page spec (portal/fixtures/site.yaml, demo.yaml) is a mapping: `key` (its translation key is
a UUID derived from it), `type` (app_label.ModelName), `source` (the language it is written in
first; en unless said), its fields in each language (`en`, `fr`) and its `children`. A page
already in the tree under its key is kept as it is, so writing the same specs twice creates
nothing. Translations go through wagtail-localize (a PO import, as a translator's work would),
so editors can open any of them in the translation editor.

Used by `setup_site` (portal/site_setup.py) and `seed_demo`; models are looked up by name, so
this module imports no app.
"""

import uuid

from django.apps import apps
from django.core.management.base import CommandError

from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

NAMESPACE = uuid.UUID("6f6b1f2e-8d0c-4c8e-9a51-3c1f0e0c2a11")
LANGUAGES = ("en", "fr")


def key(name):
    """The translation key of the page or snippet named `name` in the data files."""
    return uuid.uuid5(NAMESPACE, name)


def translation_strings(model, source, target, name):
    """{source text: its translation} as wagtail-localize's PO file lists them: one entry per
    plain field, one per rich-text paragraph (both as HTML: "&" is "&amp;")."""
    if set(source) != set(target):
        raise CommandError(f"{name}: the two languages give different fields")
    strings = {}
    for field, text in source.items():
        if isinstance(model._meta.get_field(field), RichTextField):
            mine, theirs = extract_strings(text)[1], extract_strings(target[field])[1]
            if len(mine) != len(theirs):
                raise CommandError(f"{name}: {field} differs in paragraphs between languages")
            strings.update({a.data: b.data for (a, _), (b, _) in zip(mine, theirs, strict=True)})
        else:
            strings[StringValue.from_plaintext(text).data] = StringValue.from_plaintext(
                target[field]
            ).data
    return strings


class TreeWriter:
    """Writes page specs, counting what it creates (`created`); the hooks let a caller add
    fields shared by both languages (`shared_fields`) and work after a page is created or
    placed with its children (`page_created`, `placed`)."""

    def __init__(self):
        self.created = 0
        self.locales, self.new_locales = {}, []
        for code in LANGUAGES:
            self.locales[code], new = Locale.objects.get_or_create(language_code=code)
            if new:
                self.new_locales.append(code)

    def place(self, spec, parent):
        """The page `spec` under `parent` (or its translation), translated, then its children."""
        model = apps.get_model(spec["type"])
        source = spec.get("source", "en")
        (target,) = set(LANGUAGES) - {source}
        if parent.depth > 1:
            parent = parent.get_translation(self.locales[source])
        page = self.page(spec, model, parent, source)
        strings = translation_strings(model, spec[source], spec[target], spec["key"])
        self.translate(page, self.locales[target], strings)
        for child in spec.get("children", []):
            self.place(child, page)
        self.placed(page, spec)
        return page

    def page(self, spec, model, parent, language):
        """The page `spec` in `language`, created (and published) if missing."""
        locale = self.locales[language]
        existing = model.objects.filter(translation_key=key(spec["key"]), locale=locale).first()
        if existing:
            return existing
        fields = {**spec[language], **self.shared_fields(spec, parent)}
        page = model(translation_key=key(spec["key"]), locale=locale, **fields)
        parent.add_child(instance=page)
        self.page_created(page, spec)
        page.save_revision().publish()
        self.created += 1
        return model.objects.get(pk=page.pk)

    def translate(self, instance, locale, strings):
        """Translate `instance` into `locale` with wagtail-localize, from {source: target}."""
        model = type(instance)
        done = model.objects.filter(translation_key=instance.translation_key, locale=locale)
        if done.exists():
            return
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale
        )
        po = translation.export_po()
        for entry in po:
            entry.msgstr = strings.get(entry.msgid, "")
        translation.import_po(po)
        if isinstance(instance, Page):
            # wagtail-localize would publish in an on_commit callback, which inside a
            # transaction saves a stale copy of the page later; publish the revision now.
            translation.save_target(publish=False)
            model.objects.get(
                translation_key=instance.translation_key, locale=locale
            ).get_latest_revision().publish()
        else:
            translation.save_target(publish=True)
        self.created += 1

    # --- hooks ----------------------------------------------------------------------------

    def shared_fields(self, spec, parent):
        """Fields both languages share (they are copied to the translation): none here."""
        return {}

    def page_created(self, page, spec):
        """Called once a new page is in the tree, before its first revision is published."""

    def placed(self, page, spec):
        """Called once `page` and its children are placed."""
