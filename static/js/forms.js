// A form that came back with errors: focus its error summary (templates/members/includes/
// form_errors.html), so screen readers announce it and the keyboard starts from its links.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
