"""drf-spectacular hooks: the v1 schema describes /api/v1/ only, with an example for every
parameter and every property (the samples live in events.api.examples)."""

from events.api import examples

# One place for the examples shown next to every query parameter in the docs; a parameter
# given its own examples (OpenApiParameter(examples=...)) keeps them.
PARAMETER_EXAMPLES = {
    "start": "2026-05-01",
    "end": "2026-05-31T23:59:59-04:00",
    "chapter": examples.CHAPTER_ID,
    "working_group": examples.WORKING_GROUP_ID,
    "series": examples.SERIES_ID,
    "speaker": examples.SPEAKER_ID,
    "audience": "elected_officials",
    "status": "scheduled",
    "q": "heat pumps",
    "updated_since": "2026-04-30T17:00:00Z",
    "lang": "fr",
    "limit": 20,
    "offset": 40,
    "Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5",
}


def only_v1(endpoints, **kwargs):
    """Drop Wagtail's content API and wagtail-localize's admin API from the schema."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def parameter_examples(result, **kwargs):
    """Give every parameter of every operation its example."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if "examples" in parameter:
                    continue
                example = PARAMETER_EXAMPLES.get(parameter["name"])
                if example is not None:
                    parameter["example"] = example
    return result


def property_examples(result, **kwargs):
    """Give every property of every component the value its sample record has.

    A property missing from the samples is left without one, which the schema test reports.
    """
    schemas = result.get("components", {}).get("schemas", {})
    for name, sample in examples.COMPONENTS.items():
        for prop, spec in schemas.get(name, {}).get("properties", {}).items():
            if prop in sample:
                spec["example"] = sample[prop]
    return result
