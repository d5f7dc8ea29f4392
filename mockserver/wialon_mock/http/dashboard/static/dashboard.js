// wialon-mock dashboard: plain JS, no build step. Reads /_mock/ui/api/*, follows the journal
// over server-sent events and steers the server through the JSON admin API under /_mock/.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const kid of kids) node.append(kid instanceof Node ? kid : String(kid));
  return node;
};
const FLEET_EVERY_MS = 2000;
const SIDE_EVERY_MS = 2000;
const MAX_ROWS = 400;
const COLOURS = { moving: "#1a9850", parked: "#2c7fb8", nodata: "#9e9e9e" };
const state = { config: null, units: new Map(), selected: null, rows: [], readOnly: true };

// -- talking to the server -------------------------------------------------------------------

// A server with an admin secret takes writes only with it. Opened as .../_mock/ui/#admin=SECRET,
// the page sends it as a header (the fragment never leaves the browser, so no log records it).
const ADMIN_SECRET = new URLSearchParams(location.hash.slice(1)).get("admin");

function headers(extra = {}) {
  const all = { Accept: "application/json", ...extra };
  if (ADMIN_SECRET) all["X-Wialon-Mock-Admin"] = ADMIN_SECRET;
  return all;
}

async function getJSON(path) {
  const resp = await fetch(path, { headers: headers() });
  if (!resp.ok) throw new Error(`${path}: HTTP ${resp.status}`);
  return resp.json();
}

// Every change goes to the admin API as JSON (never a form post): that is what the server's
// cross-site protection expects from a legitimate client.
async function admin(method, path, body) {
  const init = { method, headers: headers() };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(path, init);
  const data = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Error(data.error || `HTTP ${resp.status}`);
  return data;
}

