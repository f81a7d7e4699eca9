/* minutebook default theme — live reload for `minutebook serve` only.
   Listens to Server-Sent Events from the dev server:
   - "reload": reload the page (removes any error overlay);
   - "findings": data is JSON {"errors": N, "text": "..."}; when the last
     build failed, show the findings in an overlay at the top of the page
     (text only, never parsed as HTML), its Hide button at the top. */
(function () {
  "use strict";
  if (typeof EventSource === "undefined") return;

  var OVERLAY_ID = "mb-live-overlay";

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old && old.parentNode) old.parentNode.removeChild(old);
  }

  function showOverlay(errors, text) {
    removeOverlay();
    // The page served while no build has succeeded yet shows the findings
    // itself: no overlay there.
    if (!document.getElementById("main")) return;
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.className = "mb-live-overlay";
    box.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = "minutebook: the last build stopped" +
      (errors ? " with " + errors + (errors === 1 ? " finding that keeps" : " findings that keep") +
        " the site from being built" : "") +
      ". This page shows the last good build.";
    var pre = document.createElement("pre");
    pre.textContent = text || "";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", removeOverlay);
    // The Hide button comes first, in a bar that stays at the top while the
    // findings scroll: a long list never pushes it out of reach.
    var bar = document.createElement("div");
    bar.className = "mb-live-overlay__bar";
    bar.style.display = "flex";
    bar.style.gap = "1rem";
    bar.style.alignItems = "flex-start";
    bar.style.justifyContent = "space-between";
    h.style.flex = "1";
    bar.appendChild(h);
    bar.appendChild(close);
    box.appendChild(bar);
    box.appendChild(pre);
    // Styled by style.css (.mb-live-overlay); these few rules keep it usable
    // even if the stylesheet itself failed to load.
    box.style.position = "fixed";
    box.style.top = "0";
    box.style.left = "0";
    box.style.right = "0";
    box.style.zIndex = "1000";
    box.style.maxHeight = "60vh";
    box.style.overflow = "auto";
    document.body.insertBefore(box, document.body.firstChild);
  }

  var source = new EventSource("/__minutebook/events");

  source.addEventListener("reload", function () {
    removeOverlay();
    window.location.reload();
  });

  source.addEventListener("findings", function (event) {
    var data = {};
    try { data = JSON.parse(event.data); } catch (e) { data = { text: String(event.data || "") }; }
    var errors = Number(data.errors) || 0;
    if (errors > 0) showOverlay(errors, String(data.text || ""));
    else removeOverlay();
  });

  // Servers that send unnamed messages: "reload" or a findings JSON object.
  source.onmessage = function (event) {
    var d = String(event.data || "");
    if (d === "reload") {
      removeOverlay();
      window.location.reload();
      return;
    }
    try {
      var data = JSON.parse(d);
      if (data && typeof data === "object" && "errors" in data) {
        if (Number(data.errors) > 0) showOverlay(Number(data.errors), String(data.text || ""));
        else removeOverlay();
      }
    } catch (e) { /* ignore */ }
  };
})();
