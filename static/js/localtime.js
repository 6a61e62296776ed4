/* The reader's own time first, above the announced times. Progressive enhancement: without
   JavaScript the event's own, Pacific and Eastern times stand alone.
   A `.js-localtime` block holds the UTC instant (data-start) and its zones (data-zones, the
   event's first). When the reader's zone shows another clock time than the event's, a
   "Your time: …" line goes first. The reader's zone is the device's or the one picked in the
   header; the choice stays in this browser (localStorage), so every reader gets the same
   cached page. Zones are named ("PST", "HNE", "Central European Time"), never "GMT+1". */
(function () {
  "use strict";
  if (!window.Intl || !document.querySelector) { return; }
  var KEY = "portal.timezone";
  var lang = (document.documentElement.lang || "en").split("-")[0];
  var locale = lang + "-CA";
  var deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  var picker = document.querySelector(".zone-picker");
  var select = document.getElementById("zone-picker");
  var blocks = document.querySelectorAll(".js-localtime[data-start]");

  function format(instant, zone, options) {
    options.timeZone = zone;
    return new Intl.DateTimeFormat(locale, options).format(instant);
  }

  function isZone(zone) {
    try { format(new Date(), zone, {}); return true; } catch (e) { return false; }
  }

  function stored() {
    var zone = "";
    try { zone = localStorage.getItem(KEY) || ""; } catch (e) { /* storage blocked */ }
    return isZone(zone) && zone ? zone : "";
  }

  function store(zone) {
    try {
      if (zone) { localStorage.setItem(KEY, zone); } else { localStorage.removeItem(KEY); }
    } catch (e) { /* storage blocked: the choice lasts for this page */ }
  }

  function wallClock(instant, zone) {
    // For comparisons only: "2026-12-02, 11:00".
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).format(instant);
  }

  function zoneName(instant, zone) {
    // The abbreviation if the locale has one (PST, HNE), else the generic name. Where a locale
    // has no abbreviation, CLDR writes an offset ("GMT+1", "UTC−7"): never shown.
    var styles = ["short", "longGeneric", "long"];
    for (var i = 0; i < styles.length; i++) {
      var name = "";
      try {
        new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: styles[i] })
          .formatToParts(instant).forEach(function (part) {
            if (part.type === "timeZoneName") { name = part.value; }
          });
      } catch (e) { name = ""; }
      if (name && !/\d/.test(name)) { return { name: name, abbr: i === 0 }; }
    }
    return { name: zone.split("/").pop().replace(/_/g, " "), abbr: false };
  }

  function clock(instant, zone) {
    var text = format(instant, zone, { hour: "numeric", minute: "2-digit" });
    // Québec style: "9 h", "14 h 30", with no-break spaces inside.
    text = text.replace(/[\s\u202f]/g, " ");
    if (lang === "fr") { text = text.replace(/^0?(\d+) h 00$/, "$1 h").replace(/^0(\d)/, "$1"); }
    return text.replace(/ /g, "\u00a0");
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    el.textContent = text;
    return el;
  }

  function timeElement(text, instant) {
    // No-break spaces keep a date or a time together, also when copied.
    var el = element("time", "", text.replace(/ /g, "\u00a0"));
    el.setAttribute("datetime", instant.toISOString().replace(/\.\d{3}Z$/, "Z"));
    return el;
  }

  function render(readerZone) {
    // A translated pattern: "Your time: {time}" / "Votre heure : {time}".
    var pattern = (picker && picker.getAttribute("data-reader-label")) || "{time}";
    var label = pattern.split("{time}");
    Array.prototype.forEach.call(blocks, function (block) {
      var old = block.querySelector(".reader-time");
      if (old) { block.removeChild(old); }
      block.classList.remove("has-reader-time");
      var instant = new Date(block.getAttribute("data-start"));
      var eventZone = (block.getAttribute("data-zones") || "").split(" ")[0];
      if (isNaN(instant.getTime()) || !isZone(eventZone)) { return; }
      var mine = wallClock(instant, readerZone);
      var theirs = wallClock(instant, eventZone);
      if (mine === theirs) { return; }

      var line = element("span", "reader-time", "");
      line.appendChild(element("span", "reader-label", label[0]));
      if (mine.slice(0, 10) !== theirs.slice(0, 10)) {
        // Another day than the announced one: say which.
        line.appendChild(timeElement(format(instant, readerZone, { weekday: "short", month: "short", day: "numeric" }), instant));
        line.appendChild(document.createTextNode("\u00a0· "));
      }
      var zone = zoneName(instant, readerZone);
      if (zone.abbr) {
        line.appendChild(timeElement(clock(instant, readerZone) + " " + zone.name, instant));
      } else {
        // A long name may go to the next line, apart from the clock time, never inside it.
        line.appendChild(timeElement(clock(instant, readerZone), instant));
        line.appendChild(element("span", "zone-name", " (" + zone.name + ")"));
      }
      if (label[1]) { line.appendChild(document.createTextNode(label[1])); }
      block.insertBefore(line, block.firstChild);
      block.classList.add("has-reader-time");
    });
  }

  function fillPicker(chosen) {
    // The Canadian group comes from the page; every other zone the browser knows follows.
    var groups = select.getElementsByTagName("optgroup");
    var canadian = Array.prototype.map.call(groups[0].getElementsByTagName("option"), function (o) { return o.value; });
    var zones = Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [];
    [chosen, deviceZone].forEach(function (zone) {
      if (zone && zones.indexOf(zone) < 0) { zones = zones.concat([zone]); }
    });
    zones.forEach(function (zone) {
      if (canadian.indexOf(zone) < 0) {
        var option = element("option", "", zone.replace(/_/g, " "));
        option.value = zone;
        groups[groups.length - 1].appendChild(option);
      }
    });
    var device = select.options[0];
    device.textContent += " (" + deviceZone.split("/").pop().replace(/_/g, " ") + ")";
    select.value = chosen;
  }

  var chosen = stored();
  render(chosen || deviceZone);
  if (picker && select && blocks.length) {
    fillPicker(chosen);
    select.addEventListener("change", function () {
      store(select.value);
      render(select.value || deviceZone);
    });
    picker.hidden = false;
  }
}());

// Copy buttons (a feed address, the newsletter's text) and filter panels open on wide screens.
// Without JavaScript the buttons stay hidden and the panels stay folded.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".js-copy"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = "value" in source ? source.value : source.innerText;
      var html = source.getAttribute("data-html") === "true" ? source.innerHTML : null;
      var done = function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (html && window.ClipboardItem) {
        navigator.clipboard.write([new ClipboardItem({
          "text/html": new Blob([html], { type: "text/html" }),
          "text/plain": new Blob([text], { type: "text/plain" })
        })]).then(done);
      } else {
        navigator.clipboard.writeText(text).then(done);
      }
    });
  });
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details.js-open-wide"), function (d) {
      d.open = true;
    });
  }
}());
