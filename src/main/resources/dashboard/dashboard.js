// KULTA dashboard: a list of Rollouts (#/) and one Rollout (#/r/NAMESPACE/NAME), redrawn whenever /api/changes
// says something of theirs changed. Every value from the cluster goes into the page as text, never as HTML.
"use strict";

const page = document.getElementById("page");
const charts = [];
let current = null;        // the Rollout shown, as "namespace/name", or null on the list
let reloading = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "style") Object.assign(node.style, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Replaces what the page shows; leaves out the parts a Rollout does not have (null). */
function show(...parts) {
  page.replaceChildren(...parts.filter(p => p !== null && p !== undefined && p !== false));
}

function phase(p) {
  return el("span", {class: "phase phase-" + (p || "Pending"), "data-phase": p || "Pending"}, p || "Pending");
}

/** As the CLI prints numbers: whole ones as they are, others to 4 significant digits. */
function num(v) {
  if (v === null || v === undefined) return "-";
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

function weight(w) {
  return w === null || w === undefined ? "-" : w + "%";
}

async function getJson(url) {
  const r = await fetch(url, {cache: "no-store"});
  const body = await r.json();
  if (!r.ok) throw new Error(body.message || ("HTTP " + r.status));
  return body;
}

function route() {
  const m = location.hash.match(/^#\/r\/([^/]+)\/([^/]+)$/);
  current = m ? decodeURIComponent(m[1]) + "/" + decodeURIComponent(m[2]) : null;
  reload();
}

/** One redraw at a time; changes that come in while it draws cause one more. */
function reload() {
  if (reloading) { reloading.again = true; return; }
  reloading = {again: false};
  (current ? showRollout(current) : showList())
    .catch(e => show(el("p", {class: "problem", id: "load-error"}, "Cannot load: " + e.message)))
    .finally(() => {
      const again = reloading.again;
      reloading = null;
      if (again) reload();
    });
}

function scope(data) {
  document.getElementById("scope").textContent = data.namespace ? "namespace " + data.namespace : "all namespaces";
}

async function showList() {
  const data = await getJson("/api/rollouts");
  scope(data);
  if (current) return;
  const rows = data.rollouts.map(r => el("tr", {class: "clickable", "data-rollout": r.namespace + "/" + r.name,
      onclick: () => { location.hash = "#/r/" + encodeURIComponent(r.namespace) + "/" + encodeURIComponent(r.name); }},
    el("td", {}, r.namespace),
    el("td", {class: "nowrap"}, el("a", {href: "#/r/" + encodeURIComponent(r.namespace) + "/" + encodeURIComponent(r.name)}, r.name)),
    el("td", {}, r.strategy),
    el("td", {class: "phase-cell"}, phase(r.phase)),
    el("td", {class: "step nowrap"}, r.step),
    el("td", {class: "weight nowrap"}, weight(r.weight)),
    el("td", {class: r.problem ? "problem" : "dim"}, r.problem || r.message || "")));
  show(
    el("h2", {}, "Rollouts"),
    data.synced ? null : el("p", {class: "dim"}, "still reading the cluster…"),
    rows.length === 0 ? el("p", {class: "dim", id: "empty"}, "No Rollouts here yet.") :
      el("table", {id: "rollouts"},
        el("thead", {}, el("tr", {}, ["Namespace", "Name", "Strategy", "Phase", "Step", "Weight", "Message"].map(h => el("th", {}, h)))),
        el("tbody", {}, rows)));
}

async function showRollout(key) {
  const [ns, name] = key.split("/");
  const d = await getJson("/api/rollouts/" + encodeURIComponent(ns) + "/" + encodeURIComponent(name));
  if (current !== key) return;
  const s = d.summary;
  const result = document.getElementById("action-result");
  const kept = result ? [result.textContent, result.className] : ["", ""];
  charts.splice(0).forEach(c => c.destroy());
  show(
    el("p", {}, el("a", {href: "#/"}, "← all Rollouts")),
    el("div", {class: "summary", id: "summary", "data-rollout": key},
      el("h2", {}, s.name), phase(s.phase), el("span", {}, s.strategy), el("span", {id: "step"}, s.step),
      el("span", {}, "weight " + weight(s.weight) + " on the new revision"), el("span", {class: "dim"}, "namespace " + s.namespace)),
    s.problem ? el("p", {class: "problem", id: "problem"}, "This Rollout cannot be read: " + s.problem) : null,
    s.message ? el("p", {class: "message", id: "message"}, s.message) : null,
    actions(ns, name, d.pendingActions, kept),
    d.steps.length ? section("Steps", el("ol", {class: "steps", id: "steps"}, d.steps.map(step))) : null,
    d.route ? section("Traffic on HTTPRoute " + d.route, traffic(d.traffic)) : null,
    section("Revisions", revisions(d.revisions)),
    d.analysis || d.history.length ? section("Analysis", analysis(d.analysis, d.history)) : null,
    d.experiment ? section("A/B experiment", experiment(d.experiment)) : null,
    el("div", {class: "grid"},
      section("Conditions", conditions(d.conditions)),
      section("Events", events(d.events, d.eventsProblem))));
  drawCharts(d.history);
}

function section(title, body) {
  return el("section", {}, el("h3", {}, title), body);
}

function actions(ns, name, pending, kept) {
  const button = (id, label, path, cls) => el("button", {id: id, class: cls, onclick: () => act(ns, name, path)}, label);
  const waiting = Object.entries(pending || {}).map(([k, v]) => k + "=" + v).join(", ");
  return el("div", {class: "actions"},
    button("promote", "Promote", "promote"),
    button("promote-full", "Promote full", "promote-full"),
    button("abort", "Abort", "abort", "danger"),
    button("retry", "Retry", "retry"),
    el("span", {id: "action-result", class: kept[1]}, kept[0]),
    waiting ? el("span", {class: "dim", id: "pending"}, "waiting for the controller: " + waiting) : null);
}

async function act(ns, name, path) {
  const result = document.getElementById("action-result");
  result.textContent = "…";
  result.className = "";
  try {
    const r = await fetch("/api/rollouts/" + encodeURIComponent(ns) + "/" + encodeURIComponent(name) + "/" + path,
      {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"});
    const body = await r.json();
    result.textContent = (body.ok ? "" : "HTTP " + r.status + ": ") + body.message;
    result.className = body.ok ? "ok" : "failed";
  } catch (e) {
    result.textContent = "no answer from the dashboard: " + e.message;
    result.className = "failed";
  }
}

function step(s) {
  const parts = [s.weight + "%"];
  if (s.pause) parts.push("pause " + s.pause);
  if (s.analysis) parts.push("analysis");
  return el("li", {class: "step " + s.state, "data-state": s.state}, s.number + ". " + parts.join(" · "));
}

function traffic(backends) {
  if (!backends.length) return el("p", {class: "dim"}, "The HTTPRoute has no rule that names this Rollout's Services (yet).");
  return el("div", {},
    el("div", {class: "bar", id: "traffic"}, backends.map(b => el("div", {
      class: "segment " + b.role, "data-service": b.service, "data-percent": b.percent,
      title: b.service + ": weight " + b.weight, style: {width: b.percent + "%"}}, b.percent >= 8 ? b.service + " " + b.percent + "%" : ""))),
    el("div", {class: "legend"}, backends.map(b => el("span", {}, el("i", {class: "segment " + b.role}), b.service + " " + b.percent + "% (weight " + b.weight + ")"))));
}

function revisions(rows) {
  if (!rows.length) return el("p", {class: "dim"}, "No ReplicaSets yet.");
  const max = Math.max(1, ...rows.map(r => r.desired));
  return el("table", {id: "revisions"},
    el("thead", {}, el("tr", {}, ["Revision", "Role", "Images", "ReplicaSet", "Desired", "Ready", "Available", ""].map(h => el("th", {}, h)))),
    el("tbody", {}, rows.map(r => el("tr", {"data-revision": r.hash, "data-role": r.role},
      el("td", {}, r.number + " · " + r.hash), el("td", {}, r.role), el("td", {}, r.images), el("td", {class: "dim"}, r.replicaSet),
      el("td", {class: "desired"}, r.desired), el("td", {class: "ready"}, r.ready), el("td", {class: "available"}, r.available),
      el("td", {}, el("div", {class: "bar mini"}, el("div", {class: "segment " + (r.role.startsWith("stable") || r.role === "active" ? "stable" : r.role === "old" ? "other" : "new"),
        style: {width: Math.round(100 * r.available / max) + "%"}})))))));
}

function bound(m) {
  if (m.threshold !== null && m.threshold !== undefined) return "≤ " + num(m.threshold);
  if (m.min !== null && m.min !== undefined && m.max !== null && m.max !== undefined) return "in [" + num(m.min) + ", " + num(m.max) + "]";
  if (m.min !== null && m.min !== undefined) return "≥ " + num(m.min);
  if (m.max !== null && m.max !== undefined) return "≤ " + num(m.max);
  return "";
}

function analysis(last, history) {
  const names = [...new Set(history.map(p => p.metric))];
  return el("div", {},
    last ? el("p", {id: "last-analysis"}, "Last: " + last.time + (last.stepIndex !== null && last.stepIndex !== undefined ? " at step " + (last.stepIndex + 1) : "") + " — ",
      el("span", {class: "verdict-" + last.verdict}, last.verdict), last.message ? " — " + last.message : "",
      last.consecutiveErrors ? " (" + last.consecutiveErrors + " errors in a row)" : "") : null,
    last ? el("table", {id: "metrics"},
      el("thead", {}, el("tr", {}, ["Metric", "Value", "Bound", "Verdict", ""].map(h => el("th", {}, h)))),
      el("tbody", {}, last.metrics.map(m => el("tr", {"data-metric": m.name},
        el("td", {}, m.name), el("td", {}, num(m.value)), el("td", {}, bound(m)),
        el("td", {class: "verdict-" + m.verdict}, m.verdict), el("td", {class: "dim"}, m.message || ""))))) : null,
    el("div", {class: "charts", id: "charts"}, names.map(n => el("div", {class: "metric-chart", "data-metric": n}))));
}

/** One uPlot per metric (their units differ): the measured values over time against the bound they were held to. */
function drawCharts(history) {
  for (const box of document.querySelectorAll(".metric-chart")) {
    const metric = box.getAttribute("data-metric");
    const points = history.filter(p => p.metric === metric);
    const xs = points.map(p => Date.parse(p.time) / 1000);
    const values = points.map(p => p.value);
    const limit = points.map(p => p.threshold ?? p.max ?? null);
    const floor = points.map(p => p.min ?? null);
    const series = [{}, {label: metric, stroke: "#2563eb", width: 2, points: {show: true, size: 6}}];
    const data = [xs, values];
    if (limit.some(v => v !== null)) { series.push({label: "threshold", stroke: "#b91c1c", dash: [6, 4], points: {show: false}}); data.push(limit); }
    if (floor.some(v => v !== null)) { series.push({label: "min", stroke: "#b91c1c", dash: [2, 4], points: {show: false}}); data.push(floor); }
    box.setAttribute("data-points", String(values.filter(v => v !== null).length));
    charts.push(new uPlot({title: metric, width: 520, height: 220, series: series, scales: {x: {time: true}}}, data, box));
  }
}

function experiment(e) {
  const verdict = e.concludedAt ? "concluded " + e.concludedAt + ": " + (e.winner ? "winner " + e.winner : "no winner") +
    (e.conclusionReason ? " (" + e.conclusionReason + ")" : "") : "running";
  return el("div", {id: "experiment"},
    el("p", {}, "Since " + e.startedAt + " — samples A " + (e.sampleSizeA ?? 0) + ", B " + (e.sampleSizeB ?? 0) + " — " + verdict),
    el("table", {}, el("thead", {}, el("tr", {}, ["Metric", "A", "B", "Confidence", "Significant", "Winner"].map(h => el("th", {}, h)))),
      el("tbody", {}, (e.results || []).map(m => el("tr", {"data-metric": m.name},
        el("td", {}, m.name), el("td", {}, num(m.valueA)), el("td", {}, num(m.valueB)),
        el("td", {}, m.confidence === null || m.confidence === undefined ? "-" : (100 * m.confidence).toFixed(1) + "%"),
        el("td", {}, m.isSignificant ? "yes" : "no"), el("td", {}, m.winner || "-"))))));
}

function conditions(list) {
  if (!list || !list.length) return el("p", {class: "dim"}, "None yet.");
  return el("table", {id: "conditions"}, el("tbody", {}, list.map(c => el("tr", {},
    el("td", {}, c.type), el("td", {}, c.status), el("td", {}, c.reason || ""), el("td", {class: "dim"}, c.message || "")))));
}

function events(list, problem) {
  if (problem) return el("p", {class: "problem", id: "events-problem"}, problem);
  if (!list.length) return el("p", {class: "dim"}, "No Events.");
  return el("table", {id: "events"}, el("tbody", {}, list.map(e => el("tr", {class: e.type === "Warning" ? "problem" : ""},
    el("td", {class: "dim"}, e.time || ""), el("td", {}, e.reason), el("td", {}, e.message + (e.count > 1 ? " (×" + e.count + ")" : ""))))));
}

function listen() {
  const live = document.getElementById("live");
  const source = new EventSource("/api/changes");
  source.onopen = () => { live.textContent = "live"; live.className = "live on"; reload(); };
  source.onerror = () => { live.textContent = "reconnecting…"; live.className = "live off"; };
  source.onmessage = m => { if (current === null || m.data === current) reload(); };
}

window.addEventListener("hashchange", route);
getJson("/api/rollouts").then(scope, () => {});
route();
listen();
