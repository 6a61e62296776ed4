"""The OpenAPI schema, its docs page, and a schemathesis run of the API against the schema."""

import datetime as dt
import itertools
import json
import re

from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from rest_framework import serializers
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from events.api import examples
from events.api.queries import OCCURRENCE_ID
from events.api.serializers import RemovalSerializer
from events.reads.occurrences import occurrence_id
from portal import tree
from tests.factories import SpeakerFactory, add_speakers, event, series, translate

pytestmark = pytest.mark.django_db


def test_schema_describes_every_v1_endpoint_and_nothing_else(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == [
        "/api/v1/",
        "/api/v1/changes/",
        "/api/v1/chapters/",
        "/api/v1/chapters/{id}/",
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/series/",
        "/api/v1/series/{id}/",
        "/api/v1/speakers/",
        "/api/v1/speakers/{id}/",
        "/api/v1/working-groups/",
        "/api/v1/working-groups/{id}/",
    ]


def has_example(spec):
    return "example" in spec or "examples" in spec or "example" in spec.get("schema", {})


def undocumented_parameters(schema):
    """(where, what is missing) for each parameter of each operation, and how many were seen."""
    missing, seen = [], 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                seen += 1
                where = f"{method.upper()} {path} {parameter['name']}"
                if not parameter.get("description", "").strip():
                    missing.append((where, "description"))
                if not has_example(parameter):
                    missing.append((where, "example"))
    return missing, seen


def property_specs(spec, where):
    """(where, spec) of every property of an object schema, inline nested objects included.

    Referenced components are walked on their own, so a $ref (bare, in allOf or as array
    items) is not followed here.
    """
    for name, prop in spec.get("properties", {}).items():
        here = f"{where}.{name}"
        yield here, prop
        inner = prop.get("items", prop)
        if "properties" in inner and "$ref" not in inner:
            yield from property_specs(inner, here)


def undocumented_properties(schema):
    missing, seen = [], 0
    for name, component in schema["components"]["schemas"].items():
        for where, prop in property_specs(component, name):
            seen += 1
            # Described where it is used: a referenced component's own description says what
            # the component is, not what this property means. drf-spectacular wraps a
            # described $ref in allOf, as a bare $ref's siblings are ignored in OpenAPI 3.0.
            if "$ref" in prop:
                missing.append((where, "a bare $ref cannot be described"))
                continue
            if not prop.get("description", "").strip():
                missing.append((where, "description"))
            if "example" not in prop and "examples" not in prop:
                missing.append((where, "example"))
    return missing, seen


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_every_parameter_has_a_description_and_an_example(schema):
    missing, seen = undocumented_parameters(schema)
    assert missing == []
    assert seen > 30  # every operation's parameters were walked


def test_every_property_of_every_component_has_a_description_and_an_example(schema):
    missing, seen = undocumented_properties(schema)
    assert missing == []
    assert seen > 100
    assert {"Event", "Removal", "EventPage", "Series", "Chapter", "WorkingGroup", "Speaker"} <= set(
        schema["components"]["schemas"]
    )


def test_a_new_field_without_help_text_or_example_fails_the_walk(monkeypatch):
    monkeypatch.setitem(RemovalSerializer._declared_fields, "reason", serializers.CharField())
    monkeypatch.setitem(
        RemovalSerializer._declared_fields, "note", serializers.CharField(help_text="A note.")
    )
    missing, _seen = undocumented_properties(get_schema())
    assert missing == [
        ("Removal.reason", "description"),
        ("Removal.reason", "example"),
        ("Removal.note", "example"),
    ]


def get_schema():
    """The schema as the view serves it, generated in-process."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def test_samples_have_exactly_the_fields_of_their_component(schema):
    """A renamed or removed field leaves no stale example behind."""
    components = schema["components"]["schemas"]
    for name, sample in examples.COMPONENTS.items():
        assert set(sample) == set(components[name]["properties"]), name


def test_examples_use_the_real_id_formats(schema):
    event = schema["components"]["schemas"]["Event"]["properties"]
    assert OCCURRENCE_ID.match(event["id"]["example"])
    assert event["id"]["example"] == occurrence_id(
        examples.SERIES_ID, dt.datetime.fromisoformat(event["recurrence_id"]["example"])
    )
    assert event["uid"]["example"] == event["series"]["example"]["id"]
    assert event["start"]["example"] == "2026-05-18T11:00:00-07:00"
    assert event["timezone"]["example"] == "America/Vancouver"


def example_values(parameter):
    """Every example the schema gives a parameter, at any of the places OpenAPI allows."""
    values = []
    for spec in (parameter, parameter.get("schema", {})):
        if "example" in spec:
            values.append(spec["example"])
        examples_ = spec.get("examples", {})
        values += [e["value"] for e in examples_.values()] if isinstance(examples_, dict) else []
        values += examples_ if isinstance(examples_, list) else []
    return values


def example_requests(schema):
    """(path, query, headers) for every combination of the examples of every operation."""
    for path, operations in schema["paths"].items():
        parameters = operations["get"].get("parameters", [])
        choices = [[(p, v) for v in example_values(p)] for p in parameters]
        for combination in itertools.product(*choices):
            url, query, headers = path, {}, {}
            for parameter, value in combination:
                if parameter["in"] == "path":
                    url = url.replace(f"{{{parameter['name']}}}", str(value))
                elif parameter["in"] == "query":
                    query[parameter["name"]] = value
                else:
                    headers[parameter["name"]] = value
            yield url, query, headers


def test_every_example_in_the_schema_is_a_request_the_api_accepts(client, example_schedule, schema):
    """What a reader of the docs tries first: every documented example value, in every
    combination, answers 200 (the records the examples name exist in example_schedule)."""
    requests = list(example_requests(schema))
    assert len(requests) >= 12  # each of the 11 operations, and both example event ids
    rejected = []
    for path, query, headers in requests:
        response = client.get(path, query, headers=headers)
        if response.status_code != 200:
            rejected.append((path, query, response.status_code, response.content[:200]))
    assert rejected == []


def test_example_ids_are_the_demo_schedules():
    """So the docs' examples work on `make run` too."""
    demo = {
        name: str(tree.key(name))
        for name in (
            "all-caucus-call",
            "bc-meeting",
            "events",
            "chapter-bc",
            "wg-outdoor-rec",
            "speaker-candel",
        )
    }
    assert demo == {
        "all-caucus-call": examples.SERIES_ID,
        "bc-meeting": examples.EVENT_ID,
        "events": examples.NETWORK_ID,
        "chapter-bc": examples.CHAPTER_ID,
        "wg-outdoor-rec": examples.WORKING_GROUP_ID,
        "speaker-candel": examples.SPEAKER_ID,
    }


def test_docs_page_loads_its_assets_from_the_portal(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("drf_spectacular_sidecar" in s for s in sources)
    assert not [s for s in sources if s.startswith(("http://", "https://", "//"))]
    asset = next(s for s in sources if s.endswith("swagger-ui-bundle.js"))
    served = client.get(asset)
    assert served.status_code == 200
    assert b"SwaggerUIBundle" in b"".join(served.streaming_content)
    served.close()


@pytest.fixture
def api_schema(event_index, chapter, working_group, settings):
    """A small real schedule, served by the WSGI application the schema is loaded from."""
    # Hundreds of requests from one address: the throttle is tested elsewhere.
    settings.API_ANON_RATE = "100000/minute"
    talk = event(event_index, title="Bee City")
    translate(talk, "fr", title="Ville abeille", slug="ville-abeille")
    add_speakers(talk, [SpeakerFactory()])
    series(chapter, title="Chapter calls")
    event(working_group, title="Group talk", date_tba=True)
    # The WSGI handler closes "old" database connections at each request's start and end;
    # on PostgreSQL that would close the test's own transaction. Django's test client
    # disconnects the same signals for the same reason.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_api_conforms_to_its_schema(api_schema):
    """Every operation, with generated valid and invalid parameters, answers as documented.

    Bounded and deterministic: a fixed number of examples per operation, derandomized (a fixed
    seed), no example database, no deadline on a shared CI machine. Positive-data acceptance
    is not checked: a schema cannot say that a chapter id must exist or that `end` must
    follow `start`, and those are 400s by design. (schemathesis' lazy pytest fixture does not
    run under pytest 9, hence the explicit loop over operations.)
    """
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 12
    for operation in operations:

        @given(case=operation.as_strategy(GenerationMode.POSITIVE))
        @settings(
            max_examples=25,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()


def test_api_answers_invalid_parameters_without_a_server_error(api_schema):
    """Parameters that break the schema (wrong types, out of range, bad formats) get a
    documented 4xx JSON answer, never a 500. Bounded and derandomized as above."""
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if not operation.query and not operation.path_parameters:
            continue  # nothing to make invalid

        @given(case=operation.as_strategy(GenerationMode.NEGATIVE))
        @settings(
            max_examples=25,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(
                checks=[not_a_server_error, status_code_conformance, content_type_conformance]
            )

        check()
