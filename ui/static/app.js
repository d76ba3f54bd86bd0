// pmkb progressive enhancement: every page works without this file.
(function () {
  "use strict";
  // Sorting applies as soon as a new order is picked.
  document.querySelectorAll("form.sort").forEach(function (form) {
    var sel = form.querySelector("select");
    if (!sel) return;
    form.querySelectorAll(".js-hide").forEach(function (b) { b.hidden = true; });
    sel.addEventListener("change", function () { form.submit(); });
  });
  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var box = document.getElementById("q") || document.getElementById("top-q");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });
})();
