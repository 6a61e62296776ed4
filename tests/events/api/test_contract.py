"""The API's contract, from outside: schemathesis against the portal served on a real port.

The check an outside auditor runs (`st run --checks all <schema URL>`), in the suite: the
schema is loaded from the served portal, and schemathesis' own runner (the engine behind
`st run`) takes every operation through all its phases (the schema's examples; coverage:
boundary, invalid, missing and empty values, unexpected methods; fuzzing of valid and invalid
data; stateful: ids from one answer used in the next request) with every check it has, plus
the project's rule that a 400 names the parameter. (schemathesis' pytest integration,
`schemathesis.pytest.from_fixture`, does not run under pytest 9.2: it sets `node._nodeid`,
which pytest no longer has.)

The rate limit: the throttle stays on as served (events.api.throttling, per client address),
and schemathesis paces itself at the same rate, so that no answer is a 429. An unpaced run
meets 429s, which the checks accept, and then tests nothing; this test fails on any 429. The
rate is raised from the default 300/minute to RATE for this test only, so that its ~750
requests take well under a minute rather than two and a half (CI runs it twice).
"""

import json

import pytest
import schemathesis
import schemathesis.engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

# live_server serves from another thread: the data must be committed, hence a transactional
# database; serialized_rollback restores the migrations' rows (root page, locales) after the
# flush, for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RATE = "1200/minute"
EVENT_LIST = "GET /api/v1/events/"
CHANGE_LIST = "GET /api/v1/changes/"
# What a request the schema allows can still be refused for, by the events list: the schema
# cannot say that a date exists (2026-02-30) and lies within 1900-2199, that `end` follows
# `start` (by default: now) by at most two years, which chapter, working group, series and
# speaker ids exist, or that `q` holds no NUL character. Any other 400 to valid data fails.
CANNOT_BE_SAID = {
    EVENT_LIST: {
        "start",
        "end",
        "updated_since",
        "chapter",
        "working_group",
        "series",
        "speaker",
        "q",
    },
    # The change log: an instant Python can hold, which chapter, working group and series exist.
    CHANGE_LIST: {"updated_since", "chapter", "working_group", "series"},
}
# schemathesis' defaults, plus 400 for the reasons above.
ACCEPTED = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]


@schemathesis.check
def bad_request_names_its_parameters(ctx, response, case):
    """A 400 is a JSON object naming only parameters of the operation; to data the schema
    allows, only parameters whose validity the schema cannot state."""
    if response.status_code != 400:
        return None
    body = json.loads(response.content)
    named = set(body) if isinstance(body, dict) else set()
    documented = {parameter.name for parameter in case.operation.query}
    if not named or not named <= documented:
        raise AssertionError(f"A 400 must name the parameters at fault; it says {body}")
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and not named <= CANNOT_BE_SAID.get(case.operation.label, set()):
        raise AssertionError(f"Valid {sorted(named)} refused: {body}")
    return None


def run(schema):
    """(failures as text, status codes answered) of one schemathesis run."""
    failures, statuses = [], []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            interactions = event.recorder.interactions.values()
            statuses += [i.response.status_code for i in interactions if i.response is not None]
            if event.status in (Status.FAILURE, Status.ERROR):
                failures += [
                    f"{event.label} {event.phase}: {node.failure_info.failure.title}\n"
                    f"{node.failure_info.failure.message}\n{node.failure_info.code_sample}"
                    for nodes in event.recorder.checks.values()
                    for node in nodes
                    if node.failure_info is not None
                ]
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"{type(event).__name__}: {event!r}")
    return failures, statuses


@pytest.fixture
def served_schema(live_server, example_schedule, settings):
    settings.API_ANON_RATE = RATE
    accepted = {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}
    config = SchemathesisConfig.from_dict(
        {
            # Bounded and repeatable: a fixed seed, no example database, no files written.
            "seed": 20260518,
            "cache": {"enabled": False},
            "generation": {
                "max-examples": 10,
                "unique-inputs": True,
                "database": "none",
                "deterministic": True,
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True},
            },
            "checks": {"enabled": True},
            "rate-limit": RATE.replace("minute", "m"),
            # The examples phase keeps the strict default: every example must be accepted.
            "operations": [
                {
                    "include-name": name,
                    "phases": {"coverage": accepted, "fuzzing": accepted, "stateful": accepted},
                }
                for name in (EVENT_LIST, CHANGE_LIST)
            ],
        }
    )
    return schemathesis.openapi.from_url(
        f"{live_server.url}/api/v1/schema/?format=json", config=config
    )


def test_api_keeps_its_contract_from_outside(served_schema):
    failures, statuses = run(served_schema)
    assert not failures, "\n\n".join(failures)
    assert 429 not in statuses
    # Every kind of answer was reached: records found, parameters refused, ids not found, and
    # methods the API does not allow.
    assert {200, 400, 404, 405} <= set(statuses)
    assert len(statuses) > 500
