"""events.api.renderers: a list whose results are kept as compact JSON text renders to the
bytes DRF's renderer gives for the parsed items, in every layout a client may ask for."""

import datetime as dt
import json

import pytest
from rest_framework.renderers import JSONRenderer as DRFRenderer

from events.api.renderers import JSONRenderer, KeptItems
from events.api.views.events import _compact

ITEMS = [
    {"id": "a", "title": "Appel du réseau\u2028ligne", "speakers": [], "n": 1.5},
    {"id": "b", "title": 'Quote " and "results":[] inside', "url": None},
]
ANSWER = {
    "count": 2,
    "next": 'https://example.org/api/v1/events/?q="results":[]&offset=2',
    "previous": None,
    "results": ITEMS,
    "removed": [],
}


@pytest.mark.parametrize(
    "accepted",
    [None, "application/json", "application/json; indent=4", "application/json; indent=0"],
)
def test_kept_results_render_as_drf_renders_the_items(accepted):
    kept = {**ANSWER, "results": KeptItems(_compact(item) for item in ITEMS)}
    rendered = JSONRenderer().render(kept, accepted, {})
    assert rendered == DRFRenderer().render(ANSWER, accepted, {})
    assert json.loads(rendered) == ANSWER


def test_other_data_is_drfs_to_render():
    for data in (ANSWER, [1, 2], None, {"results": [1]}):
        assert JSONRenderer().render(data, None, {}) == DRFRenderer().render(data, None, {})


@pytest.mark.django_db
def test_an_indented_list_of_kept_events_is_the_same_answer(client, event_index):
    from tests.factories import event

    event(event_index, "Talk", start_date=dt.date(2026, 5, 1))
    url = "/api/v1/events/?start=2026-04-01&end=2026-06-01"
    compact = client.get(url)
    indented = client.get(url, headers={"Accept": "application/json; indent=4"})
    assert compact.status_code == indented.status_code == 200
    assert b"\n    " in indented.content and b"\n" not in compact.content
    assert json.loads(indented.content) == json.loads(compact.content)
    assert [e["title"] for e in compact.json()["results"]] == ["Talk"]
