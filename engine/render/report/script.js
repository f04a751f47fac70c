// Level tabs and map pan/zoom. The page reads fully without this script.
(function () {
  "use strict";
  document.documentElement.className += " js";

  document.querySelectorAll(".tabs").forEach(function (tabs) {
    var sec = tabs.parentNode;
    tabs.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-tab]");
      if (!b) return;
      tabs.querySelectorAll("button").forEach(function (x) { x.classList.toggle("active", x === b); });
      sec.querySelectorAll(".panel").forEach(function (p) { p.classList.toggle("active", p.dataset.panel === b.dataset.tab); });
    });
  });

  function nice(x) { // largest 1, 2 or 5 × 10^n not above x
    var p = Math.pow(10, Math.floor(Math.log10(x)));
    return x >= 5 * p ? 5 * p : x >= 2 * p ? 2 * p : p;
  }
  function label(m) { return m < 1000 ? m + " m" : (m / 1000) + " km"; }

  document.querySelectorAll("svg.map").forEach(function (svg) {
    var zoom = svg.querySelector("g.zoom"), k = parseFloat(svg.dataset.k);
    var W = svg.viewBox.baseVal.width;
    var s = 1, tx = 0, ty = 0, drag = null;
    var bar = svg.querySelector(".scale line"), ends = svg.querySelectorAll(".scale .tick"), txt = svg.querySelector(".scale text");
    function apply() {
      zoom.setAttribute("transform", "translate(" + tx + " " + ty + ") scale(" + s + ")");
      svg.querySelectorAll("g.mk > g.s").forEach(function (g) { g.setAttribute("transform", "scale(" + (1 / s) + ")"); });
      svg.classList.toggle("zoomed", s >= 2.5);
      var L = nice(0.25 * W / (k * s)), px = L * k * s;
      bar.setAttribute("x2", px); ends[1].setAttribute("x1", px); ends[1].setAttribute("x2", px);
      txt.textContent = label(L);
    }
    function pt(e) {
      var p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY;
      return p.matrixTransform(svg.getScreenCTM().inverse());
    }
    function zoomAt(f, x, y) {
      var n = Math.min(64, Math.max(1, s * f)); f = n / s;
      tx = x - (x - tx) * f; ty = y - (y - ty) * f; s = n;
      if (s === 1) { tx = 0; ty = 0; }
      apply();
    }
    svg.addEventListener("wheel", function (e) {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      var p = pt(e); zoomAt(e.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
    }, { passive: false });
    svg.addEventListener("dblclick", function (e) { e.preventDefault(); var p = pt(e); zoomAt(e.shiftKey ? 0.5 : 2, p.x, p.y); });
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      drag = { p: pt(e), tx: tx, ty: ty }; svg.setPointerCapture(e.pointerId); svg.classList.add("dragging");
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var p = pt(e); tx = drag.tx + p.x - drag.p.x; ty = drag.ty + p.y - drag.p.y; apply();
    });
    function end() { drag = null; svg.classList.remove("dragging"); }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    var ctl = svg.parentNode.querySelector(".mapctl");
    if (ctl) ctl.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-zoom]"), vb = svg.viewBox.baseVal;
      if (!b) return;
      if (b.dataset.zoom === "reset") { s = 1; tx = 0; ty = 0; apply(); return; }
      zoomAt(b.dataset.zoom === "in" ? 2 : 0.5, vb.width / 2, vb.height / 2);
    });
  });
})();