const fmtTime = (t) => (t == null ? "–" : new Date(t * 1000).toISOString().slice(11, 19));
const fmtDate = (t) => new Date(t * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";
const fmtAge = (s) => (s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
const maskSid = (sid) => (sid ? `${String(sid).slice(0, 4)}…` : "–");
const pretty = (value) => el("pre", {}, JSON.stringify(value, null, 2));

function showError(node, error) {
  node.textContent = error ? String(error.message || error) : "";
  node.hidden = !error;
}

// -- the map ---------------------------------------------------------------------------------

let map, unitLayer, trackLayer, selectedTrack;

async function setUpMap(config) {
  map = L.map("map", { worldCopyJump: true, zoomControl: true, attributionControl: true });
  // a view first: layers added to a map without one cannot place themselves
  map.setView([50, 20], 4);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (config.tile_url) {
    L.tileLayer(config.tile_url, { maxZoom: 19, attribution: "tiles: " + new URL(config.tile_url.replace(/[{}]/g, ""), location.href).host }).addTo(map);
  } else {
    // the offline base map: Natural Earth 1:50m countries (public domain) shipped in the package
    try {
      const topo = await getJSON("static/basemap/countries-50m.json");
      const countries = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(countries, {
        interactive: false,
        style: { color: "#90a4ae", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1, className: "basemap" },
      }).addTo(map);
    } catch (error) {
      console.warn("base map not loaded", error);
    }
    // and the outlines of its 1:50m urban areas: the cities of the fleet among them
    try {
      const urban = await getJSON("static/basemap/urban-areas-50m.json");
      L.geoJSON(urban, {
        interactive: false,
        style: { color: "#bcaaa4", weight: 1, fillColor: "#e8ddd0", fillOpacity: 1, className: "urban-area" },
      }).addTo(map);
    } catch (error) {
      console.warn("city outlines not loaded", error);
    }
    map.attributionControl.addAttribution("base map: Natural Earth");
  }
  for (const city of config.cities) {
    L.circleMarker([city.y, city.x], { radius: 3, color: "#546e7a", interactive: false, className: "city" })
      .bindTooltip(city.n, { permanent: true, direction: "right", className: "city-label" })
      .addTo(map);
  }
  L.control.scale({ imperial: false, position: "bottomright" }).addTo(map);
  trackLayer = L.layerGroup().addTo(map);
  unitLayer = L.layerGroup().addTo(map);
}

async function drawGeofences() {
  const zones = await getJSON("api/geofences");
  const layer = L.layerGroup();
  for (const zone of zones) {
    const style = { color: zone.color, weight: 1, fillOpacity: 0.15, className: "geofence" };
    const pts = zone.p.map((p) => [p.y, p.x]);
    let shape;
    if (zone.t === 3 && pts.length) shape = L.circle(pts[0], { ...style, radius: zone.p[0].r || zone.w });
    else if (zone.t === 2) shape = L.polygon(pts, style);
    else shape = L.polyline(pts, { ...style, weight: Math.max(2, zone.w / 10) });
    shape.bindTooltip(zone.n);
    layer.addLayer(shape);
  }
  layer.addTo(map);
}

function unitIcon(unit) {
  const classes = ["unit-icon", unit.state];
  if (state.selected === unit.id) classes.push("selected");
  const turn = unit.pos ? unit.pos.c - 45 : 0;
  return L.divIcon({
    className: classes.join(" "),
    html: `<span style="transform:rotate(${turn}deg)"></span>`,
    iconSize: [14, 14],
  });
}

function placeUnit(unit) {
  let entry = state.units.get(unit.id);
  if (!unit.pos) {
    if (entry) unitLayer.removeLayer(entry.marker);
    state.units.delete(unit.id);
    return;
  }
  const at = [unit.pos.y, unit.pos.x];
  if (!entry) {
    const marker = L.marker(at, { icon: unitIcon(unit), title: unit.nm, keyboard: false });
    marker.on("click", () => selectUnit(unit.id));
    marker.addTo(unitLayer);
    entry = { marker, key: "" };
    state.units.set(unit.id, entry);
  } else {
    entry.marker.setLatLng(at);
  }
  const key = `${unit.state}|${unit.pos.c}|${state.selected === unit.id}`;
  if (key !== entry.key) {
    entry.marker.setIcon(unitIcon(unit));
    entry.key = key;
  }
  const node = entry.marker.getElement();
  if (node) {
    node.dataset.unitId = unit.id;
    node.dataset.state = unit.state;
    node.dataset.lat = unit.pos.y;
    node.dataset.lon = unit.pos.x;
  }
  entry.unit = unit;
}

let fitted = false;

async function refreshFleet() {
  try {
    const data = await getJSON("api/fleet");
    $("#clock").textContent = fmtDate(data.now);
    const seen = new Set();
    trackLayer.clearLayers();
    for (const unit of data.units) {
      seen.add(unit.id);
      placeUnit(unit);
      if (unit.track && unit.track.length > 1) {
        L.polyline(unit.track, { color: COLOURS[unit.state], weight: 2, opacity: 0.6, interactive: false }).addTo(trackLayer);
      }
    }
    for (const [id, entry] of state.units) {
      if (!seen.has(id)) {
        unitLayer.removeLayer(entry.marker);
        state.units.delete(id);
      }
    }
    const c = data.counts;
    const more = data.total > data.shown ? ` (first ${data.shown} of ${data.total} shown)` : "";
    $("#fleet-status").textContent = `${data.total} units: ${c.moving} moving, ${c.parked} parked, ${c.nodata} no data${more}`;
    if (!fitted && state.units.size) {
      fitToCity();
      fitted = true;
    }
    if (state.selected != null) await refreshUnit();
  } catch (error) {
    $("#fleet-status").textContent = `fleet: ${error.message}`;
  }
}

// A fleet spans cities on several continents: group the units by place, start on the biggest
// group and offer the others (and the whole fleet) in a menu.
function placesOf() {
  const groups = new Map();
  for (const { unit } of state.units.values()) {
    const near = state.config.cities.reduce((best, c) => {
      const d = (c.y - unit.pos.y) ** 2 + (c.x - unit.pos.x) ** 2;
      return d < best.d ? { c, d } : best;
    }, { c: null, d: Infinity });
    const name = near.c && near.d < 1 ? near.c.n : "elsewhere";
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push([unit.pos.y, unit.pos.x]);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}

function fitToCity() {
  const places = placesOf();
  const menu = $("#city-jump");
  const all = [...state.units.values()].map(({ unit }) => [unit.pos.y, unit.pos.x]);
  menu.replaceChildren(
    ...places.map(([name, points]) => el("option", { value: name }, `${name} (${points.length})`)),
    el("option", { value: "*" }, `whole fleet (${all.length})`));
  menu.onchange = () => {
    const points = menu.value === "*" ? all : new Map(places).get(menu.value) || all;
    map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 13 });
  };
  menu.onchange();
}

// -- one unit --------------------------------------------------------------------------------

function selectUnit(id) {
  const previous = state.selected;
  state.selected = id;
  for (const uid of [previous, id]) {
    const entry = state.units.get(uid);
    if (entry && entry.unit) {
      entry.key = "";
      placeUnit(entry.unit);
    }
  }
  openTab("unit");
  refreshUnit();
}

function table(rows) {
  return el("table", {}, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))));
}

