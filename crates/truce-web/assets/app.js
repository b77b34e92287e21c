// truce dashboard: three views over the JSON API (/api/v1). No framework; Chart.js draws.
// The page state lives in the URL query (the permalink): view=record|scenario|games plus the
// slider parameters of GET /api/v1/sliders.
"use strict";

const $ = (id) => document.getElementById(id);
const COLORS = { us: "#1f5fbf", cn: "#c8362f", a: "#2e7d32", b: "#8e6bbf", grey: "#8a93a3" };
const fmt = (v, d = 2) => (v === null || v === undefined || !isFinite(v) ? "–" : Number(v).toFixed(d));
const state = { meta: null, charts: {}, scenario: null, record: null, games: null, gamesSource: null, seq: 0 };
// For tests and curious users: the last answers and chart data.
window.truceDashboard = state;

async function api(path) {
  const t0 = performance.now();
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  let body;
  try { body = await r.json(); } catch (_) { body = { error: `HTTP ${r.status}`, hint: "" }; }
  if (!r.ok) {
    const e = new Error(body.error || `HTTP ${r.status}`);
    e.body = body;
    throw e;
  }
  body._client_ms = performance.now() - t0;
  return body;
}

function setStatus(el, text, isError) {
  el.textContent = text;
  el.classList.toggle("error", !!isError);
}

function errorText(e) {
  const b = e.body || {};
  return `${b.error || e.message}${b.field ? ` [${b.field}]` : ""}${b.hint ? ` — ${b.hint}` : ""}`;
}

// ---------- charts ----------

// Vertical event lines with labels (the record's dated events).
const eventLines = {
  id: "eventLines",
  afterDatasetsDraw(chart, _args, opts) {
    const evs = opts && opts.events;
    if (!evs || !evs.length) return;
    const { ctx, chartArea: a, scales: { x } } = chart;
    ctx.save();
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "left";
    evs.forEach((e, k) => {
      const px = x.getPixelForValue(e.x);
      if (px < a.left || px > a.right) return;
      ctx.strokeStyle = "rgba(60,60,60,0.45)";
      ctx.setLineDash([4, 4]);
      ctx.beginPath(); ctx.moveTo(px, a.top); ctx.lineTo(px, a.bottom); ctx.stroke();
      ctx.setLineDash([]);
      ctx.save();
      ctx.translate(px + 3, a.top + 6 + (k % 2) * 4);
      ctx.rotate(Math.PI / 2);
      // A light box behind the label keeps it readable over the lines.
      const w = ctx.measureText(e.label).width;
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fillRect(-2, -12, w + 4, 15);
      ctx.fillStyle = "#333";
      ctx.fillText(e.label, 0, 0);
      ctx.restore();
    });
    ctx.restore();
  },
};

function yearTick(v) {
  const y = Math.floor(v + 1e-9);
  return Math.abs(v - y) < 1e-6 ? String(y) : "";
}

function makeChart(id, config) {
  if (state.charts[id]) state.charts[id].destroy();
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
  state.charts[id] = new Chart($(id), config);
  return state.charts[id];
}

function barChart(id, title, labels, datasets, yTitle) {
  return makeChart(id, {
    type: "bar",
    data: { labels, datasets },
    options: {
      plugins: { title: { display: true, text: title, font: { size: 14 } }, legend: { position: "bottom" } },
      scales: { y: { title: { display: true, text: yTitle } } },
    },
  });
}

// ---------- meta and tabs ----------

function showView(view, push) {
  for (const v of ["record", "scenario", "games"]) {
    $(`view-${v}`).hidden = v !== view;
    $(`tab-${v}`).setAttribute("aria-selected", String(v === view));
  }
  state.view = view;
  if (push) updateUrl();
  if (view === "record" && !state.record) loadRecord();
  if (view === "scenario" && !state.scenario) solveScenario();
}

