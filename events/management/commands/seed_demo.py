"""Write the demo schedule (English and French), idempotently.

The facts follow the network's public events page of May 2022 (shared/reference), in our own
words, with dates placed relative to today so that a newcomer always sees upcoming events and a
past archive. Every demo page has a fixed translation key: a second run finds and keeps it.
Translations go through wagtail-localize (a PO import), as a translator's work would, so the
demo editor can open any French page in the translation editor.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource

from chapters.models import ChapterIndexPage, ChapterPage, WorkingGroupIndexPage, WorkingGroupPage
from events import recurrence
from events.choices import Audience, SpeakerPart, Status
from events.models import EventIndexPage, EventPage, EventSeriesPage, EventSpeaker, Speaker
from home.models import HomePage, StandardPage

NAMESPACE = uuid.UUID("6f6b1f2e-8d0c-4c8e-9a51-3c1f0e0c2a11")
PACIFIC, EASTERN = "America/Vancouver", "America/Toronto"


def key(name):
    return uuid.uuid5(NAMESPACE, name)


def next_weekday(day, weekday):
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def nth_weekday(year, month, weekday, n):
    first = dt.date(year, month, 1)
    return next_weekday(first, weekday) + dt.timedelta(weeks=n - 1)


def add_months(day, months):
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


class Command(BaseCommand):
    help = "Create the demo schedule in English and French (safe to run again)."

    def handle(self, *args, **options):
        self.today = timezone.now().date()
        self.created = 0
        with transaction.atomic():  # all or nothing: a failed run leaves no half tree
            self.en = Locale.objects.get_or_create(language_code="en")[0]
            self.fr = Locale.objects.get_or_create(language_code="fr")[0]
            self.build()
        self.stdout.write(f"Demo schedule ready ({self.created} pages or snippets created).")
        if settings.DEBUG:
            self.ensure_admin()

    # --- helpers ----------------------------------------------------------------------------

    def page(self, name, parent, model, locale=None, **fields):
        """The demo page `name` under `parent`, created (and published) if missing."""
        locale = locale or parent.locale
        existing = model.objects.filter(translation_key=key(name), locale=locale).first()
        if existing:
            return existing
        page = model(translation_key=key(name), locale=locale, **fields)
        speakers = page.__dict__.pop("_demo_speakers", None)
        parent.add_child(instance=page)
        if speakers:
            for order, (speaker, part) in enumerate(speakers):
                EventSpeaker.objects.create(page=page, speaker=speaker, part=part, sort_order=order)
        page.save_revision().publish()
        self.created += 1
        return model.objects.get(pk=page.pk)

    def translate(self, instance, locale, strings, publish=True):
        """Translate `instance` into `locale` with wagtail-localize, from {source: target}."""
        model = type(instance)
        done = model.objects.filter(translation_key=instance.translation_key, locale=locale)
        if done.exists():
            return done.get()
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
            target = model.objects.get(translation_key=instance.translation_key, locale=locale)
            if publish:
                target.get_latest_revision().publish()
        else:
            translation.save_target(publish=True)
        self.created += 1
        return model.objects.get(translation_key=instance.translation_key, locale=locale)

    def speaker(self, name, fields, french):
        existing = Speaker.objects.filter(translation_key=key(name), locale=self.en).first()
        speaker = existing or Speaker.objects.create(
            translation_key=key(name), locale=self.en, **fields
        )
        if not existing:
            self.created += 1
        self.translate(speaker, self.fr, french)
        return speaker

    # --- content ----------------------------------------------------------------------------

    def build(self):
        home = self.home()
        self.translate(
            home,
            self.fr,
            {
                "Climate Caucus Events": "Événements du Caucus climat",
                "Calls and meetings of municipal elected officials working on climate across Canada.": "Appels et rencontres des élus municipaux qui agissent pour le climat partout "
                "au Canada.",
                "caucus": "caucus-accueil",
            },
        )
        join = self.page(
            "join",
            home,
            StandardPage,
            title="How to join",
            slug="join",
            intro="Elected officials and municipal staff can join the network "
            "for free and receive the joining details of member calls.",
            body="<p>Request access with your name, municipality and role; the "
            "national team confirms new members within a few days.</p>",
        )
        self.translate(
            join,
            self.fr,
            {
                "How to join": "Comment adhérer",
                "join": "adherer",
                "Elected officials and municipal staff can join the network for free and receive "
                "the joining details of member calls.": "Les élus et le personnel municipal peuvent adhérer gratuitement au réseau et "
                "recevoir les détails de connexion des appels réservés aux membres.",
                "Request access with your name, municipality and role; the national team confirms "
                "new members within a few days.": "Demandez l’accès en indiquant votre nom, votre municipalité et votre rôle ; "
                "l’équipe nationale confirme les nouvelles adhésions en quelques jours.",
            },
        )
        events = self.page(
            "events",
            home,
            EventIndexPage,
            title="Events",
            slug="events",
            intro="Network-wide calls, chapter meetings and working-group sessions.",
        )
        self.translate(
            events,
            self.fr,
            {
                "Events": "Événements",
                "events": "evenements",
                "Network-wide calls, chapter meetings and working-group sessions.": "Appels du réseau, rencontres des sections régionales et séances des "
                "groupes de travail.",
            },
        )
        self.electeds_call(events)
        self.all_caucus_call(events)
        self.chapters(home)
        self.working_groups(home)

    def home(self):
        site = Site.objects.filter(is_default_site=True).first()
        existing = HomePage.objects.filter(translation_key=key("home"), locale=self.en).first()
        if existing is None:
            root = Page.get_first_root_node()
            existing = HomePage(
                translation_key=key("home"),
                locale=self.en,
                title="Climate Caucus Events",
                slug="caucus",
                intro="Calls and meetings of municipal elected officials working "
                "on climate across Canada.",
            )
            root.add_child(instance=existing)
            existing.save_revision().publish()
            self.created += 1
        if site is None:
            Site.objects.create(
                hostname="localhost",
                root_page=existing,
                is_default_site=True,
                site_name=settings.WAGTAIL_SITE_NAME,
            )
        elif site.root_page_id != existing.pk:
            old_root = site.root_page
            site.root_page = existing
            site.site_name = settings.WAGTAIL_SITE_NAME
            site.save()
            if old_root.specific_class is Page and old_root.depth == 2:
                old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" placeholder
        return existing

    def electeds_call(self, events):
        first = next_weekday(self.today - dt.timedelta(weeks=26), recurrence.rule_weekday(2))
        series = self.page(
            "electeds-call",
            events,
            EventSeriesPage,
            title="Electeds-Only Call",
            slug="electeds-only-call",
            intro="A bi-weekly meeting space where municipal elected officials raise issues and "
            "get practical help from colleagues across the country.",
            body="<p>Come late or leave early: everyone is busy, and every voice is welcome.</p>",
            first_date=first,
            frequency=recurrence.WEEKLY,
            interval=2,
            start_time=dt.time(11),
            end_time=dt.time(12),
            timezone=PACIFIC,
            audience=Audience.ELECTED,
        )
        self.translate(
            series,
            self.fr,
            {
                "Electeds-Only Call": "Appel réservé aux élus",
                "electeds-only-call": "appel-des-elus",
                "A bi-weekly meeting space where municipal elected officials raise issues and get "
                "practical help from colleagues across the country.": "Un lieu de rencontre aux deux semaines où les élus municipaux soulèvent des "
                "enjeux et obtiennent l’aide concrète de collègues de partout au pays.",
                "Come late or leave early: everyone is busy, and every voice is welcome.": "Arrivez en retard ou partez tôt : tout le monde est occupé, et chaque voix "
                "compte.",
            },
        )
        upcoming = recurrence.next_dates(series.rule, series.tz, timezone.now(), n=4)
        cancelled_day = upcoming[2].date()
        cancelled = self.page(
            "electeds-call-cancelled",
            series,
            EventPage,
            title="Electeds-Only Call — cancelled",
            slug="electeds-only-call-cancelled",
            occurrence_date=cancelled_day,
            status=Status.CANCELLED,
            status_reason="Most members are at the national municipal conference that week.",
        )
        self.translate(
            cancelled,
            self.fr,
            {
                "Electeds-Only Call — cancelled": "Appel réservé aux élus — annulé",
                "electeds-only-call-cancelled": "appel-des-elus-annule",
                "Most members are at the national municipal conference that week.": "La plupart des membres participent au congrès municipal national cette "
                "semaine-là.",
            },
        )

    def all_caucus_call(self, events):
        start = add_months(self.today, -6)
        first = nth_weekday(start.year, start.month, 0, 3)
        series = self.page(
            "all-caucus-call",
            events,
            EventSeriesPage,
            title="All-Caucus Call",
            slug="all-caucus-call",
            intro="A monthly call to meet climate leaders from across Canada, with guest "
            "speakers on local climate issues and initiatives.",
            first_date=first,
            frequency=recurrence.MONTHLY_WEEKDAY,
            start_time=dt.time(11),
            end_time=dt.time(12),
            timezone=PACIFIC,
            audience=Audience.PUBLIC,
        )
        self.translate(
            series,
            self.fr,
            {
                "All-Caucus Call": "Appel de tout le caucus",
                "all-caucus-call": "appel-du-caucus",
                "A monthly call to meet climate leaders from across Canada, with guest speakers on "
                "local climate issues and initiatives.": "Un appel mensuel pour rencontrer des leaders du climat de partout au Canada, "
                "avec des conférenciers invités sur les enjeux et initiatives climatiques locales.",
            },
        )
        founder = self.speaker(
            "speaker-candel",
            {
                "name": "Shelly Candel",
                "role": "Founder",
                "organisation": "Bee City Canada",
                "bio": "Founded Bee City Canada to bring communities together around pollinators.",
            },
            {
                "Founder": "Fondatrice",
                "Founded Bee City Canada to bring communities together around pollinators.": "Fondatrice de Bee City Canada, qui rassemble les collectivités autour des "
                "pollinisateurs.",
            },
        )
        councillor = self.speaker(
            "speaker-mccann",
            {
                "name": "Mike McCann",
                "role": "City Councillor",
                "organisation": "City of Barrie",
                "bio": "Councillor in Barrie, a Bee City that creates pollinator habitat.",
            },
            {
                "City Councillor": "Conseiller municipal",
                "City of Barrie": "Ville de Barrie",
                "Councillor in Barrie, a Bee City that creates pollinator habitat.": "Conseiller à Barrie, ville abeille qui aménage des habitats pour les "
                "pollinisateurs.",
            },
        )
        session_day = recurrence.next_dates(series.rule, series.tz, timezone.now(), n=1)[0].date()
        bee_city = EventPage(
            title="Bee City: protecting pollinators together",
            slug="bee-city",
            occurrence_date=session_day,
            intro="How cities, towns, First Nations, schools and businesses can become a Bee "
            "City and protect pollinators.",
            body="<p>Bee City Canada's founder presents the Bee City and Bee School programs "
            "and the first steps to join them.</p><p>A Barrie city councillor shares the "
            "city's experience creating pollinator habitat and teaching residents.</p>",
        )
        bee_city._demo_speakers = [
            (founder, SpeakerPart.PRESENTER),
            (councillor, SpeakerPart.GUEST),
        ]
        bee_city = self.page_from_instance("bee-city", series, bee_city)
        self.translate(
            bee_city,
            self.fr,
            {
                "Bee City: protecting pollinators together": "Ville abeille : protéger ensemble les pollinisateurs",
                "bee-city": "ville-abeille",
                "How cities, towns, First Nations, schools and businesses can become a Bee City and "
                "protect pollinators.": "Comment les villes, villages, Premières Nations, écoles et entreprises peuvent "
                "devenir Ville abeille et protéger les pollinisateurs.",
                "Bee City Canada's founder presents the Bee City and Bee School programs and the "
                "first steps to join them.": "La fondatrice de Bee City Canada présente les programmes Ville abeille et École "
                "abeille et les premières étapes pour y adhérer.",
                "A Barrie city councillor shares the city's experience creating pollinator habitat "
                "and teaching residents.": "Un conseiller de Barrie raconte comment la ville aménage des habitats pour les "
                "pollinisateurs et sensibilise la population.",
            },
        )

    def page_from_instance(self, name, parent, page):
        speakers = page.__dict__.pop("_demo_speakers", [])
        existing = type(page).objects.filter(translation_key=key(name), locale=parent.locale)
        if existing.exists():
            return existing.get()
        page.translation_key, page.locale = key(name), parent.locale
        parent.add_child(instance=page)
        for order, (speaker, part) in enumerate(speakers):
            EventSpeaker.objects.create(page=page, speaker=speaker, part=part, sort_order=order)
        page.save_revision().publish()
        self.created += 1
        return type(page).objects.get(pk=page.pk)

    def chapters(self, home):
        index = self.page(
            "chapters",
            home,
            ChapterIndexPage,
            title="Chapters",
            slug="chapters",
            intro="Regional chapters meet to work on what matters in their region.",
        )
        self.translate(
            index,
            self.fr,
            {
                "Chapters": "Sections régionales",
                "chapters": "sections",
                "Regional chapters meet to work on what matters in their region.": "Les sections régionales se réunissent autour des enjeux de leur région.",
            },
        )
        today = self.today
        bc = self.chapter(
            index,
            "bc",
            "B.C. Chapter",
            "bc-chapter",
            "British Columbia",
            "Section de la Colombie-Britannique",
            "section-colombie-britannique",
            "Colombie-Britannique",
        )
        meeting = self.page(
            "bc-meeting",
            bc,
            EventPage,
            title="B.C. Chapter meeting: a new provincial program",
            slug="bc-meeting-provincial-program",
            intro="The province's Climate Action Secretariat presents its new program, followed "
            "by open discussion.",
            start_date=next_weekday(today + dt.timedelta(days=20), 4),
            start_time=dt.time(11),
            end_time=dt.time(12),
            timezone=PACIFIC,
            audience=Audience.ELECTED,
        )
        self.translate(
            meeting,
            self.fr,
            {
                "B.C. Chapter meeting: a new provincial program": "Rencontre de la section C.-B. : un nouveau programme provincial",
                "bc-meeting-provincial-program": "rencontre-cb-programme-provincial",
                "The province's Climate Action Secretariat presents its new program, followed by "
                "open discussion.": "Le Secrétariat de l’action climatique de la province présente son nouveau "
                "programme, suivi d’une discussion ouverte.",
            },
        )
        self.quebec(index, today)
        atlantic = self.chapter(
            index,
            "atlantic",
            "Atlantic Chapter",
            "atlantic-chapter",
            "New Brunswick, Nova Scotia, P.E.I., Newfoundland and Labrador",
            "Section de l’Atlantique",
            "section-atlantique",
            "Nouveau-Brunswick, Nouvelle-Écosse, Î.-P.-É., Terre-Neuve-et-Labrador",
        )
        tba = self.page(
            "atlantic-tba",
            atlantic,
            EventPage,
            title="Atlantic Chapter call: community engagement",
            slug="atlantic-community-engagement",
            intro="Next month's call is on community engagement; the date is coming soon.",
            start_date=add_months(today, 1),
            date_tba=True,
            timezone="America/Halifax",
            audience=Audience.ELECTED,
        )
        self.translate(
            tba,
            self.fr,
            {
                "Atlantic Chapter call: community engagement": "Appel de la section de l’Atlantique : mobilisation citoyenne",
                "atlantic-community-engagement": "atlantique-mobilisation-citoyenne",
                "Next month's call is on community engagement; the date is coming soon.": "L’appel du mois prochain portera sur la mobilisation citoyenne ; la date suivra "
                "sous peu.",
            },
        )
        ontario = self.chapter(
            index,
            "ontario",
            "Ontario Chapter",
            "ontario-chapter",
            "Ontario",
            "Section de l’Ontario",
            "section-ontario",
            "Ontario",
        )
        on_meeting = self.page(
            "ontario-meeting",
            ontario,
            EventPage,
            title="Ontario Chapter meeting",
            slug="ontario-meeting",
            intro="Open to elected officials in Ontario. Ask to join the mailing list to get "
            "calendar invitations.",
            start_date=today + dt.timedelta(days=10),
            start_time=dt.time(15),
            end_time=dt.time(16),
            timezone=EASTERN,
            audience=Audience.ELECTED,
        )
        self.translate(
            on_meeting,
            self.fr,
            {
                "Ontario Chapter meeting": "Rencontre de la section de l’Ontario",
                "ontario-meeting": "rencontre-ontario",
                "Open to elected officials in Ontario. Ask to join the mailing list to get calendar "
                "invitations.": "Ouverte aux élus de l’Ontario. Demandez à joindre la liste d’envoi pour "
                "recevoir les invitations.",
            },
        )
        northern = self.chapter(
            index,
            "northern",
            "Northern Chapter",
            "northern-chapter",
            "Yukon, Northwest Territories, Nunavut",
            "Section du Nord",
            "section-nord",
            "Yukon, Territoires du Nord-Ouest, Nunavut",
        )
        inaugural = self.page(
            "northern-inaugural",
            northern,
            EventPage,
            title="Northern Chapter inaugural meeting",
            slug="northern-inaugural-meeting",
            intro="The chapter's first meeting. Thank you to everyone who came!",
            start_date=today - dt.timedelta(days=17),
            start_time=dt.time(11),
            end_time=dt.time(12),
            timezone="America/Whitehorse",
            audience=Audience.ELECTED,
        )
        self.translate(
            inaugural,
            self.fr,
            {
                "Northern Chapter inaugural meeting": "Rencontre inaugurale de la section du Nord",
                "northern-inaugural-meeting": "rencontre-inaugurale-nord",
                "The chapter's first meeting. Thank you to everyone who came!": "La première rencontre de la section. Merci à toutes les personnes présentes !",
            },
        )
        northern_next = self.page(
            "northern-tba",
            northern,
            EventPage,
            title="Northern Chapter call",
            slug="northern-call",
            intro="Details and date coming soon: stay tuned.",
            start_date=add_months(today, 1),
            date_tba=True,
            timezone="America/Whitehorse",
            audience=Audience.ELECTED,
        )
        self.translate(
            northern_next,
            self.fr,
            {
                "Northern Chapter call": "Appel de la section du Nord",
                "northern-call": "appel-nord",
                "Details and date coming soon: stay tuned.": "Détails et date à venir : restez à l’écoute.",
            },
        )

    def quebec(self, index, today):
        """The Quebec chapter writes French first; English is the translation."""
        quebec = self.chapter(
            index,
            "quebec",
            "Quebec Chapter",
            "quebec-chapter",
            "Quebec",
            "Section du Québec",
            "section-quebec",
            "Québec",
        )
        fr_quebec = ChapterPage.objects.get(translation_key=quebec.translation_key, locale=self.fr)
        meeting = self.page(
            "quebec-first-call",
            fr_quebec,
            EventPage,
            locale=self.fr,
            title="Premier appel de réseau de la section du Québec",
            slug="premier-appel-quebec",
            intro="Élus locaux et personnel municipal du Québec : venez nous dire vos besoins et "
            "vos défis, et découvrir le soutien que nous offrons.",
            body="<p>La crise climatique touche chaque région différemment. Discutons ensemble "
            "de la façon de bâtir des collectivités sûres, saines et résilientes au "
            "Québec.</p>",
            start_date=next_weekday(today + dt.timedelta(days=16), 2),
            start_time=dt.time(12),
            end_time=dt.time(13),
            timezone=EASTERN,
            audience=Audience.ELECTED_AND_STAFF,
        )
        self.translate(
            meeting,
            self.en,
            {
                "Premier appel de réseau de la section du Québec": "Quebec Chapter's first network call",
                "premier-appel-quebec": "quebec-first-call",
                "Élus locaux et personnel municipal du Québec : venez nous dire vos besoins et vos "
                "défis, et découvrir le soutien que nous offrons.": "Local elected officials and municipal staff in Quebec: tell us your needs and "
                "challenges, and learn about the support we offer.",
                "La crise climatique touche chaque région différemment. Discutons ensemble de la "
                "façon de bâtir des collectivités sûres, saines et résilientes au Québec.": "The climate crisis hits every region differently. Let's discuss how to build "
                "safe, healthy and resilient communities in Quebec.",
            },
        )

    def chapter(self, index, name, title, slug, region, fr_title, fr_slug, fr_region):
        chapter = self.page(
            f"chapter-{name}", index, ChapterPage, title=title, slug=slug, region=region
        )
        self.translate(chapter, self.fr, {title: fr_title, slug: fr_slug, region: fr_region})
        return chapter

    def working_groups(self, home):
        index = self.page(
            "working-groups",
            home,
            WorkingGroupIndexPage,
            title="Working groups",
            slug="working-groups",
            intro="Members working together on one topic, between regions.",
        )
        self.translate(
            index,
            self.fr,
            {
                "Working groups": "Groupes de travail",
                "working-groups": "groupes-de-travail",
                "Members working together on one topic, between regions.": "Des membres de toutes les régions qui travaillent ensemble sur un thème.",
            },
        )
        group = self.page(
            "wg-outdoor-rec",
            index,
            WorkingGroupPage,
            title="Outdoor Rec / Rural & Small Communities",
            slug="outdoor-rec-rural-small",
            intro="Open to municipal staff as well as elected members.",
        )
        self.translate(
            group,
            self.fr,
            {
                "Outdoor Rec / Rural & Small Communities": "Plein air / Collectivités rurales et petites collectivités",
                "outdoor-rec-rural-small": "plein-air-rural-petites-collectivites",
                "Open to municipal staff as well as elected members.": "Ouvert au personnel municipal comme aux élus.",
            },
        )
        planners = [
            self.speaker(
                f"speaker-wsp-{n}",
                {
                    "name": f"WSP transportation planner ({topic})",
                    "role": "Transportation planner",
                    "organisation": "WSP",
                },
                {
                    f"WSP transportation planner ({topic})": f"Urbaniste en transport de WSP ({fr_topic})",
                    "Transportation planner": "Urbaniste en transport",
                },
            )
            for n, topic, fr_topic in (
                (1, "active transportation", "transport actif"),
                (2, "on-demand transit", "transport à la demande"),
            )
        ]
        session = EventPage(
            title="Active transportation for rural and small communities",
            slug="active-transportation-rural",
            intro="Transportation planners from WSP share new ideas for active transportation in "
            "smaller communities. Bring staff and council colleagues!",
            start_date=next_weekday(self.today + dt.timedelta(days=23), 3),
            start_time=dt.time(11),
            end_time=dt.time(12),
            timezone=PACIFIC,
            audience=Audience.ELECTED_AND_STAFF,
        )
        session._demo_speakers = [(p, SpeakerPart.PRESENTER) for p in planners]
        session = self.page_from_instance("wg-active-transportation", group, session)
        self.translate(
            session,
            self.fr,
            {
                "Active transportation for rural and small communities": "Le transport actif dans les collectivités rurales et petites collectivités",
                "active-transportation-rural": "transport-actif-rural",
                "Transportation planners from WSP share new ideas for active transportation in "
                "smaller communities. Bring staff and council colleagues!": "Des urbanistes en transport de WSP présentent de nouvelles idées de transport "
                "actif pour les petites collectivités. Invitez vos collègues du personnel et du "
                "conseil !",
            },
        )

    def ensure_admin(self):
        """A local admin for the demo; development settings only (DEBUG)."""
        user_model = get_user_model()
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.org", "caucus-demo")
        self.stdout.write(
            "Demo editor: sign in at http://127.0.0.1:8000/admin/ as admin / caucus-demo "
            "(development only)."
        )