async function refreshUnit() {
  const box = $("#unit-detail");
  let unit;
  try {
    unit = await getJSON(`api/units/${state.selected}`);
  } catch (error) {
    box.replaceChildren(el("p", { class: "error" }, error.message));
    box.hidden = false;
    return;
  }
  $("#unit-hint").hidden = true;
  if (selectedTrack) selectedTrack.remove();
  if (unit.track && unit.track.length > 1) {
    selectedTrack = L.polyline(unit.track, { color: "#ffb300", weight: 4, interactive: false }).addTo(map);
  }
  const msg = unit.message;
  const parts = [el("h2", { id: "unit-name" }, unit.nm), table([
    ["id", unit.id],
    ["state", unit.state],
    ["last message", msg ? fmtDate(msg.t) : "none"],
    ["position", msg ? `${msg.pos.y}, ${msg.pos.x}` : "–"],
    ["speed", msg ? `${msg.pos.s} km/h, course ${msg.pos.c}°` : "–"],
    ["reports every", `${unit.interval} s`],
  ])];
  if (msg) {
    parts.push(el("h3", {}, "Parameters"), table(Object.entries(msg.p)));
    parts.push(el("h3", {}, "Sensors"), el("table", { id: "unit-sensors" }, ...unit.sensors.map((s) => el("tr", {}, el("th", {}, s.n), el("td", {}, s.text)))));
    parts.push(el("h3", {}, "Last message"), pretty(msg));
  }
  box.replaceChildren(...parts);
  box.hidden = false;
}

// -- the journal -----------------------------------------------------------------------------

function itemFailed(answer) {
  return Boolean(answer && typeof answer === "object" && !Array.isArray(answer) && answer.error);
}

function resultOf(entry) {
  if (entry.status == null) return { text: "dropped", bad: true };
  if (entry.status !== 200) return { text: `HTTP ${entry.status}`, bad: true };
  if (entry.error) return { text: `error ${entry.error}`, bad: true };
  const failed = batchItems(entry).filter(({ answer }) => itemFailed(answer)).length;
  if (failed) return { text: `${failed} item${failed > 1 ? "s" : ""} failed`, bad: true };
  return { text: "ok", bad: false };
}

function batchItems(entry) {
  if (entry.svc !== "core/batch") return [];
  // a batch too big to keep whole (params over 2 KB, answer over 16 KB) comes with its items
  // listed by the journal, each excerpted on its own
  if (Array.isArray(entry.items)) {
    return entry.items.map((it) => ({
      item: { svc: it.svc || "?", params: it.params },
      answer: it.answer != null ? it.answer : it.error ? { error: it.error } : undefined,
    }));
  }
  // core/batch takes {"params": [...], "flags": F} or the bare list
  const calls = Array.isArray(entry.params) ? entry.params : entry.params && entry.params.params;
  if (!Array.isArray(calls)) return [];
  const answers = Array.isArray(entry.answer) ? entry.answer : [];
  return calls.map((item, i) => ({ item: item && typeof item === "object" ? item : { svc: "?" }, answer: answers[i] }));
}

function matches(entry) {
  const svc = $("#filter-svc").value.trim();
  const sid = $("#filter-sid").value.trim();
  if ($("#filter-errors").checked && !resultOf(entry).bad) return false;
  if (sid && !String(entry.sid || "").includes(sid)) return false;
  if (svc) {
    const names = [entry.svc || "", ...batchItems(entry).map(({ item }) => item.svc || "")];
    if (!names.some((name) => name.includes(svc))) return false;
  }
  return true;
}

function journalRows(entry) {
  const result = resultOf(entry);
  const items = batchItems(entry);
  const svc = items.length ? `${entry.svc} (${items.length})` : entry.svc || entry.path;
  const fault = entry.fault != null ? ` · fault #${entry.fault}` : "";
  const row = el("tr", { class: entry.fault != null ? "fault" : "", "data-n": entry.n, "data-svc": entry.svc || "" },
    el("td", {}, entry.n), el("td", {}, fmtTime(entry.t)), el("td", {}, svc),
    el("td", {}, maskSid(entry.sid)),
    el("td", { class: result.bad ? "err" : "okres" }, result.text + fault));
  row.addEventListener("click", () => showRequest(entry, row));
  const rows = [row];
  const itemFaults = entry.item_faults || {};
  items.forEach(({ item, answer }, i) => {
    const bad = itemFailed(answer);
    const itemFault = itemFaults[String(i)];
    const text = (answer === undefined ? "" : bad ? `error ${answer.error}` : "ok") + (itemFault != null ? ` · fault #${itemFault}` : "");
    const sub = el("tr", { class: itemFault != null ? "item fault" : "item", "data-n": `${entry.n}.${i}`, "data-svc": item.svc || "" },
      el("td", {}, ""), el("td", {}, ""), el("td", {}, `↳ ${item.svc}`), el("td", {}, ""),
      el("td", { class: bad ? "err" : "okres" }, text));
    sub.addEventListener("click", () => showRequest({ ...entry, svc: item.svc, params: item.params, answer, item: i }, sub));
    rows.push(sub);
  });
  return rows;
}