async function loadMeta() {
  state.meta = await api("/api/v1/meta");
  const d = state.meta.dataset;
  $("dataset-line").textContent = `Dataset ${d.name}: ${d.description}.${d.stylised ? " A stylised calibration: read orders of magnitude and mechanisms, not forecasts." : ""}`;
  buildSliders();
}

// ---------- record ----------

async function loadRecord() {
  const ref = $("record-ref").value;
  setStatus($("record-status"), "Replaying the record (every dated state solved)…");
  try {
    const r = await api(`/api/v1/record?ref=${ref}`);
    state.record = r;
    drawRecord(r);
    setStatus($("record-status"), `${r.points.length} dated states, solved against the ${r.reference}.`);
  } catch (e) {
    setStatus($("record-status"), errorText(e), true);
  }
}

function stepped(points, key, end) {
  const out = [];
  points.forEach((p, k) => {
    if (k > 0) out.push({ x: p.x, y: points[k - 1][key] });
    out.push({ x: p.x, y: p[key] });
  });
  if (points.length) out.push({ x: end, y: points[points.length - 1][key] });
  return out;
}

function drawRecord(r) {
  const pts = r.points;
  const end = 2026 + 7 / 12;
  const from = $("record-range").value === "2025" ? 2024 + 11 / 12 : 2018;
  const piie = (key) => pts.filter((p) => p[key] !== null).map((p) => ({ x: p.x, y: p[key] }));
  $("record-definition").textContent = `Average tariffs: ${r.tariff_definition}. Markers: PIIE (Bown) published averages. Dashed lines: events.`;
  const ev = $("record-events") || (() => {
    const ul = document.createElement("ul");
    ul.id = "record-events";
    ul.className = "events small muted";
    $("record-definition").after(ul);
    return ul;
  })();
  ev.innerHTML = "";
  for (const e of r.events) {
    const li = document.createElement("li");
    li.textContent = `${e.label} (${e.date})`;
    li.dataset.date = e.date;
    ev.appendChild(li);
  }
  const chart = makeChart("record-chart", {
    type: "line",
    data: {
      datasets: [
        { label: "US tariff on China (truce)", data: stepped(pts, "us_tariff_on_chn_pct", end), borderColor: COLORS.us, backgroundColor: COLORS.us, pointRadius: 0, borderWidth: 2 },
        { label: "China's tariff on the US (truce)", data: stepped(pts, "chn_tariff_on_us_pct", end), borderColor: COLORS.cn, backgroundColor: COLORS.cn, pointRadius: 0, borderWidth: 2 },
        { label: "US on China, PIIE published", data: piie("piie_us_tariff_on_chn_pct"), showLine: false, pointRadius: 4, pointStyle: "circle", borderColor: COLORS.us, backgroundColor: "#fff" },
        { label: "China on US, PIIE published", data: piie("piie_chn_tariff_on_us_pct"), showLine: false, pointRadius: 4, pointStyle: "rectRot", borderColor: COLORS.cn, backgroundColor: "#fff" },
      ],
    },
    options: {
      parsing: false,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      plugins: {
        title: { display: true, text: "US–China tariffs: trade-weighted averages, %", font: { size: 14 } },
        legend: { position: "bottom" },
        eventLines: { events: r.events },
        tooltip: { callbacks: { title: (items) => items.length ? pointAt(items[0].parsed.x).date : "" } },
      },
      scales: {
        x: { type: "linear", min: from, max: end, ticks: from > 2018
          ? { stepSize: 1 / 12, autoSkip: false, callback: (v) => { const y = Math.floor(v + 1e-6); const m = Math.round((v - y) * 12); return m % 3 === 0 ? `${["Jan", "", "", "Apr", "", "", "Jul", "", "", "Oct"][m]} ${y}` : ""; } }
          : { stepSize: 0.25, callback: yearTick, autoSkip: false } },
        y: { title: { display: true, text: "average tariff, %" }, beginAtZero: true },
      },
      onClick: (evt, _els, ch) => {
        const x = ch.scales.x.getValueForPixel(evt.x);
        showRecordDate(pointAt(x));
      },
    },
    plugins: [eventLines],
  });
  state.recordEvents = r.events.map((e) => e.label);
  return chart;
}

