// redline dashboard: small progressive enhancements (every page also works without script).
// No inline handlers anywhere: the Content-Security-Policy forbids inline script.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // <select class="autosubmit"> submits its form on change (case and language switchers, filters)
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.classList && el.classList.contains("autosubmit") && el.form) {
      if (typeof el.form.requestSubmit === "function") el.form.requestSubmit();
      else el.form.submit();
    }
  });

  // Coding workspace: selecting text inside a provision fills the quote field of its forms.
  document.addEventListener("mouseup", function () {
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed) return;
    var text = sel.toString();
    var node = sel.anchorNode && sel.anchorNode.nodeType === 3 ? sel.anchorNode.parentElement : sel.anchorNode;
    var prov = node && node.closest ? node.closest("[data-provision]") : null;
    if (!prov || !text.trim()) return;
    var fields = prov.querySelectorAll("input[data-quote]");
    for (var i = 0; i < fields.length; i++) fields[i].value = text;
  });

  // Territory slider: show the chosen document's date and title next to the slider while dragging.
  onReady(function () {
    var slider = document.getElementById("doc-slider");
    var out = document.getElementById("doc-slider-label");
    if (!slider || !out) return;
    var labels = JSON.parse(slider.getAttribute("data-labels") || "[]");
    slider.addEventListener("input", function () {
      var i = parseInt(slider.value, 10);
      if (labels[i] !== undefined) out.textContent = labels[i];
    });
  });
})();
