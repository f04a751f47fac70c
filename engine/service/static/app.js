// The web map of zoning serve: zones, schools and the zoned area drawn as
// inline SVG in Web Mercator (optional slippy-map tiles underneath), an
// address search, school figures on click, and the planner's what-if.
// No library, no network beyond the server (and the tile URL if one is set).
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("map");
  const g = {};
  for (const id of ["tiles", "area", "zones", "schools", "marker"]) g[id] = document.getElementById(id);
  const state = { level: "", levels: [], schools: [], byId: {}, zones: {}, view: null, full: null, token: "", tiles: "", hl: [] };
  window.zoningMap = state;

  function el(tag, attrs, ...kids) {
    const e = tag.startsWith("svg:") ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    for (const c of kids) e.append(c);
    return e;
  }
  const fmtPct = (v) => (v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%");
  const fmtM = (v) => (v === null || v === undefined ? "—" : Math.round(v).toLocaleString("zh-CN") + " 米");
  async function getJSON(url, opt) {
    const r = await fetch(url, opt);
    const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
    if (!r.ok) { const e = new Error(body.error || "HTTP " + r.status); e.status = r.status; e.body = body; throw e; }
    return body;
  }

  // Web Mercator: [lon, lat] → world units of 256 at zoom 0.
  function proj(p) {
    const lat = Math.max(-85, Math.min(85, p[1])) * Math.PI / 180;
    return [(p[0] + 180) / 360 * 256, (1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * 256];
  }
  function unproj(x, y) {
    const lon = x / 256 * 360 - 180;
    const n = Math.PI - 2 * Math.PI * y / 256;
    return [lon, 180 / Math.PI * Math.atan(Math.sinh(n))];
  }
  function pathOf(geom) {
    const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
    let d = "";
    for (const poly of polys) for (const ring of poly) {
      ring.forEach((pt, i) => { const [x, y] = proj(pt); d += (i ? "L" : "M") + x.toFixed(5) + " " + y.toFixed(5); });
      d += "Z";
    }
    return d;
  }
  const colour = (k) => "hsl(" + ((k * 137.508) % 360).toFixed(0) + ",62%,52%)";

  // View: x, y, w, h in world units; kept to the element's aspect.
  function setView(v) {
    const r = svg.getBoundingClientRect();
    const aspect = (r.width || 800) / (r.height || 600);
    if (v.w / v.h > aspect) { const h = v.w / aspect; v.y -= (h - v.h) / 2; v.h = h; }
    else { const w = v.h * aspect; v.x -= (w - v.w) / 2; v.w = w; }
    state.view = v;
    svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].join(" "));
    drawSchools();
    drawTiles();
  }
  function unitsPerPx() { const r = svg.getBoundingClientRect(); return state.view.w / (r.width || 800); }
  function zoom(f, cx, cy) {
    const v = state.view;
    if (cx === undefined) { cx = v.x + v.w / 2; cy = v.y + v.h / 2; }
    setView({ x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f, w: v.w * f, h: v.h * f });
  }
  function toWorld(ev) {
    const r = svg.getBoundingClientRect(), v = state.view;
    return [v.x + (ev.clientX - r.left) / r.width * v.w, v.y + (ev.clientY - r.top) / r.height * v.h];
  }

  function drawTiles() {
    g.tiles.replaceChildren();
    if (!state.tiles || !state.view) return;
    const v = state.view;
    const z = Math.max(0, Math.min(19, Math.round(Math.log2(1 / unitsPerPx()))));
    const size = 256 / 2 ** z, n = 2 ** z;
    for (let tx = Math.floor(v.x / size); tx * size < v.x + v.w; tx++) {
      for (let ty = Math.max(0, Math.floor(v.y / size)); ty * size < v.y + v.h && ty < n; ty++) {
        const url = state.tiles.replace("{z}", z).replace("{x}", ((tx % n) + n) % n).replace("{y}", ty);
        g.tiles.append(el("svg:image", { href: url, x: tx * size, y: ty * size, width: size, height: size }));
      }
    }
  }

  function section(s) { return s.levels.find((l) => l.level === state.level); }
  function drawSchools() {
    g.schools.replaceChildren();
    if (!state.view) return;
    const k = unitsPerPx();
    for (const s of state.schools) {
      const sec = section(s);
      if (!sec) continue;
      const u = sec.utilisation ?? 0;
      const [x, y] = proj(s.location);
      const c = el("svg:circle", { cx: x, cy: y, r: (4 + 10 * Math.sqrt(Math.min(u, 2))) * k, "data-school": s.id,
        class: "school" + (u > 1 ? " over" : "") + (state.hl.includes(s.id) ? " hl" : "") });
      c.append(el("svg:title", {}, s.name + "：入学 " + sec.entrants + " / 学位 " + sec.intake_capacity + "（" + fmtPct(sec.utilisation) + "）"));
      c.addEventListener("click", (ev) => { ev.stopPropagation(); showSchool(s.id); });
      g.schools.append(c);
    }
  }

  async function drawZones() {
    if (!state.zones[state.level]) state.zones[state.level] = await getJSON("/api/v1/zones?level=" + encodeURIComponent(state.level));
    g.zones.replaceChildren();
    for (const f of state.zones[state.level].features) {
      const p = f.properties;
      const path = el("svg:path", { d: pathOf(f.geometry), class: "zone" + (state.hl.includes(p.school_id) ? " hl" : ""),
        fill: colour(p.colour), "data-school": p.school_id });
      path.append(el("svg:title", {}, p.name + (p.zone_id ? "（多校划片 " + p.zone_id + "）" : "") + " 片区"));
      path.addEventListener("click", (ev) => { if (!pickMode(ev)) showSchool(p.school_id, p.zone_id); });
      g.zones.append(path);
    }
    drawSchools();
  }

  function showSchool(id, zoneId) {
    const s = state.byId[id];
    if (!s) return;
    const box = document.getElementById("info");
    const rows = [];
    for (const l of s.levels) {
      const name = (state.levels.find((x) => x.level === l.level) || {}).name || l.level;
      rows.push(el("tr", {}, el("th", { colspan: 2 }, name + (l.level === state.level && zoneId ? "（多校划片 " + zoneId + "）" : ""))));
      for (const [k, v] of [["入学新生", l.entrants], ["起始年级学位", l.intake_capacity], ["学位使用率", fmtPct(l.utilisation)],
        ["片区内入学", l.zoned], ["在校生", l.students], ["班级数", l.classes], ["新生平均距离", fmtM(l.mean_distance_m)]]) {
        rows.push(el("tr", {}, el("td", {}, k), el("td", { class: "n" }, String(v))));
      }
    }
    box.replaceChildren(el("h2", { id: "info-name" }, s.name), el("table", { id: "info-table" }, ...rows));
  }

  function highlight(ids) {
    state.hl = ids;
    for (const p of g.zones.children) p.classList.toggle("hl", ids.includes(p.dataset.school));
    drawSchools();
  }

  async function search(q) {
    const box = document.getElementById("answer");
    box.replaceChildren(el("p", { class: "hint" }, "查询中…"));
    let m;
    try {
      m = await getJSON("/api/v1/lookup?address=" + encodeURIComponent(q));
    } catch (e) {
      const kids = [el("p", { class: "err" }, e.message)];
      const cands = (e.body && e.body.match && e.body.match.candidates) || [];
      if (cands.length) {
        const ul = el("ul", {});
        for (const c of cands) {
          const a = el("a", { href: "#" }, c.address);
          a.addEventListener("click", (ev) => { ev.preventDefault(); document.getElementById("address").value = c.address; search(c.address); });
          ul.append(el("li", {}, a));
        }
        kids.push(el("p", {}, "您是否要找："), ul);
      }
      box.replaceChildren(...kids);
      highlight([]);
      return;
    }
    const kids = [el("h2", { id: "answer-place" }, m.address || m.query)];
    if (m.match === "fuzzy") kids.push(el("p", { class: "hint" }, "近似匹配（" + (m.score * 100).toFixed(0) + "%），请核对地址。"));
    const ids = [];
    for (const l of (m.answer && m.answer.levels) || []) {
      const names = l.schools.map((s) => s.name + (s.distance_m != null ? "（约 " + fmtM(s.distance_m) + "）" : "")).join("、");
      kids.push(el("p", { class: "answer-level", "data-level": l.level }, el("b", {}, l.level_name + "："), names + (l.zone_id ? "（多校划片，摇号入学）" : "")));
      if (l.split) kids.push(el("p", { class: "hint" }, "该地点跨片区，请向教育局确认。"));
      if (l.notice) kids.push(el("details", {}, el("summary", { class: "hint" }, "片区范围"), el("p", { class: "hint" }, l.notice)));
      if (l.level === state.level) ids.push(...l.schools.map((s) => s.school_id));
    }
    box.replaceChildren(...kids);
    highlight(ids);
    // The answer has no point (never a home's location): mark the school.
    g.marker.replaceChildren();
    if (ids.length && state.byId[ids[0]]) showSchool(ids[0]);
  }

  // Planner mode.
  function pickMode(ev) {
    if (!state.token) return false;
    const [x, y] = toWorld(ev);
    const [lon, lat] = unproj(x, y);
    document.getElementById("wi-lon").value = lon.toFixed(6);
    document.getElementById("wi-lat").value = lat.toFixed(6);
    g.marker.replaceChildren(el("svg:circle", { cx: x, cy: y, r: 5 * unitsPerPx(), class: "pick" }));
    return true;
  }
  function fillSchools() {
    const sel = document.getElementById("wi-school");
    sel.replaceChildren(...state.schools.filter(section).map((s) => el("option", { value: s.id }, s.name)));
  }
  async function whatIf() {
    const out = document.getElementById("wi-result");
    const body = { level: state.level, lon: parseFloat(document.getElementById("wi-lon").value),
      lat: parseFloat(document.getElementById("wi-lat").value), school_id: document.getElementById("wi-school").value };
    let a;
    try {
      a = await getJSON("/api/v1/planner/whatif", { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + state.token }, body: JSON.stringify(body) });
    } catch (e) {
      out.replaceChildren(el("p", { class: "err", id: "wi-error" }, e.message));
      if (e.status === 401) { state.token = ""; document.getElementById("whatif").hidden = true; document.getElementById("tokenform").hidden = false; svg.classList.remove("picking"); }
      return;
    }
    const row = (k, b, c, f, id) => el("tr", id ? { id } : {}, el("td", {}, k), el("td", { class: "n" }, f(b)), el("td", { class: "n" + (c > b ? " up" : c < b ? " down" : "") }, f(c)));
    const rows = [el("tr", {}, el("th", {}, ""), el("th", {}, "调整前"), el("th", {}, "调整后"))];
    const num = (v) => String(v);
    if (a.from) rows.push(row("调出 " + a.from.names.join("、") + " 使用率", a.from.use_before, a.from.use_after, fmtPct, "wi-from"));
    rows.push(row("调入 " + a.to.names.join("、") + " 使用率", a.to.use_before, a.to.use_after, fmtPct, "wi-to"));
    rows.push(row("调入学校片区新生", a.to.load_before, a.to.load_after, num, "wi-to-load"));
    rows.push(row("片区内可入学比例", a.before.zoned_ratio, a.after.zoned_ratio, fmtPct, "wi-zoned"));
    rows.push(row("平均距离", a.before.mean_distance_m, a.after.mean_distance_m, fmtM, "wi-dist"));
    rows.push(row("超出学位人数", a.before.over_capacity, a.after.over_capacity, num, "wi-over"));
    out.replaceChildren(
      el("h2", { id: "wi-title" }, "试算：" + a.unit_name),
      el("p", {}, "调动新生 ", el("b", { id: "wi-moved" }, String(a.children_moved)), " 人" + (a.locked ? "（该单元已被锁定）" : "") + "；未保存。"),
      el("table", {}, ...rows));
  }

  async function setLevel(l) {
    state.level = l;
    for (const b of document.getElementById("levels").children) b.classList.toggle("on", b.dataset.level === l);
    state.hl = [];
    await drawZones();
    fillSchools();
  }

  async function start() {
    const [cfg, schools, area] = await Promise.all([getJSON("/api/v1/web"), getJSON("/api/v1/schools"), getJSON("/api/v1/area")]);
    document.getElementById("title").textContent = cfg.county + " " + cfg.year + " 年义务教育招生片区";
    document.title = document.getElementById("title").textContent;
    state.levels = cfg.levels; state.tiles = cfg.tiles || ""; state.schools = schools;
    for (const s of schools) state.byId[s.id] = s;
    if (!cfg.planner) document.getElementById("planner").hidden = true;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const grow = (pt) => { const [x, y] = proj(pt); x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); };
    for (const f of area.features) {
      g.area.append(el("svg:path", { d: pathOf(f.geometry), class: "area" }));
      const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const p of polys) for (const r of p) r.forEach(grow);
    }
    schools.forEach((s) => grow(s.location));
    const pad = Math.max(x1 - x0, y1 - y0) * 0.03;
    state.full = { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
    setView({ ...state.full });
    const lv = document.getElementById("levels");
    for (const l of cfg.levels) {
      const b = el("button", { type: "button", "data-level": l.level }, l.name);
      b.addEventListener("click", () => setLevel(l.level));
      lv.append(b);
    }
    await setLevel(cfg.levels.length ? cfg.levels[0].level : "");
    document.body.dataset.ready = "1";
  }

  document.getElementById("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("address").value.trim();
    if (q) search(q);
  });
  document.getElementById("tokenform").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const tok = document.getElementById("token").value;
    if (!/^[\x21-\x7e]+$/.test(tok)) {
      document.getElementById("wi-result").replaceChildren(el("p", { class: "err" }, "令牌只含 ASCII 可见字符"));
      return;
    }
    state.token = tok;
    document.getElementById("tokenform").hidden = true;
    document.getElementById("whatif").hidden = false;
    svg.classList.add("picking");
    document.getElementById("wi-result").replaceChildren();
  });
  document.getElementById("whatif").addEventListener("submit", (ev) => { ev.preventDefault(); whatIf(); });
  document.getElementById("zin").addEventListener("click", () => zoom(0.6));
  document.getElementById("zout").addEventListener("click", () => zoom(1 / 0.6));
  document.getElementById("zfit").addEventListener("click", () => setView({ ...state.full }));
  document.getElementById("ztown").addEventListener("click", () => {
    // The schools' extent: the towns, where most zones are small.
    const pts = state.schools.filter(section).map((s) => proj(s.location));
    if (!pts.length) return;
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const pad = Math.max(x1 - x0, y1 - y0) * 0.08 + 1e-4;
    setView({ x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad });
  });
  svg.addEventListener("wheel", (ev) => { ev.preventDefault(); const [x, y] = toWorld(ev); zoom(ev.deltaY > 0 ? 1.25 : 0.8, x, y); }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, v: { ...state.view }, moved: false }; });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (!drag.moved) return;
    const k = unitsPerPx();
    state.view = { ...drag.v, x: drag.v.x - dx * k, y: drag.v.y - dy * k };
    svg.setAttribute("viewBox", [state.view.x, state.view.y, state.view.w, state.view.h].join(" "));
  });
  svg.addEventListener("pointerup", () => { if (drag && drag.moved) { drawTiles(); } drag = null; });
  svg.addEventListener("click", (ev) => { if (ev.target === svg || ev.target.closest("#area")) pickMode(ev); });
  window.addEventListener("resize", () => state.view && setView({ ...state.view }));
  start().catch((e) => {
    document.getElementById("answer").replaceChildren(el("p", { class: "err" }, "地图数据加载失败：" + e.message));
    document.body.dataset.ready = "error";
  });
})();