function pointAt(x) {
  const pts = state.record.points;
  let best = pts[0];
  for (const p of pts) if (p.x <= x + 1e-9) best = p;
  return best;
}

function showRecordDate(p) {
  if (!p) return;
  state.recordSelected = p;
  $("record-detail").hidden = false;
  $("record-detail-title").textContent = `${p.date}: ${p.label || "no change that day"}`;
  const usa = p.regions.find((c) => c.code === "USA");
  const chn = p.regions.find((c) => c.code === "CHN");
  $("record-detail-text").textContent =
    `Average tariffs in force: US on China ${fmt(p.us_tariff_on_chn_pct, 1)} %, China on the US ${fmt(p.chn_tariff_on_us_pct, 1)} %. ` +
    `Welfare against the ${state.record.reference}: USA ${fmt(usa && usa.welfare_pct, 3)} %, China ${fmt(chn && chn.welfare_pct, 3)} %. ` +
    `US imports from China ${fmt(p.us_imports_from_chn_pct, 1)} %, China's imports from the US ${fmt(p.chn_imports_from_us_pct, 1)} %.`;
  barChart("record-detail-chart", `Welfare and real wage on ${p.date}, % against the ${state.record.reference}`,
    p.regions.map((c) => c.code),
    [
      { label: "welfare (real income)", data: p.regions.map((c) => c.welfare_pct), backgroundColor: COLORS.us },
      { label: "real wage", data: p.regions.map((c) => c.real_wage_pct), backgroundColor: COLORS.grey },
    ], "% change");
}

// ---------- scenario ----------

const sliderDefs = []; // {key, label, fieldset}

function sliderRow(fs, key, label, max) {
  const row = document.createElement("div");
  row.className = "slider-row unset";
  row.innerHTML = `<span class="name"></span><input type="range" min="0" max="${max}" step="1" value="0"><span class="value">record</span><button type="button" title="back to the record">×</button>`;
  row.querySelector(".name").textContent = label;
  const input = row.querySelector("input");
  input.id = `slider-${key.replace(".", "-")}`;
  input.setAttribute("aria-label", label);
  input.dataset.key = key;
  const value = row.querySelector(".value");
  const def = { key, label, row, input, value, set: false };
  input.addEventListener("input", () => { def.set = true; row.classList.remove("unset"); value.textContent = `${input.value} %`; });
  input.addEventListener("change", () => { def.set = true; solveScenario(); });
  row.querySelector("button").addEventListener("click", () => { setSlider(def, null); solveScenario(); });
  fs.appendChild(row);
  sliderDefs.push(def);
  return def;
}

function setSlider(def, v) {
  if (v === null || v === undefined) {
    def.set = false;
    def.row.classList.add("unset");
    def.value.textContent = "record";
    def.input.value = 0;
  } else {
    def.set = true;
    def.row.classList.remove("unset");
    def.input.value = v;
    def.value.textContent = `${v} %`;
  }
}

function buildSliders() {
  const m = state.meta.sliders;
  const max = m.max_rate_pct;
  sliderRow($("fs-us"), "us", "All goods", max);
  for (const g of m.groups) sliderRow($("fs-us"), `us.${g.id}`, `${g.label} (${g.sectors.join(", ")})`, max);
  sliderRow($("fs-cn"), "cn", "All goods", max);
  for (const g of m.groups) sliderRow($("fs-cn"), `cn.${g.id}`, `${g.label} (${g.sectors.join(", ")})`, max);
  if (m.rare_earth) {
    const shares = m.rare_earth.shares_of_chn_exports.map((s) => `${(100 * s.share).toFixed(2)} % of ${s.sector}`).join(", ");
    sliderRow($("fs-ree"), "ree", `Export tax on rare-earth content (${shares} of China's exports)`, max);
  } else {
    $("fs-ree").hidden = true;
  }
  if (m.record) {
    $("s-date").min = state.meta.record.from;
    $("s-date").max = state.meta.record.to;
    $("s-date").value = m.default_date;
  } else {
    $("s-date").disabled = true;
  }
  $("s-date").addEventListener("change", solveScenario);
  $("s-ref").addEventListener("change", solveScenario);
  $("s-reset").addEventListener("click", () => { sliderDefs.forEach((d) => setSlider(d, null)); solveScenario(); });
}

