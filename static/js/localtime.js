/* Adds the reader's own local time after an event time when the reader's zone shows a
   different clock time than every zone already printed (progressive enhancement: without
   JavaScript the server's Pacific/Eastern/event-zone times stand on their own). */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  var readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!readerZone) { return; }
  var lang = (document.documentElement.lang || "en") + "-CA";

  function wallClock(instant, zone) {
    // The same instant as a date and clock time in `zone`, for comparison only.
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).format(instant);
  }

  var times = document.querySelectorAll("time.js-localtime[datetime]");
  Array.prototype.forEach.call(times, function (el) {
    var instant = new Date(el.getAttribute("datetime"));
    if (isNaN(instant.getTime())) { return; }
    var zones = (el.getAttribute("data-zones") || "").split(" ").filter(Boolean);
    var mine = wallClock(instant, readerZone);
    var shown = zones.some(function (zone) {
      try { return wallClock(instant, zone) === mine; } catch (e) { return false; }
    });
    if (shown) { return; }
    var text = new Intl.DateTimeFormat(lang, {
      weekday: "short", month: "short", day: "numeric",
      hour: "numeric", minute: "2-digit", timeZoneName: "short"
    }).format(instant);
    var span = document.createElement("span");
    span.className = "reader-time";
    // The label is a translated pattern ("Your time: {time}" / "Votre heure : {time}").
    var label = el.getAttribute("data-label") || "{time}";
    span.textContent = " · " + label.replace("{time}", text);
    el.appendChild(span);
  });
}());
