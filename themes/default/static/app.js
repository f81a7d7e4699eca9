/* minutebook default theme — progressive enhancement only.
   Every page is complete without this script. It adds:
   - the theme button (dark or light, remembered),
   - the mobile navigation toggle,
   - sortable tables (th[data-sort] inside table[data-sortable]),
   - filters for the action register (form#action-filters),
   - the print button of the board report.
   No framework, no network access: works from file://. */
(function () {
  "use strict";

  var doc = document;
  doc.documentElement.classList.add("js");

  /* ----------------------------------------------------------------- theme
     The stylesheet follows prefers-color-scheme by itself. A choice made
     with the header's button is html[data-theme] and is kept in
     localStorage, set here in the head, before the page is drawn, so that a
     remembered theme never flashes. Where storage is refused (some browsers
     on file://, private windows) the choice lasts for the page only. */
  var THEME_KEY = "minutebook-theme";
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function storedTheme() {
    try {
      var v = window.localStorage.getItem(THEME_KEY);
      return v === "dark" || v === "light" ? v : null;
    } catch (e) { return null; }
  }

  function storeTheme(v) {
    try { window.localStorage.setItem(THEME_KEY, v); } catch (e) { /* not kept */ }
  }

  function currentTheme() {
    var set = doc.documentElement.getAttribute("data-theme");
    if (set === "dark" || set === "light") return set;
    return darkQuery && darkQuery.matches ? "dark" : "light";
  }

  /* The color-scheme meta tag says "light dark" (follow the system); a
     chosen theme narrows it so that form controls and scroll bars match. */
  function applyTheme(v) {
    doc.documentElement.setAttribute("data-theme", v);
    var meta = doc.querySelector('meta[name="color-scheme"]');
    if (meta) meta.setAttribute("content", v);
  }

  (function () {
    var v = storedTheme();
    if (v) applyTheme(v);
  })();

  // The header's two buttons only work with this script, so the script
  // makes them (a theme may write its own; one that exists is used): a
  // page without scripts carries no dead controls, and the 400 bytes they
  // took stay out of every one of a large site's 90,000 pages.
  function toolButton(cls, inner, attrs) {
    var existing = doc.querySelector("." + cls);
    if (existing) return existing;
    var tools = doc.querySelector(".site-header__tools");
    if (!tools) return null;
    var button = doc.createElement("button");
    button.className = cls;
    button.type = "button";
    Object.keys(attrs).forEach(function (k) { button.setAttribute(k, attrs[k]); });
    button.innerHTML = inner;
    tools.appendChild(button);
    return button;
  }

  function setupTheme() {
    var button = toolButton("theme-toggle",
      '<span class="theme-toggle__icon" aria-hidden="true">\u25d0</span><span class="theme-toggle__label">Dark theme</span>',
      { "aria-pressed": "false" });
    if (!button) return;
    function show() {
      button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false");
    }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      applyTheme(next);
      storeTheme(next);
      show();
    });
    if (darkQuery) {
      var changed = function () { show(); };
      if (darkQuery.addEventListener) darkQuery.addEventListener("change", changed);
      else if (darkQuery.addListener) darkQuery.addListener(changed);
    }
  }

  function ready(fn) {
    if (doc.readyState === "loading") {
      doc.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  /* ------------------------------------------------------------ nav toggle */
  function setupNav() {
    var nav = doc.getElementById("site-nav");
    if (!nav) return;
    var button = toolButton("nav-toggle",
      '<span class="nav-toggle__icon" aria-hidden="true"></span>Menu',
      { "aria-expanded": "false", "aria-controls": "site-nav" });
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    });
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        nav.classList.remove("is-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  /* ------------------------------------------------------- phone cards */
  // Below 640 px a data table shows each row as a card with each cell under
  // its column's name (style.css, "registers on a phone"). The names are the
  // table's own column heads, given to the cells here rather than written
  // into every cell of every page: at 10,000 reviews that was 61 MB of the
  // site. A cell that already has a data-label keeps it; a row's heading
  // (th scope=row) is the card's title and needs none. Without a script the
  // tables stay tables and scroll in their own region.
  function labelCells() {
    var tables = doc.querySelectorAll("table.data:not(.matrix)");
    Array.prototype.forEach.call(tables, function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head) return;
      var labels = [];
      Array.prototype.forEach.call(head.cells, function (th) {
        var text = th.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < (th.colSpan || 1); i++) labels.push(text);
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var col = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = labels[col];
            if (label && cell.tagName === "TD" && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", label);
            }
            col += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("is-labelled");
    });
  }

  /* --------------------------------------------------------------- sorting */
  // A cell's sort key: its data-sort-value when the build wrote one (sizes,
  // states), else in a date column its first <time> (the build writes no
  // copy of a date it already shows; "due 2026-03-31" and "—" sort by the
  // date or last), else its text.
  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort-value");
    if (v === null && type === "date") {
      var t = cell.querySelector("time");
      v = t ? (t.getAttribute("datetime") || t.textContent) : "";
    }
    if (v === null) v = cell.textContent;
    return v.replace(/\s+/g, " ").trim();
  }

  function compareFor(type) {
    if (type === "number") {
      return function (a, b) {
        var x = parseFloat(a.replace(/[^0-9.\-]/g, ""));
        var y = parseFloat(b.replace(/[^0-9.\-]/g, ""));
        var xn = isNaN(x), yn = isNaN(y);
        if (xn && yn) return 0;
        if (xn) return 1;
        if (yn) return -1;
        return x - y;
      };
    }
    if (type === "date") {
      // ISO dates sort as text; empty values go last.
      return function (a, b) {
        if (!a && !b) return 0;
        if (!a) return 1;
        if (!b) return -1;
        return a < b ? -1 : a > b ? 1 : 0;
      };
    }
    var collator = typeof Intl !== "undefined" && Intl.Collator
      ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" })
      : null;
    return function (a, b) {
      if (!a && !b) return 0;
      if (!a) return 1;
      if (!b) return -1;
      return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
    };
  }

  function sortTable(table, th, index) {
    var tbody = table.tBodies[0];
    if (!tbody) return;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var type = th.getAttribute("data-sort") || "text";
    var compare = compareFor(type);
    var rows = Array.prototype.slice.call(tbody.rows);
    var keyed = rows.map(function (row, i) {
      return { row: row, key: cellValue(row, index, type), i: i };
    });
    keyed.sort(function (a, b) {
      var c = compare(a.key, b.key);
      if (c !== 0) {
        // Empty values stay last in both directions.
        if (!a.key || !b.key) return c;
        return ascending ? c : -c;
      }
      return a.i - b.i;
    });
    var frag = doc.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k.row); });
    tbody.appendChild(frag);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (cell !== th) cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var status = table.parentNode.querySelector(".sort-status");
    if (status) {
      status.textContent = "Sorted by " + th.textContent.trim() + ", " + (ascending ? "ascending" : "descending") + ".";
    }
  }

  function setupSorting() {
    var tables = doc.querySelectorAll("table[data-sortable]");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.tHead || !table.tHead.rows.length || !table.tBodies.length) return;
      if (table.tBodies[0].rows.length < 2) return;
      var headers = table.tHead.rows[0].cells;
      var any = false;
      Array.prototype.forEach.call(headers, function (th, index) {
        if (!th.hasAttribute("data-sort")) return;
        any = true;
        var button = doc.createElement("button");
        button.type = "button";
        button.className = "sort-button";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sortTable(table, th, index); });
      });
      if (any) {
        table.classList.add("is-sortable");
        var status = doc.createElement("p");
        status.className = "sort-status visually-hidden";
        status.setAttribute("role", "status");
        table.parentNode.insertBefore(status, table.nextSibling);
        if (table.caption) {
          var hint = doc.createElement("span");
          hint.className = "visually-hidden";
          hint.textContent = " (column headers are buttons that sort the table)";
          table.caption.appendChild(hint);
        }
      }
    });
  }

  /* -------------------------------------------------------- action filters */
  function fold(s) {
    s = String(s || "");
    if (s.normalize) s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return s.toLowerCase();
  }

  function setupFilters() {
    var form = doc.getElementById("action-filters");
    if (!form) return;
    var table = doc.getElementById(form.getAttribute("data-filter-table"));
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = doc.getElementById("filter-count");
    var status = form.elements.status;
    var owner = form.elements.owner;
    var overdue = form.elements.overdue;
    var text = form.elements.text;
    var texts = rows.map(function (row) { return fold(row.textContent); });

    // Start from the query string (?status=open&owner=ciso&overdue=1&q=mfa).
    try {
      var params = new URLSearchParams(window.location.search);
      if (params.get("status") !== null) status.value = params.get("status");
      if (params.get("owner") !== null) owner.value = params.get("owner");
      if (params.get("overdue")) overdue.checked = true;
      if (params.get("q") !== null) text.value = params.get("q");
    } catch (e) { /* old browser: start unfiltered */ }

    function apply() {
      var st = status.value;
      var ow = owner.value;
      var od = overdue.checked;
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var rs = row.getAttribute("data-status");
        var ok = true;
        if (st === "active") ok = rs === "open" || rs === "in-progress";
        else if (st) ok = rs === st;
        if (ok && ow) ok = row.getAttribute("data-owner") === ow;
        if (ok && od) ok = row.getAttribute("data-overdue") === "true";
        if (ok && words.length) {
          for (var w = 0; w < words.length; w++) {
            if (texts[i].indexOf(words[w]) === -1) { ok = false; break; }
          }
        }
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) {
        count.textContent = shown === rows.length
          ? "Showing all " + rows.length + " actions."
          : "Showing " + shown + " of " + rows.length + " actions.";
      }
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  /* ----------------------------------------------------------------- print */
  function setupPrint() {
    var buttons = doc.querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      var holder = button.closest ? button.closest("[hidden]") : null;
      if (holder) holder.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  ready(function () {
    labelCells();
    setupTheme();
    setupNav();
    setupSorting();
    setupFilters();
    setupPrint();
  });
})();