function scenarioQuery() {
  const q = new URLSearchParams();
  if (state.meta.sliders.record && $("s-date").value) q.set("date", $("s-date").value);
  q.set("ref", $("s-ref").value);
  for (const d of sliderDefs) if (d.set) q.set(d.key, d.input.value);
  return q;
}

function updateUrl() {
  const q = state.view === "scenario" ? scenarioQuery() : new URLSearchParams();
  q.set("view", state.view);
  if (state.view === "games") {
    q.set("instruments", $("g-instruments").value);
    q.set("threat", $("g-threat").value);
    if ($("g-link").checked) q.set("link", "ree-export-tax");
  }
  if (state.view === "record" && $("record-ref").value !== "baseline") q.set("record_ref", $("record-ref").value);
  if (state.view === "record" && $("record-range").value !== "all") q.set("range", $("record-range").value);
  const url = `${location.pathname}?${q.toString().replace(/%2C/g, ",")}`;
  history.replaceState(null, "", url);
  $("permalink").href = url;
}

async function solveScenario() {
  if (!state.meta) return;
  const seq = ++state.seq;
  const t0 = performance.now();
  // The first solve after loading a link sends the link's own parameters, so that a value the
  // sliders cannot show (us=-5) is reported by the server, naming it, rather than clamped.
  const q = state.linkQuery || scenarioQuery();
  state.linkQuery = null;
  updateUrl();
  setStatus($("scenario-status"), "Solving…");
  try {
    const r = await api(`/api/v1/sliders?${q}`);
    if (seq !== state.seq) return; // a newer request is on its way
    state.scenario = r;
    drawScenario(r);
    // From the slider's release (the request) to the charts redrawn.
    state.lastUpdateMs = performance.now() - t0;
    setStatus($("scenario-status"), `Solved and drawn in ${state.lastUpdateMs.toFixed(0)} ms (request ${r._client_ms.toFixed(0)} ms, server ${r.elapsed_ms.toFixed(0)} ms, ${r.solver.iterations} iterations, ${r.solver.termination}).`);
  } catch (e) {
    if (seq === state.seq) setStatus($("scenario-status"), errorText(e), true);
  }
}

