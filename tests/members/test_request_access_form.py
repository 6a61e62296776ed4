"""The request-access form as a reader meets it (issue 12 item 4)."""

import re

from django.utils import translation

import pytest

from members.forms import RequestAccessForm, collation_key

pytestmark = pytest.mark.django_db


def test_no_empty_radio_and_language_defaults_to_the_pages():
    with translation.override("fr"):
        form = RequestAccessForm()
        assert [c[0] for c in form.fields["role"].choices] == ["elected", "staff"]
        assert "" not in [c[0] for c in form.fields["language"].choices]
        assert form["language"].value() == "fr"
    with translation.override("en"):
        assert RequestAccessForm()["language"].value() == "en"


def test_provinces_in_the_page_languages_alphabetical_order():
    with translation.override("fr"):
        labels = [str(label) for code, label in RequestAccessForm().fields["province"].choices][1:]
    assert labels == sorted(labels, key=collation_key)
    # "Île-du-Prince-Édouard" among the I's, "Québec" after "Ontario": not after "Yukon".
    assert labels.index("Île-du-Prince-Édouard") < labels.index("Manitoba")
    assert labels[-1] == "Yukon"
    with translation.override("en"):
        english = [str(label) for code, label in RequestAccessForm().fields["province"].choices][1:]
    assert english[0] == "Alberta" and english.index("Prince Edward Island") > english.index(
        "Ontario"
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_failed_submit_describes_fields_with_ids_that_exist(client, language):
    response = client.post(f"/{language}/account/request-access/", {"email": "nope"})
    html = response.text
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described, "no field is described"
    for value in described:
        for element_id in value.split():
            assert element_id in ids, element_id
    summary = html[html.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    for field_id in ("id_name", "id_email", "id_municipality", "id_province", "id_role_0"):
        assert f'href="#{field_id}"' in summary and field_id in ids, field_id
    assert "js/forms.js" in html


def test_french_form_shows_french_checked_by_default(client):
    html = client.get("/fr/account/request-access/").text
    assert re.search(r'<input type="radio" name="language" value="fr"[^>]*checked', html)
    assert 'value=""' not in html.split('name="role"', 1)[1].split("</fieldset>", 1)[0]
