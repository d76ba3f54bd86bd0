// pmkb progressive enhancement: every page works without this file.
// It adds search as you type, the talk basket kept in this browser, the
// filters button on narrow screens and sort-on-change. No framework.
(function () {
  "use strict";
  var KEY = "pmkb-selection";

  // --- The talk basket: ids in order, in localStorage. ---
  function basket() {
    try {
      var ids = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (s) { return typeof s === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(s); }) : [];
    } catch (e) { return []; }
  }
  function saveBasket(ids) {
    try { localStorage.setItem(KEY, JSON.stringify(ids)); } catch (e) { /* private mode: the URL still carries it */ }
    paintBasket();
  }
  function selectionURL(ids) { return ids.length ? "/selection?ids=" + ids.join(",") : "/selection"; }
  function paintBasket() {
    var ids = basket();
    var nav = document.getElementById("nav-selection");
    if (nav) {
      nav.href = selectionURL(ids);
      var n = nav.querySelector("[data-basket-count]");
      if (n) n.textContent = ids.length ? "(" + ids.length + ")" : "";
    }
    document.querySelectorAll(".basket-toggle").forEach(function (a) {
      var on = ids.indexOf(a.dataset.id) >= 0;
      a.setAttribute("role", "button");
      a.setAttribute("aria-pressed", on ? "true" : "false");
      a.textContent = on ? a.dataset.remove : a.dataset.add;
      a.classList.toggle("on", on);
    });
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest(".basket-toggle");
    if (!a) return;
    e.preventDefault();
    var ids = basket(), i = ids.indexOf(a.dataset.id);
    if (i >= 0) ids.splice(i, 1); else ids.push(a.dataset.id);
    saveBasket(ids);
  });

  // The selection page: its URL is the truth. After a move or a removal
  // made on it (edit=1), or when the basket is empty, the basket follows
  // it; a shared selection is only adopted on request. With no ids, the
  // page shows the basket.
  var sel = document.getElementById("selection");
  if (sel) {
    var pageIDs = sel.dataset.ids ? sel.dataset.ids.split(",") : [];
    var mine = basket();
    var params = new URLSearchParams(location.search);
    if (!params.has("ids") && !sel.dataset.edit && mine.length) {
      location.replace(selectionURL(mine));
      return;
    }
    if (sel.dataset.edit || !mine.length) {
      saveBasket(pageIDs);
    } else if (pageIDs.join(",") !== mine.join(",")) {
      var adopt = sel.querySelector(".adopt");
      if (adopt) {
        adopt.hidden = false;
        adopt.querySelector("button").addEventListener("click", function () { saveBasket(pageIDs); adopt.hidden = true; });
      }
    }
    var copy = document.getElementById("copy-md"), md = document.getElementById("md");
    if (copy && md && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(md.value).then(function () {
          document.getElementById("copy-status").textContent = "✓";
        });
      });
    }
  }

  // --- Sorting applies as soon as a new order is picked. ---
  function enhanceSort(root) {
    root.querySelectorAll("form.sort .js-hide").forEach(function (b) { b.hidden = true; });
  }
  document.addEventListener("change", function (e) {
    var form = e.target.closest && e.target.closest("form.sort");
    if (form && e.target.tagName === "SELECT") form.submit();
  });

  // --- Filters open from a button on narrow screens. ---
  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest(".filters-toggle");
    if (!t) return;
    e.preventDefault();
    var f = document.getElementById("facets");
    if (!f) return;
    var open = !f.classList.contains("open");
    f.classList.toggle("open", open);
    t.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) f.scrollIntoView({ block: "nearest" });
  });

  // --- Search as you type: debounced, the page itself is the answer. ---
  var form = document.getElementById("search-form"), q = document.getElementById("q");
  var area = document.getElementById("results-area"), live = document.getElementById("live");
  if (form && q && area && window.fetch && window.DOMParser) {
    var timer = 0, ctl = null, last = q.value;
    q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    });
    var run = function () {
      if (q.value === last) return;
      last = q.value;
      var url = "/?" + new URLSearchParams(new FormData(form)).toString();
      if (ctl) ctl.abort();
      ctl = window.AbortController ? new AbortController() : null;
      fetch(url, { signal: ctl ? ctl.signal : undefined, headers: { "Accept": "text/html" } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("results-area");
          if (!fresh) return;
          area.innerHTML = fresh.innerHTML;
          document.title = doc.title;
          history.replaceState(null, "", url);
          var h = document.getElementById("results-heading") || area.querySelector(".alert");
          if (live) live.textContent = h ? h.textContent : "";
          enhanceSort(area);
          paintBasket();
        })
        .catch(function () { /* aborted or offline: the form still submits */ });
    };
  }

  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("q") || document.getElementById("top-q");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });

  enhanceSort(document);
  paintBasket();
})();