function drawScenario(r) {
  const ref = { baseline: "the baseline (20 Jan 2025)", record: `the record on ${r.date}`, "pre-war": "the pre-war state" }[r.reference];
  $("scenario-headline").textContent = `${r.date ? `On ${r.date}` : "Scenario"}: US tariff on China ${fmt(r.us_tariff_on_chn_pct, 1)} %, China's on the US ${fmt(r.chn_tariff_on_us_pct, 1)} % (trade-weighted). Changes against ${ref}.`;
  const codes = r.regions.map((c) => c.code);
  barChart("chart-welfare", "Welfare (real income) and real wage by region, %", codes, [
    { label: "welfare", data: r.regions.map((c) => c.welfare_pct), backgroundColor: COLORS.us },
    { label: "real wage", data: r.regions.map((c) => c.real_wage_pct), backgroundColor: COLORS.grey },
  ], "% change");
  const tr = r.us_china_trade;
  barChart("chart-uschina", "US–China trade by sector, % change", tr.map((s) => s.sector), [
    { label: "US imports from China", data: tr.map((s) => s.us_imports_from_chn_pct), backgroundColor: COLORS.us },
    { label: "China's imports from the US", data: tr.map((s) => s.chn_imports_from_us_pct), backgroundColor: COLORS.cn },
  ], "% change");
  const dv = r.diversion;
  barChart("chart-diversion", `Trade diverted to third countries: change in imports, ${r.trade_unit}`, dv.map((x) => x.code), [
    { label: "US imports from the country", data: dv.map((x) => x.us_imports_change), backgroundColor: COLORS.us },
    { label: "China's imports from the country", data: dv.map((x) => x.chn_imports_change), backgroundColor: COLORS.cn },
  ], r.trade_unit);
  barChart("chart-prices", "Consumer price index by region, % change", codes, [
    { label: "CPI", data: r.regions.map((c) => c.price_index_pct), backgroundColor: COLORS.a },
  ], "% change");
  const notes = $("scenario-notes");
  notes.innerHTML = "";
  for (const n of r.notes) { const li = document.createElement("li"); li.textContent = n; notes.appendChild(li); }
  // Downloads of what is shown.
  const blobUrl = (text, type) => URL.createObjectURL(new Blob([text], { type }));
  const json = Object.assign({}, r); delete json._client_ms;
  $("dl-json").href = blobUrl(JSON.stringify(json, null, 2), "application/json");
  $("dl-csv").href = blobUrl(scenarioCsv(r), "text/csv");
  $("dl-toml").href = blobUrl(r.scenario_toml, "application/toml");
}

