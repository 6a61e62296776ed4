import datetime as dt

import pytest

from events.domain import recurrence
from events.domain.recurrence_text import describe


def rule(frequency="weekly", first=dt.date(2026, 1, 7), **kwargs):
    # 2026-01-07 is a Wednesday; 2026-01-19 the third Monday of January.
    return recurrence.Rule(frequency=frequency, first_date=first, start_time=dt.time(11), **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "english", "french"),
    [
        ({"interval": 1}, "Every Wednesday", "Chaque mercredi"),
        ({"interval": 2}, "Every second Wednesday", "Un mercredi sur deux"),
        ({"interval": 3}, "Every third Wednesday", "Un mercredi sur trois"),
        ({"interval": 4}, "Every 4 weeks on Wednesday", "Toutes les 4 semaines, le mercredi"),
        (
            {"frequency": "monthly_weekday", "first": dt.date(2026, 1, 19)},
            "Monthly on the third Monday",
            "Le troisième lundi de chaque mois",
        ),
        (
            {"frequency": "monthly_weekday", "first": dt.date(2026, 1, 5), "interval": 2},
            "Every second month on the first Monday",
            "Le premier lundi, un mois sur deux",
        ),
        (
            {"frequency": "monthly_last_weekday", "first": dt.date(2026, 1, 30)},
            "Monthly on the last Friday",
            "Le dernier vendredi de chaque mois",
        ),
        (
            {"frequency": "monthly_day", "first": dt.date(2026, 1, 15)},
            "Monthly on day 15",
            "Le 15 de chaque mois",
        ),
        (
            {"frequency": "monthly_day", "first": dt.date(2026, 1, 1), "interval": 3},
            "Every 3 months on the 1st",
            "Le 1er, tous les 3 mois",
        ),
    ],
)
def test_describe_rule_in_english_and_french(kwargs, english, french):
    assert describe(rule(**kwargs), "en") == english
    assert describe(rule(**kwargs), "fr") == french


def test_describe_rule_with_end_date():
    r = rule(interval=2, until=dt.date(2026, 6, 24))
    assert describe(r, "en") == "Every second Wednesday, until June 24, 2026"
    assert describe(r, "fr") == "Un mercredi sur deux, jusqu’au 24 juin 2026"


def test_describe_rule_with_count_uses_plural_forms():
    assert describe(rule(count=1), "en") == "Every Wednesday, 1 time"
    assert describe(rule(count=10), "en") == "Every Wednesday, 10 times"
    assert describe(rule(count=10), "fr") == "Chaque mercredi, 10 fois"


def test_describe_rule_rejects_unknown_frequency():
    with pytest.raises(ValueError, match="unknown frequency"):
        describe(rule(frequency="yearly"), "en")
