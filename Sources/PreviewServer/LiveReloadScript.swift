/// The browser side of live reload, served by `kb serve` at `/_kb/live.js` (never part of a built site).
/// The page template loads it through the `preview` variable, which only the preview server sets.
enum LiveReloadScript {
    static let source = #"""
// kb serve only: reloads the page when the preview server says it changed (server-sent events) or when it
// reconnects to a restarted server, and closes the problems overlay on request. The server names the pages a change
// affects, or "*" for all of them.
(function () {
  "use strict";
  var script = document.currentScript;
  var events = script && script.getAttribute("data-events");
  var page = script && script.getAttribute("data-page");
  document.addEventListener("click", function (event) {
    if (event.target && event.target.classList && event.target.classList.contains("kb-overlay-close")) {
      var overlay = document.getElementById("kb-overlay");
      if (overlay) overlay.hidden = true;
    }
  });
  if (!events || typeof EventSource === "undefined") return;
  var source = new EventSource(events);
  // After kb serve restarts, the browser reconnects to a new server process: its pages may differ, so reload.
  var server = null;
  source.addEventListener("hello", function (message) {
    if (server !== null && server !== message.data) { source.close(); location.reload(); return; }
    server = message.data;
  });
  source.addEventListener("reload", function (message) {
    var change;
    try { change = JSON.parse(message.data); } catch (e) { return; }
    if (change.pages === "*" || (Array.isArray(change.pages) && change.pages.indexOf(page) >= 0)) {
      source.close();
      location.reload();
    }
  });
})();
"""#
}