function renderJournal() {
  const body = $("#journal tbody");
  const rows = [];
  for (const entry of state.rows) if (matches(entry)) rows.push(...journalRows(entry));
  body.replaceChildren(...rows);
}

function addJournalEntry(entry) {
  state.rows.unshift(entry);
  if (state.rows.length > MAX_ROWS) state.rows.length = MAX_ROWS;
  if (matches(entry)) $("#journal tbody").prepend(...journalRows(entry));
  const body = $("#journal tbody");
  while (body.rows.length > MAX_ROWS * 2) body.deleteRow(-1);
}

function showRequest(entry, row) {
  for (const node of document.querySelectorAll("#journal tr.selected")) node.classList.remove("selected");
  row.classList.add("selected");
  const box = $("#request-detail");
  const title = entry.item != null ? `#${entry.n} item ${entry.item}: ${entry.svc}` : `#${entry.n} ${entry.svc || entry.path}`;
  const parts = [el("h3", {}, title), table([
    ["time", fmtDate(entry.t)], ["path", entry.path], ["session", maskSid(entry.sid)],
    ["result", resultOf(entry).text], ["fault", entry.fault ?? "none"],
  ]), el("h3", {}, "Params"), pretty(entry.params)];
  if (entry.answer !== undefined) parts.push(el("h3", {}, "Answer"), pretty(entry.answer));
  box.replaceChildren(...parts);
  box.hidden = false;
}

function followJournal() {
  const badge = $("#stream-status");
  const source = new EventSource("../journal/stream");
  source.addEventListener("open", () => { badge.textContent = "journal: live"; badge.className = "badge ok"; });
  source.addEventListener("error", () => { badge.textContent = "journal: reconnecting"; badge.className = "badge warn"; });
  source.addEventListener("request", (event) => addJournalEntry(JSON.parse(event.data)));
}

// -- sessions, faults, clock ------------------------------------------------------------------

async function refreshSessions() {
  const rows = await getJSON("api/sessions");
  $("#sessions tbody").replaceChildren(...rows.map((s) => el("tr", { "data-sid": s.sid_masked },
    el("td", { title: s.app }, s.sid_masked), el("td", {}, s.user), el("td", {}, fmtAge(s.age)),
    el("td", {}, fmtAge(s.idle)), el("td", {}, s.items), el("td", {}, s.pending),
    el("td", {}, state.readOnly || !s.sid ? "" : el("button", { class: "expire", onclick: () => admin("POST", "../sessions/expire", { sid: s.sid }).then(refreshSessions) }, "expire")))));
}

async function refreshFaults() {
  const faults = await getJSON("../faults");
  $("#faults tbody").replaceChildren(...faults.map((f) => el("tr", { "data-fault": f.id },
    el("td", {}, f.id), el("td", {}, f.svc), el("td", {}, describeFault(f)), el("td", {}, f.hits ?? ""),
    el("td", {}, state.readOnly ? "" : el("button", { onclick: () => admin("DELETE", `../faults/${f.id}`).then(refreshFaults) }, "remove")))));
}

function describeFault(f) {
  const extra = f.kind === "error" ? ` ${f.code}` : f.kind === "http" ? ` ${f.status}` : f.seconds ? ` ${f.seconds} s` : "";
  const times = f.times != null ? ` ×${f.times}` : "";
  return `${f.kind}${extra}${times}`;
}

function faultSpec(form) {
  const data = new FormData(form);
  const spec = { svc: data.get("svc").trim(), kind: data.get("kind") };
  const num = (name) => (data.get(name) === "" ? undefined : Number(data.get(name)));
  if (spec.kind === "error") spec.code = num("code");
  if (spec.kind === "http") spec.status = num("status");
  if (spec.kind === "delay" || spec.kind === "timeout") spec.seconds = num("seconds");
  spec.probability = num("probability");
  if (num("times") !== undefined) spec.times = num("times");
  for (const key of Object.keys(spec)) if (spec[key] === undefined) delete spec[key];
  return spec;
}

