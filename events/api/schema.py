"""drf-spectacular hooks: the v1 schema describes /api/v1/ only, with an example per parameter."""

# One place for the examples shown next to every query parameter in the docs.
PARAMETER_EXAMPLES = {
    "start": "2026-05-01",
    "end": "2026-05-31T23:59:59-04:00",
    "chapter": "3f2b8c1e-8a5d-4d8e-9a57-0c1d2e3f4a5b",
    "working_group": "7a1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
    "series": "5b0c1f0e-6a4e-4c61-9f6e-2f7d1f9d1a01",
    "speaker": "0c9d8e7f-6a5b-4c3d-8e1f-2a3b4c5d6e7f",
    "audience": "public",
    "status": "scheduled",
    "q": "heat pumps",
    "updated_since": "2026-04-30T17:00:00Z",
    "lang": "fr",
    "limit": 20,
    "offset": 40,
    "id": "5b0c1f0e-6a4e-4c61-9f6e-2f7d1f9d1a01",
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
                example = PARAMETER_EXAMPLES.get(parameter["name"])
                if example is not None:
                    parameter["example"] = example
    return result
