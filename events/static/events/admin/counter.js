// A character counter under every admin input marked data-character-count="<limit>"
// (events.forms): "12 / 255 characters"; at the limit it says that the rest was not kept.
(function () {
  function attach(input) {
    if (input.dataset.counterReady) return;
    input.dataset.counterReady = "1";
    var limit = parseInt(input.dataset.characterCount, 10);
    var note = document.createElement("p");
    note.className = "help character-count";
    note.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", note);
    function update() {
      var n = input.value.length;
      note.textContent = n + " / " + limit + (n >= limit ? " — the limit: anything longer is not kept." : "");
    }
    input.addEventListener("input", update);
    update();
  }
  function scan() {
    document.querySelectorAll("input[data-character-count]").forEach(attach);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