function showKindFields(form) {
  const kind = form.elements.kind.value;
  for (const label of form.querySelectorAll("[data-kind]")) label.hidden = !label.dataset.kind.split(" ").includes(kind);
}

async function refreshClock() {
  const snapshot = await getJSON("../state");
  const clock = snapshot.clock;
  $("#clock-mode").textContent = clock.frozen ? "frozen" : clock.scale !== 1 ? `×${clock.scale}` : "";
  $("#freeze").textContent = clock.frozen ? "run" : "freeze";
  $("#freeze").dataset.frozen = clock.frozen;
}

function clockOp(body) {
  return admin("POST", "../clock", body)
    .then(() => { showError($("#clock-error"), null); return Promise.all([refreshClock(), refreshFleet()]); })
    .catch((error) => showError($("#clock-error"), error));
}

function wireControls() {
  const faultForm = $("#fault-form");
  faultForm.elements.kind.addEventListener("change", () => showKindFields(faultForm));
  showKindFields(faultForm);
  faultForm.addEventListener("submit", (event) => {
    event.preventDefault();
    admin("POST", "../faults", faultSpec(faultForm))
      .then(() => { showError($("#fault-error"), null); return refreshFaults(); })
      .catch((error) => showError($("#fault-error"), error));
  });
  $("#faults-clear").addEventListener("click", () => admin("DELETE", "../faults").then(refreshFaults));
  $("#clock-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clockOp({ advance: Number(event.target.elements.advance.value) });
  });
  $("#scale-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clockOp({ scale: Number(event.target.elements.scale.value) });
  });
  $("#freeze").addEventListener("click", (event) => clockOp({ freeze: event.target.dataset.frozen !== "true" }));
  $("#set-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = event.target.elements.set.value;
    if (value) clockOp({ set: value.length === 16 ? `${value}:00Z` : `${value}Z` });
  });
  $("#reset").addEventListener("click", () => admin("POST", "../reset", {}).then(() => Promise.all([refreshClock(), refreshFleet(), refreshFaults()])));
  $("#expire-all").addEventListener("click", () => admin("POST", "../sessions/expire", {}).then(refreshSessions));
}

// -- tabs and start ---------------------------------------------------------------------------

function openTab(name) {
  for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button.dataset.tab === name);
  for (const tab of document.querySelectorAll(".tab")) tab.classList.toggle("active", tab.id === `tab-${name}`);
  refreshSide();
}

function refreshSide() {
  const active = $("#tabs button.active").dataset.tab;
  const jobs = [];
  if (active === "sessions") jobs.push(refreshSessions());
  if (active === "control") jobs.push(refreshFaults(), refreshClock());
  return Promise.all(jobs).catch((error) => console.warn(error));
}

function every(ms, job) {
  // the next round starts only after this one ended, so a slow server never piles requests up
  const run = () => Promise.resolve(job()).finally(() => setTimeout(run, ms));
  run();
}

async function start() {
  const config = await getJSON("api/config");
  state.config = config;
  state.readOnly = config.read_only;
  document.body.classList.toggle("read-only", config.read_only);
  $("#read-only").hidden = !config.read_only;
  // a server with a secret: a read-only page offers the login, a steering one the logout
  $("#login-link").hidden = !config.login;
  $("#logout-link").hidden = config.read_only || !config.has_secret || Boolean(ADMIN_SECRET);
  $("#services").replaceChildren(...["*", ...config.services].map((svc) => el("option", { value: svc })));
  for (const button of document.querySelectorAll("#tabs button")) button.addEventListener("click", () => openTab(button.dataset.tab));
  for (const input of ["#filter-svc", "#filter-sid", "#filter-errors"]) $(input).addEventListener("input", renderJournal);
  $("#journal-clear").addEventListener("click", () => { state.rows = []; renderJournal(); $("#request-detail").hidden = true; });
  wireControls();
  await setUpMap(config);
  drawGeofences().catch((error) => console.warn("geofences", error));
  followJournal();
  every(FLEET_EVERY_MS, refreshFleet);
  every(SIDE_EVERY_MS, refreshSide);
  refreshClock().catch(() => {});
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  $("#fleet-status").textContent = `dashboard failed to start: ${error.message}`;
});
