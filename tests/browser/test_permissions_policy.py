"""The Permissions-Policy header as Chromium reads it: every feature it names is understood and
turned off on the reader pages and in the admin, and what the admin uses stays on."""

import pytest

from tests.browser.conftest import chromium

# live_server serves from another thread: the data must be committed (see test_reader_pages).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# document.featurePolicy: Chromium's view of the policy in force in a document.
ALLOWS = "(feature) => document.featurePolicy.allowsFeature(feature)"


@pytest.mark.parametrize("path", ["/en/", "/admin/login/"])
def test_chromium_understands_the_policy_and_turns_the_features_off(
    live_server, home, settings, path
):
    features = [item.split("=")[0] for item in settings.PERMISSIONS_POLICY.split(", ")]
    with chromium() as context:
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        response = page.goto(live_server.url + path)
        assert response.status == 200
        allowed = {feature: page.evaluate(ALLOWS, feature) for feature in features}
        known = set(page.evaluate("document.featurePolicy.features()"))
        # The admin's copy buttons write to the clipboard.
        clipboard = page.evaluate(ALLOWS, "clipboard-write")
    assert not [text for text in console if "Permissions-Policy" in text], console
    assert set(features) <= known, set(features) - known
    assert not [feature for feature, on in allowed.items() if on]
    assert clipboard
