"""events.domain.choices: the closed vocabularies editors pick from."""

from events.domain import recurrence
from events.domain.choices import (
    CANADIAN_TIMEZONES,
    FREQUENCY_CHOICES,
    is_valid_timezone,
    timezone_choices,
)


def test_frequency_choices_are_the_rules_the_recurrence_module_expands():
    assert [value for value, _label in FREQUENCY_CHOICES] == [
        recurrence.WEEKLY,
        recurrence.MONTHLY_WEEKDAY,
        recurrence.MONTHLY_LAST_WEEKDAY,
        recurrence.MONTHLY_DAY,
    ]


def test_timezone_choices_list_canada_first_then_every_other_zone_once():
    blank, (canada, canadian), (_other, others) = timezone_choices()
    assert blank == ("", "---------")
    assert str(canada) == "Canada"
    assert canadian == list(CANADIAN_TIMEZONES)
    names = [name for name, _label in others]
    assert "Europe/Paris" in names
    assert not {name for name, _label in CANADIAN_TIMEZONES} & set(names)
    assert names == sorted(names)


def test_is_valid_timezone_accepts_iana_names_only():
    assert is_valid_timezone("America/Halifax")
    assert is_valid_timezone("Europe/Paris")
    assert not is_valid_timezone("Pacific time")
    assert not is_valid_timezone("localtime")
    assert not is_valid_timezone("")
