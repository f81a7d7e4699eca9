/* minutebook default theme — full-text search that works from file://.
   The index is loaded by a plain <script src="…/search-index.js"> tag (never
   fetch/XHR), which defines window.MINUTEBOOK_SEARCH as an array of
   {title, href, kind, date, section, text}; href is relative to the site root.
   Every word must match (AND), case and accents are ignored, titles and
   section headings rank above body text. Results are built with DOM nodes and
   textContent only: index text is never parsed as HTML. */
(function search() {
  "use strict";

  var doc = document;
  var MAX_RESULTS = 200;
  var SNIPPET = 180;

  var input = doc.getElementById("search-q");
  var form = doc.getElementById("search-form");
  var list = doc.getElementById("search-results");
  var status = doc.getElementById("search-status");
  if (!input || !list || !status) return;

  // The search page lives at search/index.html: the site root is one up.
  var ROOT = "../";
  /* A large site splits the index: search-index.js then only names its
     shards (window.MINUTEBOOK_SEARCH_SHARDS, paths from the site root), each
     of which sets window.MINUTEBOOK_SEARCH_PARTS[n]. Load them here, by
     script tags, then start again with the whole index. */
  var shards = window.MINUTEBOOK_SEARCH_SHARDS;
  if (!Array.isArray(window.MINUTEBOOK_SEARCH) && Array.isArray(shards)) {
    var pending = shards.length;
    status.textContent = "Loading the search index…";
    shards.forEach(function (src) {
      var tag = doc.createElement("script");
      tag.src = ROOT + src;
      tag.onload = tag.onerror = function () {
        if (--pending > 0) return;
        var parts = window.MINUTEBOOK_SEARCH_PARTS || [];
        window.MINUTEBOOK_SEARCH = [].concat.apply([], shards.map(function (_, n) { return parts[n] || []; }));
        search();
      };
      doc.body.appendChild(tag);
    });
    return;
  }
  var raw = window.MINUTEBOOK_SEARCH;
  if (!Array.isArray(raw)) {
    status.textContent = "The search index (search-index.js) could not be loaded.";
    return;
  }

  /* Fold one string for matching and keep, for every folded character, the
     index of the original character it came from, so matches can be
     highlighted in the original text. */
  var COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "’": "'", "‘": "'" };

  function foldChar(ch) {
    var lower = ch.toLowerCase();
    if (SPECIAL[lower]) return SPECIAL[lower];
    if (lower.normalize) lower = lower.normalize("NFD").replace(COMBINING, "");
    return lower;
  }

  function foldMap(s) {
    var out = "";
    var map = [];
    for (var i = 0; i < s.length; i++) {
      var code = s.charCodeAt(i);
      var ch = s.charAt(i);
      var width = 1;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
        ch = s.substr(i, 2);
        width = 2;
      }
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) {
        out += f.charAt(k);
        map.push(i);
      }
      i += width - 1;
    }
    map.push(s.length);
    return { text: out, map: map };
  }

  function fold(s) {
    return foldMap(String(s || "")).text;
  }

  var entries = raw.map(function (e) {
    var title = String(e.title || "");
    var section = String(e.section || "");
    var text = String(e.text || "");
    return {
      title: title,
      section: section,
      text: text,
      kind: String(e.kind || ""),
      date: String(e.date || ""),
      href: String(e.href || ""),
      fTitle: fold(title),
      fSection: fold(section),
      fText: null, // folded lazily
      fKind: fold(e.kind || "")
    };
  });

  function terms(query) {
    return fold(query)
      .split(/\s+/)
      .map(function (t) { return t.replace(/^[^\w.#:-]+|[^\w]+$/g, ""); })
      .filter(function (t) { return t.length > 0; })
      .filter(function (t, i, all) { return all.indexOf(t) === i; });
  }

  function isWordStart(s, i) {
    return i === 0 || /[^0-9a-z]/.test(s.charAt(i - 1));
  }

  function countOf(hay, needle, cap) {
    var n = 0;
    var at = hay.indexOf(needle);
    while (at !== -1 && n < cap) {
      n++;
      at = hay.indexOf(needle, at + needle.length);
    }
    return n;
  }

  function score(entry, words) {
    if (entry.fText === null) entry.fText = fold(entry.text);
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var inTitle = entry.fTitle.indexOf(w);
      var inSection = entry.fSection.indexOf(w);
      var inText = entry.fText.indexOf(w);
      var inKind = entry.fKind.indexOf(w);
      if (inTitle === -1 && inSection === -1 && inText === -1 && inKind === -1) return 0;
      var s = 0;
      if (inTitle !== -1) s += isWordStart(entry.fTitle, inTitle) ? 100 : 60;
      if (inSection !== -1) s += isWordStart(entry.fSection, inSection) ? 50 : 30;
      if (inText !== -1) {
        s += isWordStart(entry.fText, inText) ? 6 : 3;
        s += Math.min(countOf(entry.fText, w, 10), 10);
      }
      if (inKind !== -1) s += 2;
      total += s;
    }
    if (entry.fTitle === words.join(" ")) total += 50;
    return total;
  }

  /* Ranges [start, end) in the original string where any word matches. */
  function matchRanges(s, words) {
    var fm = foldMap(s);
    var ranges = [];
    words.forEach(function (w) {
      var at = fm.text.indexOf(w);
      while (at !== -1) {
        ranges.push([fm.map[at], fm.map[at + w.length - 1] + 1]);
        at = fm.text.indexOf(w, at + w.length);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /* Append s to parent with matches wrapped in <mark>, using text nodes. */
  function appendHighlighted(parent, s, words) {
    var ranges = matchRanges(s, words);
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] > pos) parent.appendChild(doc.createTextNode(s.slice(pos, r[0])));
      var mark = doc.createElement("mark");
      mark.textContent = s.slice(r[0], r[1]);
      parent.appendChild(mark);
      pos = r[1];
    });
    if (pos < s.length) parent.appendChild(doc.createTextNode(s.slice(pos)));
  }

  function snippet(text, words) {
    if (!text) return "";
    var ranges = matchRanges(text, words);
    var start = 0;
    if (ranges.length) {
      start = Math.max(0, ranges[0][0] - Math.floor(SNIPPET / 3));
      // Start at a word boundary.
      if (start > 0) {
        var space = text.indexOf(" ", start);
        if (space !== -1 && space < ranges[0][0]) start = space + 1;
      }
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > start + SNIPPET / 2) end = cut;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function render(query) {
    var words = terms(query);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!words.length) {
      status.textContent = query.trim()
        ? "Type at least one letter or digit."
        : "Type words to search " + entries.length + " pages and sections.";
      return;
    }
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var sc = score(entries[i], words);
      if (sc > 0) hits.push({ entry: entries[i], score: sc, i: i });
    }
    hits.sort(function (a, b) {
      if (b.score !== a.score) return b.score - a.score;
      if (a.entry.date !== b.entry.date) return a.entry.date < b.entry.date ? 1 : -1;
      return a.i - b.i;
    });

    var shown = hits.slice(0, MAX_RESULTS);
    var frag = doc.createDocumentFragment();
    shown.forEach(function (hit) {
      var e = hit.entry;
      var li = doc.createElement("li");
      li.className = "search-result";

      var heading = doc.createElement("p");
      heading.className = "search-result__heading";
      var a = doc.createElement("a");
      a.className = "search-result__link";
      a.href = ROOT + e.href;
      appendHighlighted(a, e.title || e.href, words);
      if (e.section && e.section !== e.title) {
        var sec = doc.createElement("span");
        sec.className = "search-result__section";
        sec.appendChild(doc.createTextNode(" › "));
        appendHighlighted(sec, e.section, words);
        a.appendChild(sec);
      }
      heading.appendChild(a);
      li.appendChild(heading);

      var meta = doc.createElement("p");
      meta.className = "search-result__meta";
      if (e.kind) {
        var kind = doc.createElement("span");
        kind.className = "search-result__kind";
        kind.textContent = e.kind;
        meta.appendChild(kind);
      }
      if (e.date) {
        if (e.kind) meta.appendChild(doc.createTextNode(" · "));
        var time = doc.createElement("time");
        time.dateTime = e.date;
        time.textContent = e.date;
        meta.appendChild(time);
      }
      if (meta.firstChild) li.appendChild(meta);

      var snip = snippet(e.text, words);
      if (snip) {
        var p = doc.createElement("p");
        p.className = "search-result__snippet";
        appendHighlighted(p, snip, words);
        li.appendChild(p);
      }
      frag.appendChild(li);
    });
    list.appendChild(frag);

    var q = "“" + query.trim() + "”";
    if (!hits.length) {
      status.textContent = "No results for " + q + ". Every word must match: try fewer words.";
    } else if (hits.length > shown.length) {
      status.textContent = hits.length + " results for " + q + "; showing the best " + shown.length + ".";
    } else {
      status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for " + q + ".";
    }
  }

  function updateUrl(query) {
    try {
      var url = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "") + window.location.hash;
      window.history.replaceState(null, "", url);
    } catch (e) { /* some browsers refuse on file://: the search still works */ }
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      render(input.value);
      updateUrl(input.value.trim());
    }, 120);
  });
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      render(input.value);
      updateUrl(input.value.trim());
    });
  }

  var initial = "";
  try {
    initial = new URLSearchParams(window.location.search).get("q") || "";
  } catch (e) {
    var m = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (m) {
      try { initial = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e2) { initial = ""; }
    }
  }
  input.value = initial;
  render(initial);
  if (!initial) input.focus();
})();
