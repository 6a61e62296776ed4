"""The query parameters' serializers bind copies of their declared fields, one set per request
(events.api.params.LanguageParams.get_fields copies them shallowly)."""

from events.api.params import EventListParams


def test_each_request_reads_its_parameters_with_its_own_bound_fields():
    refused = EventListParams(data={"limit": "0", "lang": "de"})
    accepted = EventListParams(data={"limit": "5", "lang": "fr"})

    assert not refused.is_valid()
    assert set(refused.errors) == {"limit", "lang"}
    assert accepted.is_valid(), accepted.errors
    assert (accepted.validated_data["limit"], accepted.validated_data["lang"]) == (5, "fr")
    for name, declared in EventListParams._declared_fields.items():
        assert refused.fields[name] is not declared
        assert accepted.fields[name] is not declared
        assert refused.fields[name] is not accepted.fields[name]
        assert refused.fields[name].parent is refused
        assert accepted.fields[name].parent is accepted
        # The declared fields stay unbound: nothing of one request is left on them.
        assert declared.parent is None and declared.field_name is None
    assert list(accepted.fields["lang"].choices) == ["en", "fr"]
