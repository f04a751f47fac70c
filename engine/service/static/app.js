// The web map of zoning serve, on Leaflet (vendored in vendor/leaflet):
// zones, schools and the zoned area as GeoJSON layers in Web Mercator (no
// background tiles unless the server sets a tile URL), an address search,
// school figures on click, and the planner's what-if. Coordinates from the
// server are GeoJSON [lon, lat] (WGS84); Leaflet's L.LatLng is (lat, lng).
// No network beyond the server (and the tile URL if one is set).
"use strict";
(function () {
  const mapEl = document.getElementById("map");
  const map = L.map(mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, wheelPxPerZoomLevel: 120, preferCanvas: false });
  map.attributionControl.setPrefix("Leaflet");
  // Panes, bottom to top: zoned area, zones, roads and barriers, the
  // planner's feeder lines, schools, the planner's pick.
  const layers = {};
  [["area", 410], ["zones", 420], ["roads", 425], ["feeders", 428], ["schools", 430], ["marker", 440]].forEach(([name, z]) => {
    map.createPane(name).style.zIndex = String(z);
    layers[name] = L.layerGroup([], { pane: name }).addTo(map);
  });
  const state = { level: "", levels: [], schools: [], byId: {}, zones: {}, zoneLayers: {}, full: null, token: "", tiles: "", hl: [], equity: null, map };
  window.zoningMap = state;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
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
  const colour = (k) => "hsl(" + ((k * 137.508) % 360).toFixed(0) + ",62%,52%)";
  // The road layer's style by feature kind (GET /api/v1/web/roads): roads
  // lane, main, expressway; barriers river, canal, motorway, trunk, railway.
  const roadStyles = {
    lane: { color: "#8a8a8a", weight: 0.8, opacity: 0.8 },
    main: { color: "#5a5a5a", weight: 1.8 },
    expressway: { color: "#d7301f", weight: 3 },
    motorway: { color: "#d7301f", weight: 3 },
    trunk: { color: "#b35806", weight: 2.4 },
    river: { color: "#1f6fc0", weight: 3, opacity: 0.85 },
    canal: { color: "#4f9bd9", weight: 1.4 },
    railway: { color: "#111", weight: 2, dashArray: "6 4" },
  };
  const roadWords = { river: "河流", canal: "渠道", motorway: "高速公路", trunk: "国道", railway: "铁路" };
  // drawRoads draws the road layer: the roads without interaction (a
  // click goes to the zone under them), the barriers with their names.
  function drawRoads(fc) {
    const style = (f) => Object.assign({ className: "road road-" + f.properties.kind, fill: false }, roadStyles[f.properties.kind] || roadStyles.lane);
    layers.roads.addLayer(L.geoJSON(fc, { pane: "roads", interactive: false, style, filter: (f) => !f.properties.barrier }));
    layers.roads.addLayer(L.geoJSON(fc, {
      pane: "roads", style, filter: (f) => f.properties.barrier,
      onEachFeature: (f, l) => {
        const p = f.properties;
        l.bindTooltip(tip((p.name || roadWords[p.kind] || p.kind) + "（仅可经桥梁、道口或通道穿越）"), { sticky: true });
      },
    }));
  }
  // [lon, lat] → L.LatLng.
  const ll = (p) => L.latLng(p[1], p[0]);
  // A tooltip of plain text (names are data: never parsed as HTML).
  const tip = (s) => el("span", {}, s);

  function section(s) { return s.levels.find((l) => l.level === state.level); }
  function drawSchools() {
    layers.schools.clearLayers();
    for (const s of state.schools) {
      const sec = section(s);
      if (!sec) continue;
      const u = sec.utilisation ?? 0;
      const over = u > 1, hl = state.hl.includes(s.id);
      const c = L.circleMarker(ll(s.location), { pane: "schools", radius: 4 + 10 * Math.sqrt(Math.min(u, 2)),
        className: "school" + (over ? " over" : "") + (hl ? " hl" : ""),
        color: over ? "#d00" : "#fff", weight: over ? 2 : 1, fillColor: hl ? "#c00" : "#1d4e89", fillOpacity: 0.85 });
      c.bindTooltip(tip(s.name + "：入学 " + sec.entrants + " / 学位 " + sec.intake_capacity + "（" + fmtPct(sec.utilisation) + "）"));
      c.on("click", (ev) => { L.DomEvent.stopPropagation(ev); showSchool(s.id); });
      c.addTo(layers.schools);
      const e = c.getElement();
      if (e) e.dataset.school = s.id;
    }
  }

  function zoneStyle(f) {
    const hl = state.hl.includes(f.properties.school_id);
    return { className: "zone", fillColor: colour(f.properties.colour), fillOpacity: hl ? 0.9 : 0.55,
      color: hl ? "#c00" : "#fff", weight: hl ? 3 : 1 };
  }
  async function drawZones() {
    const level = state.level;
    if (!state.zones[level]) state.zones[level] = await getJSON("/api/v1/zones?level=" + encodeURIComponent(level));
    if (!state.zoneLayers[level]) {
      state.zoneLayers[level] = L.geoJSON(state.zones[level], {
        pane: "zones",
        style: zoneStyle,
        onEachFeature: (f, layer) => {
          const p = f.properties;
          layer.bindTooltip(tip(p.name + (p.zone_id ? "（多校划片 " + p.zone_id + "）" : "") + " 片区"), { sticky: true });
          layer.on("click", (ev) => { if (!state.token) showSchool(p.school_id, p.zone_id); else pickMode(ev.latlng); L.DomEvent.stopPropagation(ev); });
          layer.on("add", () => { const e = layer.getElement(); if (e) e.dataset.school = p.school_id; });
        },
      });
    }
    if (level !== state.level) return;
    layers.zones.clearLayers();
    state.zoneLayers[level].setStyle(zoneStyle);
    layers.zones.addLayer(state.zoneLayers[level]);
    markZones();
    drawSchools();
  }
  // markZones sets the zones' hl class (their style follows zoneStyle).
  function markZones() {
    const zl = state.zoneLayers[state.level];
    if (!zl) return;
    zl.eachLayer((layer) => {
      const e = layer.getElement();
      if (e) e.classList.toggle("hl", state.hl.includes(layer.feature.properties.school_id));
    });
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
    const zl = state.zoneLayers[state.level];
    if (zl) zl.setStyle(zoneStyle);
    markZones();
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
      // Each school with the straight distance and, on a county with
      // roads, the walk along them and its time.
      const parts = [el("b", {}, l.level_name + "：")];
      l.schools.forEach((s, i) => {
        if (i) parts.push("、");
        parts.push(s.name);
        const d = [];
        if (s.distance_m != null) d.push("直线约 " + fmtM(s.distance_m));
        if (s.route_m != null) d.push(el("span", { class: "walk" }, "步行 " + fmtM(s.route_m) + (s.walk_min != null ? "，约 " + Math.round(s.walk_min) + " 分钟" : "")));
        if (d.length) { parts.push("（"); d.forEach((x, k) => { if (k) parts.push("，"); parts.push(x); }); parts.push("）"); }
      });
      if (l.zone_id) parts.push("（多校划片，摇号入学）");
      kids.push(el("p", { class: "answer-level", "data-level": l.level }, ...parts));
      if (l.split) kids.push(el("p", { class: "hint" }, "该地点跨片区，请向教育局确认。"));
      if (l.notice) kids.push(el("details", {}, el("summary", { class: "hint" }, "片区范围"), el("p", { class: "hint" }, l.notice)));
      if (l.level === state.level) ids.push(...l.schools.map((s) => s.school_id));
    }
    box.replaceChildren(...kids);
    highlight(ids);
    // The answer has no point (never a home's location): mark the school.
    layers.marker.clearLayers();
    if (ids.length && state.byId[ids[0]]) showSchool(ids[0]);
  }

  // Planner mode.
  // pickMode sets the what-if's lon/lat to a clicked point (L.LatLng,
  // WGS84) in planner mode; false outside it.
  function pickMode(at) {
    if (!state.token) return false;
    const p = at.wrap();
    document.getElementById("wi-lon").value = p.lng.toFixed(6);
    document.getElementById("wi-lat").value = p.lat.toFixed(6);
    layers.marker.clearLayers();
    L.circleMarker(p, { pane: "marker", radius: 5, className: "pick", color: "#000", weight: 1, fillColor: "#f80", fillOpacity: 1, interactive: false }).addTo(layers.marker);
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
      if (e.status === 401) { state.token = ""; document.getElementById("whatif").hidden = true; document.getElementById("tokenform").hidden = false; mapEl.classList.remove("picking"); }
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
    // The feeder lines and the concentration, recomputed by the server
    // (after the plan's, should they still be loading).
    if (state.equityP) await state.equityP;
    if (a.feeders) drawFeeders(a.feeders.after, a.feeders.changed);
    if (state.equity) showEquity(state.equity.levels, { level: a.level, after: a.concentration.after });
    const nch = a.feeders ? a.feeders.changed.length : 0;
    out.replaceChildren(
      el("h2", { id: "wi-title" }, "试算：" + a.unit_name),
      el("p", {}, "调动新生 ", el("b", { id: "wi-moved" }, String(a.children_moved)), " 人" + (a.locked ? "（该单元已被锁定）" : "") + "；未保存。"),
      el("table", {}, ...rows),
      el("p", { class: "hint", id: "wi-feeders" }, a.feeders ? "对口线变化的小学 " + nch + " 所（红线）。" : ""));
  }

  // The planner's equity layer (GET /api/v1/web/equity, and the what-if's
  // feeders and concentration after a move): feeder lines from each
  // primary campus to the junior school it feeds (对口), their width and
  // label the share of the primary zone's entrants living in that junior
  // school's zone; and per level the migrant entrants' concentration.
  const groupWords = { permit: "持居住证随迁子女", other: "无居住证随迁子女", migrant: "随迁子女合计" };
  const fmtIdx = (v) => (v === null || v === undefined ? "—" : v.toFixed(3));
  function drawFeeders(feeders, changed) {
    layers.feeders.clearLayers();
    for (const f of feeders) {
      const j = f.junior_location;
      if (!j || (j[0] === f.location[0] && j[1] === f.location[1])) continue; // none, or the same campus (九年一贯制)
      const ch = changed.includes(f.school_id);
      const line = L.polyline([ll(f.location), ll(j)], { pane: "feeders",
        className: "feeder" + (ch ? " changed" : "") + (f.straddles ? " split" : ""),
        color: ch ? "#c00" : "#6a3d9a", weight: 1.5 + 4 * (f.share ?? 0), opacity: 0.85, dashArray: f.straddles ? "5 4" : null });
      line.bindTooltip(tip(f.name + " → " + f.junior_name + "：片区新生 " + f.entrants + " 人，" + fmtPct(f.share) +
        " 住在对口初中片区内" + (f.straddles ? "（分属多个初中片区）" : "")), { sticky: true });
      line.addTo(layers.feeders);
      L.tooltip({ permanent: true, direction: "center", className: "feeder-share", interactive: false })
        .setLatLng(L.latLngBounds(ll(f.location), ll(j)).getCenter()).setContent(fmtPct(f.share)).addTo(layers.feeders);
      const e = line.getElement();
      if (e) e.dataset.school = f.school_id;
    }
  }
  // showEquity fills the concentration table: each level's and group's
  // dissimilarity index, isolation index and schools above twice the
  // level's share; after a what-if, the moved level's figures before → after.
  function showEquity(levels, moved) {
    const rows = [el("tr", {}, el("th", {}, ""), el("th", {}, "分布差异指数"), el("th", {}, "隔离指数"), el("th", {}, "超两倍学校"))];
    for (const l of levels) {
      const c = l.concentration;
      rows.push(el("tr", {}, el("th", { colspan: 4 }, l.name + (c ? "（新生 " + c.entrants + " 人）" : ""))));
      if (!c) continue;
      const after = moved && moved.level === l.level ? moved.after : null;
      for (const g of c.groups) {
        const a = after ? after.groups.find((x) => x.group === g.group) : null;
        const cell = (k, f) => {
          const b = f(g), v = a ? f(a) : b;
          const td = el("td", { class: "n" + (a && v !== b ? " changed" : ""), id: "eq-" + l.level + "-" + g.group + "-" + k },
            a && v !== b ? b + " → " + v : b);
          return td;
        };
        rows.push(el("tr", {}, el("td", {}, groupWords[g.group] || g.group),
          cell("d", (x) => fmtIdx(x.dissimilarity)), cell("iso", (x) => fmtIdx(x.isolation)),
          cell("over", (x) => String(x.concentrated_schools.length))));
      }
    }
    document.getElementById("eq-table").replaceChildren(...rows);
    document.getElementById("equity").hidden = false;
  }
  async function loadEquity() {
    try {
      state.equity = await getJSON("/api/v1/web/equity");
    } catch (e) {
      document.getElementById("eq-table").replaceChildren(el("tr", {}, el("td", { class: "err" }, e.message)));
      return;
    }
    drawFeeders(state.equity.feeders, []);
    showEquity(state.equity.levels, null);
    document.body.dataset.equity = "1";
  }

  async function setLevel(l) {
    state.level = l;
    for (const b of document.getElementById("levels").children) b.classList.toggle("on", b.dataset.level === l);
    state.hl = [];
    await drawZones();
    fillSchools();
  }

  // fit shows bounds (L.LatLngBounds), padded by a fraction of their size.
  function fit(b, pad) {
    if (b && b.isValid()) map.fitBounds(b.pad(pad), { animate: false });
  }

  async function start() {
    const [cfg, schools, area] = await Promise.all([getJSON("/api/v1/web"), getJSON("/api/v1/schools"), getJSON("/api/v1/area")]);
    document.getElementById("title").textContent = cfg.county + " " + cfg.year + " 年义务教育招生片区";
    document.title = document.getElementById("title").textContent;
    state.levels = cfg.levels; state.tiles = cfg.tiles || ""; state.schools = schools;
    for (const s of schools) state.byId[s.id] = s;
    if (!cfg.planner) document.getElementById("planner").hidden = true;
    if (state.tiles) L.tileLayer(state.tiles, { maxZoom: 19, crossOrigin: false }).addTo(map);
    if (cfg.roads) {
      // Public data, drawn under the schools; the layer control turns it off.
      drawRoads(await getJSON("/api/v1/web/roads"));
      L.control.layers(null, { "道路与障碍（河流、铁路、高速公路、渠道）": layers.roads }, { collapsed: false, position: "topright" }).addTo(map);
    }
    const areaLayer = L.geoJSON(area, { pane: "area", style: { className: "area", color: "#555", weight: 1, dashArray: "4 3", fillColor: "#fff", fillOpacity: 1 } });
    layers.area.addLayer(areaLayer);
    const b = L.latLngBounds([]);
    if (areaLayer.getLayers().length) b.extend(areaLayer.getBounds());
    schools.forEach((s) => b.extend(ll(s.location)));
    state.full = b;
    fit(b, 0.03);
    if (!b.isValid()) map.setView([0, 0], 2);
    const lv = document.getElementById("levels");
    for (const l of cfg.levels) {
      const btn = el("button", { type: "button", "data-level": l.level }, l.name);
      btn.addEventListener("click", () => setLevel(l.level));
      lv.append(btn);
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
    document.getElementById("runform").hidden = false;
    mapEl.classList.add("picking");
    document.getElementById("wi-result").replaceChildren();
    if (!state.equityP) state.equityP = loadEquity();
  });
  document.getElementById("whatif").addEventListener("submit", (ev) => { ev.preventDefault(); whatIf(); });
  // Planner runs: POST /api/v1/planner/runs, poll the status, then download
  // files with the token (a plain link could not send it).
  const auth = () => ({ Authorization: "Bearer " + state.token });
  async function download(url, name) {
    const r = await fetch(url, { headers: auth() });
    if (!r.ok) throw new Error("HTTP " + r.status);
    const a = el("a", { href: URL.createObjectURL(await r.blob()), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }
  async function runJob() {
    const status = document.getElementById("run-status");
    const kind = document.getElementById("run-kind").value;
    const body = { kind };
    const year = parseInt(document.getElementById("run-year").value, 10);
    if (year) body.year = year;
    if (kind !== "simulate") {
      body.objective = document.getElementById("run-objective").value;
      const locks = document.getElementById("run-locks").value;
      if (locks.trim()) body.locks = locks;
    }
    if (kind === "compare") {
      const name = document.getElementById("run-name").value.trim();
      if (name) body.name = name;
    }
    document.getElementById("run-go").disabled = true;
    try {
      let st = await getJSON("/api/v1/planner/runs", { method: "POST", headers: Object.assign({ "Content-Type": "application/json" }, auth()), body: JSON.stringify(body) });
      status.replaceChildren(el("p", {}, "已提交，等待运行……"));
      for (let i = 0; i < 600 && (st.status === "queued" || st.status === "running"); i++) {
        await new Promise((res) => setTimeout(res, 1000));
        st = await getJSON("/api/v1/planner/runs/" + encodeURIComponent(st.id), { headers: auth() });
        status.replaceChildren(el("p", {}, st.status === "running" ? "运行中……" : "排队中……"));
      }
      if (st.status !== "done") {
        status.replaceChildren(el("p", { class: "err" }, "运行未完成：" + (st.error || st.status)));
        return;
      }
      const list = el("ul", { class: "files" });
      const item = (label, url, name) => {
        const b = el("button", { type: "button" }, label);
        b.addEventListener("click", () => download(url, name).catch((e) => status.append(el("p", { class: "err" }, e.message))));
        list.append(el("li", {}, b));
      };
      item("全部输出 outputs.zip", st.zip, "outputs.zip");
      for (const f of st.files || []) item(f.name + "（" + Math.ceil(f.size / 1024) + " KB）", f.url, f.name);
      const notes = el("ul", { class: "notes" });
      for (const n of st.notes || []) notes.append(el("li", {}, n));
      status.replaceChildren(el("p", {}, "完成。"), list, notes);
    } catch (e) {
      // A bad locks text: every problem, one a line (locks:LINE: message).
      const probs = (e.body && e.body.problems) || [];
      const p = el("p", { class: "err" }, "运行失败：" + (probs.length ? "锁定文件有误" : e.message));
      const ul = el("ul", { class: "err" });
      for (const x of probs) ul.append(el("li", {}, x));
      status.replaceChildren(p, ul);
    } finally {
      document.getElementById("run-go").disabled = false;
    }
  }
  document.getElementById("runform").addEventListener("submit", (ev) => { ev.preventDefault(); runJob(); });
  // The fields of the kind: objective and locks for a redraw or a compare,
  // the plan's name for a compare.
  document.getElementById("run-kind").addEventListener("change", (ev) => {
    const kind = ev.target.value;
    document.getElementById("run-name-label").hidden = kind !== "compare";
    document.getElementById("run-locks-label").hidden = kind === "simulate";
    document.getElementById("run-objective").disabled = kind === "simulate";
  });
  document.getElementById("zfit").addEventListener("click", () => fit(state.full, 0.03));
  document.getElementById("ztown").addEventListener("click", () => {
    // The schools' extent: the towns, where most zones are small.
    const pts = state.schools.filter(section).map((s) => ll(s.location));
    if (pts.length) fit(L.latLngBounds(pts), 0.08);
  });
  map.on("click", (ev) => pickMode(ev.latlng));
  start().catch((e) => {
    document.getElementById("answer").replaceChildren(el("p", { class: "err" }, "地图数据加载失败：" + e.message));
    document.body.dataset.ready = "error";
  });
})();