function csvCell(v) {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function scenarioCsv(r) {
  const rows = [["table", "region_or_sector", "metric", "value", "unit", "reference", "query"]];
  const push = (t, k, m, v, u) => rows.push([t, k, m, v, u, r.reference, r.query]);
  for (const c of r.regions) {
    push("regions", c.code, "welfare_pct", c.welfare_pct, "%");
    push("regions", c.code, "real_wage_pct", c.real_wage_pct, "%");
    push("regions", c.code, "price_index_pct", c.price_index_pct, "%");
  }
  for (const s of r.us_china_trade) {
    push("us_china_trade", s.sector, "us_imports_from_chn_base", s.us_imports_from_chn_base, r.trade_unit);
    push("us_china_trade", s.sector, "us_imports_from_chn_new", s.us_imports_from_chn_new, r.trade_unit);
    push("us_china_trade", s.sector, "us_imports_from_chn_pct", s.us_imports_from_chn_pct, "%");
    push("us_china_trade", s.sector, "chn_imports_from_us_base", s.chn_imports_from_us_base, r.trade_unit);
    push("us_china_trade", s.sector, "chn_imports_from_us_new", s.chn_imports_from_us_new, r.trade_unit);
    push("us_china_trade", s.sector, "chn_imports_from_us_pct", s.chn_imports_from_us_pct, "%");
  }
  for (const x of r.diversion) {
    push("diversion", x.code, "us_imports_change", x.us_imports_change, r.trade_unit);
    push("diversion", x.code, "chn_imports_change", x.chn_imports_change, r.trade_unit);
  }
  return rows.map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

// ---------- war and talks ----------

function gamesQuery() {
  const q = new URLSearchParams();
  q.set("instruments", $("g-instruments").value);
  q.set("threat", $("g-threat").value);
  q.set("link", $("g-link").checked ? "ree-export-tax" : "none");
  return q;
}

function solveGames() {
  cancelGames(true);
  updateUrl();
  const es = new EventSource(`/api/v1/talks/events?${gamesQuery()}`);
  state.gamesSource = es;
  $("g-cancel").disabled = false;
  $("g-solve").disabled = true;
  $("games-progress").hidden = false;
  let stage = "starting";
  setStatus($("games-status"), "Starting…");
  const done = () => { es.close(); state.gamesSource = null; $("g-cancel").disabled = true; $("g-solve").disabled = false; $("games-progress").hidden = true; };
  es.addEventListener("stage", (e) => { stage = JSON.parse(e.data).label; setStatus($("games-status"), `${stage}…`); });
  es.addEventListener("progress", (e) => {
    const p = JSON.parse(e.data);
    setStatus($("games-status"), `${stage}: ${p.iterations} search steps, ${p.elapsed_s.toFixed(1)} s`);
  });
  es.addEventListener("result", (e) => {
    done();
    const r = JSON.parse(e.data);
    state.games = r;
    drawGames(r);
    setStatus($("games-status"), `Solved in ${r.solver.elapsed_s.toFixed(1)} s (Nash: ${r.solver.nash.status}, ${r.solver.nash.rounds} rounds).`);
  });
  es.addEventListener("error", (e) => {
    if (e.data) { const b = JSON.parse(e.data); setStatus($("games-status"), errorText({ body: b }), true); }
    else if (state.gamesSource === es) setStatus($("games-status"), "The connection to the server was lost.", true);
    done();
  });
  es.addEventListener("cancelled", () => { done(); setStatus($("games-status"), "Cancelled by the server (shutting down)."); });
}

function cancelGames(quiet) {
  if (state.gamesSource) {
    state.gamesSource.close(); // closing the stream cancels the solve on the server
    state.gamesSource = null;
    $("g-cancel").disabled = true;
    $("g-solve").disabled = false;
    $("games-progress").hidden = true;
    if (!quiet) setStatus($("games-status"), "Cancelled.");
  }
}

function drawGames(r) {
  const [a, b] = r.players;
  const pt = (v, label) => ({ x: v[0], y: v[1], label });
  const peak = r.april_2025_peak && r.april_2025_peak.countries
    ? [a, b].map((c) => r.april_2025_peak.countries.find((x) => x.code === c).welfare_pct) : null;
  const frontier = r.frontier.map((p) => pt(p.payoffs_pct, "frontier")).sort((p, q) => p.x - q.x);
  const ds = [
    { label: "bargaining frontier", data: frontier, showLine: true, borderColor: COLORS.b, backgroundColor: COLORS.b, pointRadius: 3, borderWidth: 2 },
    { label: "status quo (today's tariffs)", data: [pt(r.status_quo.payoffs_pct, "status quo")], pointRadius: 8, pointStyle: "rect", backgroundColor: COLORS.grey, borderColor: COLORS.grey },
    { label: "Nash tariff war", data: [pt(r.nash.payoffs_pct, "Nash")], pointRadius: 9, pointStyle: "triangle", backgroundColor: COLORS.cn, borderColor: COLORS.cn },
    { label: `threat point (${r.threat.kind})`, data: [pt(r.threat.payoffs_pct, "threat")], pointRadius: 6, pointStyle: "crossRot", borderColor: "#000", borderWidth: 2 },
  ];
  if (r.solution) ds.push({ label: "Nash bargaining solution", data: [pt(r.solution.payoffs_pct, "solution")], pointRadius: 10, pointStyle: "star", borderColor: COLORS.a, backgroundColor: COLORS.a, borderWidth: 3 });
  if (peak) ds.push({ label: "April 2025 peak (145 % / 125 %)", data: [pt(peak, "peak")], pointRadius: 7, pointStyle: "rectRot", backgroundColor: "#e0a800", borderColor: "#e0a800" });
  makeChart("games-chart", {
    type: "scatter",
    data: { datasets: ds },
    options: {
      plugins: {
        title: { display: true, text: `Welfare plane: ${a} against ${b}, real income % against the baseline`, font: { size: 14 } },
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: (c) => `${c.raw.label}: ${a} ${fmt(c.raw.x, 3)} %, ${b} ${fmt(c.raw.y, 3)} %` } },
      },
      scales: {
        x: { title: { display: true, text: `${a} welfare, %` } },
        y: { title: { display: true, text: `${b} welfare, %` } },
      },
    },
  });
  const rows = [["point", `${a} welfare %`, `${b} welfare %`, `${a} mean tariff %`, `${b} mean tariff %`]];
  const mt = (m) => (Array.isArray(m) ? m : [m[a], m[b]]);
  rows.push(["status quo", ...r.status_quo.payoffs_pct.map((v) => fmt(v, 3)), ...mt(r.status_quo.mean_tariff_pct).map((v) => fmt(v, 1))]);
  rows.push(["Nash war", ...r.nash.payoffs_pct.map((v) => fmt(v, 3)), ...mt(r.nash.mean_tariff_pct).map((v) => fmt(v, 1))]);
  if (peak) rows.push(["April 2025 peak", ...peak.map((v) => fmt(v, 3)), ...mt(r.april_2025_peak.mean_tariff_pct).map((v) => fmt(v, 1))]);
  if (r.solution) rows.push(["bargaining solution", ...r.solution.payoffs_pct.map((v) => fmt(v, 3)), ...mt(r.solution.mean_tariff_pct).map((v) => fmt(v, 1))]);
  const notes = $("games-notes");
  notes.innerHTML = "";
  for (const n of r.notes || []) { const li = document.createElement("li"); li.textContent = n; notes.appendChild(li); }
  const t = $("games-table");
  t.innerHTML = "";
  rows.forEach((row, k) => {
    const tr = document.createElement("tr");
    for (const c of row) { const td = document.createElement(k ? "td" : "th"); td.textContent = c; tr.appendChild(td); }
    t.appendChild(tr);
  });
}

// ---------- start ----------

function applyUrl() {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of q) {
    const d = sliderDefs.find((x) => x.key === k);
    if (d) setSlider(d, Number(v));
  }
  if (q.get("date")) $("s-date").value = q.get("date");
  if (q.get("ref")) $("s-ref").value = q.get("ref");
  if (q.get("record_ref")) $("record-ref").value = q.get("record_ref");
  if (q.get("range") === "2025") $("record-range").value = "2025";
  if (q.get("instruments")) $("g-instruments").value = q.get("instruments");
  if (q.get("threat")) $("g-threat").value = q.get("threat");
  $("g-link").checked = q.get("link") === "ree-export-tax";
  const link = new URLSearchParams();
  for (const [k, v] of q) if (k !== "view" && !["instruments", "threat", "link", "record_ref", "range"].includes(k)) link.append(k, v);
  if ([...link.keys()].some((k) => k !== "date" && k !== "ref")) state.linkQuery = link;
  let view = q.get("view");
  if (!view) view = sliderDefs.some((d) => q.has(d.key)) ? "scenario" : "record";
  return ["record", "scenario", "games"].includes(view) ? view : "record";
}

async function start() {
  for (const b of document.querySelectorAll("nav button")) b.addEventListener("click", () => showView(b.dataset.view, true));
  $("record-ref").addEventListener("change", () => { updateUrl(); loadRecord(); });
  $("record-range").addEventListener("change", () => { updateUrl(); if (state.record) drawRecord(state.record); });
  $("record-open-scenario").addEventListener("click", () => {
    if (!state.recordSelected) return;
    $("s-date").value = state.recordSelected.date;
    showView("scenario", true);
    solveScenario();
  });
  $("g-solve").addEventListener("click", solveGames);
  $("g-cancel").addEventListener("click", () => cancelGames(false));
  for (const id of ["g-instruments", "g-threat", "g-link"]) $(id).addEventListener("change", () => updateUrl());
  try {
    await loadMeta();
  } catch (e) {
    setStatus($("record-status"), errorText(e), true);
    return;
  }
  let view = applyUrl();
  if (!state.meta.sliders.record) {
    // A dataset without the US–China record (no USA/CHN or no baseline date): no record view.
    $("tab-record").disabled = true;
    $("tab-record").title = "this dataset cannot replay the US–China record";
    if (view === "record") view = "scenario";
  }
  showView(view, true);
  document.body.dataset.ready = "true";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
