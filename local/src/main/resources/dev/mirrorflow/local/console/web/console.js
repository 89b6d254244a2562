// Mirrorflow's local console: plain JavaScript, no libraries, no network beyond this local cloud.
// Every page reads the JSON of /console/api/ (ConsoleApi) and redraws itself while things change.
"use strict";

const API = "api/";
const SVG = "http://www.w3.org/2000/svg";
const STATUSES = ["succeeded", "failed", "caught", "retried", "running", "notReached"];
const STATUS_LABEL = { succeeded: "Succeeded", failed: "Failed", caught: "Caught error", retried: "Retried",
  running: "In progress", notReached: "Not reached" };
const FILL = { succeeded: ["#e9f7ec", "#1d8102"], failed: ["#fdecea", "#d13212"], caught: ["#fff0e0", "#ec7211"],
  retried: ["#fff8d6", "#b08500"], running: ["#e6f1fc", "#0073bb"], notReached: ["#f2f3f3", "#aab7b8"] };

let timer = null;
let generation = 0;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick" || k === "onchange") el[k] = v;
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, v);
  }
  children.flat().forEach(c => el.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return el;
}

async function get(path) {
  const response = await fetch(API + path, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error((body.error || response.status) + ": " + (body.message || ""));
  return body;
}

function badge(status, cls) {
  const code = String(status);
  return h("span", { class: "badge " + (cls || "s-" + code), "data-badge": code }, STATUS_LABEL[code] || code);
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function duration(ms) {
  if (ms === undefined || ms === null) return "";
  if (ms < 1000) return ms + " ms";
  const sec = ms / 1000;
  if (sec < 120) return sec.toFixed(1) + " s";
  return Math.floor(sec / 60) + " min " + Math.round(sec % 60) + " s";
}

function executionLink(arn, text) {
  return h("a", { href: "#/execution/" + encodeURIComponent(arn), "data-link": arn }, text || arn.split(":").slice(-1)[0]);
}

function pretty(text) {
  if (text === null || text === undefined) return "";
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return String(text); }
}

function route() {
  const hash = location.hash.replace(/^#\/?/, "") || "state-machines";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/");
  return { page: parts[0], arg: parts.slice(1).join("/"), params };
}

function setLive(text) {
  document.getElementById("live").textContent = text;
}

async function render() {
  const mine = ++generation;
  if (timer) { clearTimeout(timer); timer = null; }
  const r = route();
  document.querySelectorAll("[data-nav]").forEach(a => a.classList.toggle("active",
    a.dataset.nav === r.page || (r.page === "execution" && a.dataset.nav === "executions")));
  const pages = { "state-machines": stateMachinesPage, executions: executionsPage, execution: executionPage,
    mirroring: mirroringPage, events: eventsPage };
  const page = pages[r.page] || stateMachinesPage;
  let again = 3000;
  try {
    const node = await page(r);
    if (mine !== generation) return;
    const main = document.getElementById("page");
    const scroll = window.scrollY;
    main.replaceChildren(node.element);
    window.scrollTo(0, scroll);
    if (node.after) node.after();
    again = node.refresh;
    document.body.dataset.rendered = r.page;
    setLive(again ? "live · updated " + new Date().toLocaleTimeString() : "final");
  } catch (e) {
    if (mine !== generation) return;
    document.getElementById("page").replaceChildren(h("div", { class: "card error", "data-error": "1" }, String(e.message || e)));
    document.body.dataset.rendered = "error";
  }
  if (again) timer = setTimeout(() => { if (mine === generation) render(); }, again);
}

// ---------------------------------------------------------------- state machines

async function stateMachinesPage() {
  const data = await get("state-machines");
  const statuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];
  const rows = data.stateMachines.map(sm => h("tr", { "data-state-machine": sm.name },
    h("td", {}, h("a", { href: "#/executions?stateMachine=" + encodeURIComponent(sm.name) }, sm.name)),
    h("td", {}, sm.type),
    ...statuses.map(st => h("td", { class: "num", "data-count": st },
      sm.executions[st] ? h("a", { href: "#/executions?stateMachine=" + encodeURIComponent(sm.name) + "&status=" + st },
        badge(st), " ", sm.executions[st]) : h("span", { class: "muted" }, "0"))),
    h("td", { class: "num" }, sm.total)));
  return {
    element: h("div", {}, h("h1", {}, "State machines"),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Type"),
        ...statuses.map(st => h("th", { class: "num" }, st.replace("_", " ").toLowerCase())), h("th", { class: "num" }, "Total"))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 8, class: "muted" }, "No state machine deployed."))))),
    refresh: 3000,
  };
}

// ---------------------------------------------------------------- executions

async function executionsPage(r) {
  const q = new URLSearchParams();
  for (const k of ["status", "vpc", "stateMachine"]) if (r.params.get(k)) q.set(k, r.params.get(k));
  const [data, machines, all] = await Promise.all([get("executions?" + q), get("state-machines"), get("executions")]);
  const vpcs = [...new Set(all.executions.map(e => e.vpcId).filter(Boolean))].sort();
  const change = () => {
    const p = new URLSearchParams();
    document.querySelectorAll(".filters select").forEach(sel => { if (sel.value) p.set(sel.name, sel.value); });
    location.hash = "#/executions" + (p.toString() ? "?" + p : "");
  };
  const select = (name, label, options) => h("label", {}, label, h("select", { name, onchange: change },
    h("option", { value: "" }, "all"),
    options.map(o => h("option", { value: o, selected: r.params.get(name) === o ? "selected" : null }, o))));
  const rows = data.executions.map(e => h("tr", { "data-execution": e.arn, "data-status": e.status, "data-vpc": e.vpcId || "" },
    h("td", {}, executionLink(e.arn, e.name)),
    h("td", {}, e.stateMachine),
    h("td", {}, badge(e.status)),
    h("td", { class: "mono" }, when(e.start)),
    h("td", { class: "num" }, duration(e.durationMillis)),
    h("td", { class: "mono" }, e.vpcId || "")));
  return {
    element: h("div", {}, h("h1", {}, "Executions"),
      h("div", { class: "filters" },
        select("status", "Status", ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]),
        select("vpc", "VPC", vpcs),
        select("stateMachine", "State machine", machines.stateMachines.map(m => m.name)),
        h("span", { class: "muted" }, data.total + " execution" + (data.total === 1 ? "" : "s")
          + (data.total > data.executions.length ? " (newest " + data.executions.length + " shown)" : ""))),
      h("table", {}, h("thead", {}, h("tr", {}, ["Name", "State machine", "Status", "Started", "Duration", "VPC"]
        .map((t, i) => h("th", { class: i === 4 ? "num" : null }, t)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No execution matches."))))),
    refresh: 2000,
  };
}

// ---------------------------------------------------------------- one execution

let selectedState = null;
let selectedRun = {};
let detailsOpen = {};

async function executionPage(r) {
  const arn = decodeURIComponent(r.arg);
  const data = await get("execution?arn=" + encodeURIComponent(arn));
  const ex = data.execution;
  const states = data.states;
  const head = h("div", { class: "card" },
    h("h1", {}, ex.name, " ", badge(ex.status)),
    h("div", { class: "exec-head" },
      h("div", {}, h("span", {}, "State machine"), h("a", { href: "#/executions?stateMachine=" + encodeURIComponent(ex.stateMachine) }, ex.stateMachine), " (" + ex.type.toLowerCase() + ")"),
      h("div", {}, h("span", {}, "Started"), when(ex.start)),
      h("div", {}, h("span", {}, "Duration"), duration(ex.durationMillis)),
      h("div", {}, h("span", {}, "State transitions"), ex.stateTransitions),
      ex.vpcId ? h("div", {}, h("span", {}, "VPC"), h("a", { href: "#/executions?vpc=" + ex.vpcId }, ex.vpcId)) : null,
      data.parent ? h("div", {}, h("span", {}, "Started by"), executionLink(data.parent.arn, data.parent.name)) : null),
    ex.error ? h("p", { class: "error" }, h("b", {}, ex.error), " ", ex.cause || "") : null,
    h("p", { class: "mono muted" }, ex.arn));

  const graphBox = h("div", { class: "graph-wrap" });
  const legend = h("div", { class: "legend" }, STATUSES.map(st => badge(st)));
  const svg = drawGraph(data.graph, states);
  graphBox.append(svg);
  const panel = h("div", { class: "card", id: "state-panel" });
  const showState = (path) => {
    selectedState = path;
    svg.querySelectorAll(".state").forEach(g => g.classList.toggle("selected", g.dataset.state === path));
    panel.replaceChildren(...statePanel(path, states[path], findType(data.graph, path)).filter(Boolean));
  };
  svg.addEventListener("click", ev => {
    const g = ev.target.closest(".state");
    if (g) showState(g.dataset.state);
  });

  const children = data.children.length ? h("div", { class: "card" }, h("h2", {}, "Executions it started"),
    h("table", {}, h("tbody", {}, data.children.map(c => h("tr", { "data-child": c.arn },
      h("td", {}, executionLink(c.arn, c.name || c.arn)), h("td", {}, c.stateMachine || ""),
      h("td", {}, c.status ? badge(c.status) : ""), h("td", { class: "num" }, duration(c.durationMillis))))))) : null;

  const history = h("div", { class: "card" }, h("h2", {}, "Event history (" + data.history.length + " events)"),
    h("table", { "data-history": "1" }, h("thead", {}, h("tr", {}, ["ID", "Type", "Step", "Time", "Previous", "Details"]
      .map(t => h("th", {}, t)))),
    h("tbody", {}, data.history.map(historyRow))));

  const element = h("div", {}, head,
    h("div", { class: "split" }, h("div", {}, legend, graphBox), panel), children, history);
  return {
    element,
    after: () => showState(selectedState && (states[selectedState] || findType(data.graph, selectedState))
      ? selectedState : firstInteresting(states, data.graph)),
    refresh: ex.status === "RUNNING" ? 1000 : 0,
  };
}

function firstInteresting(states, graph) {
  for (const st of ["failed", "running", "caught", "retried"]) {
    const path = Object.keys(states).find(p => states[p].status === st);
    if (path) return path;
  }
  const first = graph.nodes.find(n => n.type !== "Start" && n.type !== "End");
  return first ? first.id : null;
}

function findType(graph, path) {
  for (const n of graph.nodes) {
    if (n.id === path) return n.type;
    if (n.graph) {
      const t = findType(n.graph, path);
      if (t) return t;
    }
  }
  return null;
}

function statePanel(path, state, type) {
  if (!path) return [h("p", { class: "muted" }, "Select a state in the graph.")];
  const out = [h("h2", {}, path.split("/").slice(-1)[0], " ", badge(state ? state.status : "notReached")),
    h("p", { class: "kv" }, type ? h("span", {}, "Type ", h("b", {}, type), " · ") : null,
      "Path ", h("b", { class: "mono" }, path))];
  if (!state) {
    out.push(h("p", { class: "muted" }, "This state was not reached."));
    return out;
  }
  const runs = state.runs;
  if (runs.length > 1) {
    out.push(h("p", { class: "kv" }, runs.length + " runs: ", Object.entries(state.counts).map(([k, v]) => [badge(k), " " + v + " "])));
  }
  let index = Math.min(selectedRun[path] ?? runs.length - 1, runs.length - 1);
  const body = h("div", {});
  const buttons = runs.length > 1 ? h("div", { class: "runs" }, runs.map((run, i) => h("button", {
    class: i === index ? "on" : null, title: STATUS_LABEL[run.status],
    onclick: () => { selectedRun[path] = i; index = i; buttons.querySelectorAll("button").forEach((b, j) => b.classList.toggle("on", j === i)); fill(); },
  }, "#" + (i + 1) + (run.status === "succeeded" ? "" : " " + run.status)))) : null;
  const section = (key, title, content) => {
    const d = h("details", { open: detailsOpen[key] === false ? null : "open" }, h("summary", {}, title), content);
    d.addEventListener("toggle", () => { detailsOpen[key] = d.open; });
    return d;
  };
  const fill = () => {
    const run = runs[index];
    body.replaceChildren(...[
      h("p", { class: "kv" }, badge(run.status), " entered ", h("b", {}, when(new Date(run.entered * 1000).toISOString())),
        run.exited ? [" · took ", h("b", {}, duration(Math.round((run.exited - run.entered) * 1000)))] : null,
        " · retries ", h("b", { "data-retries": run.retries }, run.retries)),
      run.errors.length ? h("div", {}, h("h3", {}, "Errors"), run.errors.map(e => h("p", { class: "error" },
        h("b", {}, e.error || e.event), " ", h("span", { class: "muted" }, "(" + e.event + ")"),
        e.cause ? h("pre", {}, pretty(e.cause)) : null))) : null,
      run.children.length ? h("div", {}, h("h3", {}, "Started"), run.children.map(c => h("div", {}, executionLink(c)))) : null,
      section("input", "Input", h("pre", { "data-input": "1" }, pretty(run.input))),
      run.output !== null && run.output !== undefined ? section("output", "Output", h("pre", { "data-output": "1" }, pretty(run.output))) : null,
    ].filter(Boolean));
  };
  fill();
  out.push(buttons, body);
  return out;
}

function historyRow(e) {
  const detailsKey = Object.keys(e).find(k => k.endsWith("EventDetails"));
  const d = detailsKey ? e[detailsKey] : null;
  const step = d && d.name ? d.name : "";
  const summary = d ? (d.error ? d.error : d.resource ? d.resource.split(":").slice(-1)[0] : "") : "";
  return h("tr", { "data-event-type": e.type },
    h("td", { class: "num" }, e.id), h("td", {}, e.type), h("td", {}, step),
    h("td", { class: "mono" }, when(new Date(e.timestamp * 1000).toISOString())),
    h("td", { class: "num" }, e.previousEventId),
    h("td", {}, d ? h("details", {}, h("summary", {}, summary || "details"), h("pre", {}, JSON.stringify(d, null, 2))) : ""));
}

function drawGraph(graph, states) {
  const svg = s("svg", { width: graph.width, height: graph.height, viewBox: `0 0 ${graph.width} ${graph.height}`,
    "data-graph": "1", role: "img" });
  const defs = s("defs", {});
  for (const [id, color] of [["arrow", "#7d8998"], ["arrow-catch", "#ec7211"]]) {
    defs.append(s("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: color })));
  }
  svg.append(defs);
  drawLevel(svg, graph, states);
  return svg;
}

function drawLevel(parent, graph, states) {
  for (const e of graph.edges) {
    const d = e.points.map((p, i) => (i ? "L" : "M") + p[0] + " " + p[1]).join(" ");
    parent.append(s("path", { d, class: "edge " + e.kind, "marker-end": e.kind === "catch" ? "url(#arrow-catch)" : "url(#arrow)",
      "data-edge": e.source + "->" + e.target }));
  }
  for (const n of graph.nodes) {
    if (n.type === "Start" || n.type === "End") {
      const reached = n.type === "Start" || Object.keys(states).length > 0;
      parent.append(s("g", { class: "marker", transform: `translate(${n.x},${n.y})` },
        s("circle", { cx: n.width / 2, cy: n.height / 2, r: n.width / 2 - 1, fill: n.type === "Start" ? "#fff" : "#232f3e",
          stroke: "#232f3e", "stroke-width": 1.5, opacity: reached ? 1 : 0.5 }),
        n.type === "End" ? s("circle", { cx: n.width / 2, cy: n.height / 2, r: n.width / 2 - 5, fill: "#fff" }) : null));
      continue;
    }
    const state = states[n.id];
    const status = n.type === "Branch" ? null : state ? state.status : "notReached";
    const [fill, stroke] = status ? FILL[status] : ["#fbfbfb", "#c6ccd2"];
    const g = s("g", { class: n.type === "Branch" ? "branch" : "state", transform: `translate(${n.x},${n.y})`,
      "data-state": n.type === "Branch" ? null : n.id, "data-status": status, "data-type": n.type });
    if (n.graph) {
      g.append(s("rect", { class: "box", width: n.width, height: n.height, fill: status ? fill : "#fbfbfb",
        "fill-opacity": status ? 0.35 : 1, stroke, "stroke-dasharray": n.type === "Branch" ? "4 3" : null, rx: 8 }));
      if (n.type !== "Branch") {
        g.append(s("text", { x: 10, y: 20, class: "container-label" }, n.name + " · " + n.type + countText(state)));
      }
      drawLevel(g, n.graph, states);
    } else {
      g.append(s("rect", { class: "box", width: n.width, height: n.height, fill, stroke, rx: 6 }));
      g.append(s("text", { x: n.width / 2, y: n.height / 2 + 4, "text-anchor": "middle" }, n.name + countText(state)));
    }
    g.append(s("title", {}, n.name + " (" + n.type + "): " + (STATUS_LABEL[status] || "")));
    parent.append(g);
  }
}

function countText(state) {
  return state && state.runs.length > 1 ? " ×" + state.runs.length : "";
}

// ---------------------------------------------------------------- mirroring

async function mirroringPage() {
  const data = await get("mirroring");
  const cards = data.vpcs.map(vpc => {
    const c = vpc.config;
    const last = vpc.lastReconcile;
    const chips = h("div", { class: "chips" }, Object.entries(vpc.counts).map(([k, v]) =>
      h("span", { class: "badge " + (k === "mirrored" ? "v-mirrored" : k === "pending" ? "v-pending" : "v-skipped"), "data-reason-count": k }, k + " " + v)));
    const subnets = vpc.subnets.map(sn => h("div", {},
      h("h3", {}, sn.name ? sn.name + " " : "", h("span", { class: "mono muted" }, sn.subnetId + " · " + sn.cidrBlock + " · " + sn.availabilityZone)),
      h("table", { class: "eni-table" }, h("colgroup", {}, ["23%", "11%", "19%", "17%", "15%", "15%"].map(w => h("col", { style: "width:" + w }))),
        h("thead", {}, h("tr", {}, ["ENI", "Type", "Instance", "Mirroring", "Session", "Other sessions"].map(t => h("th", {}, t)))),
        h("tbody", {}, sn.enis.length ? sn.enis.map(eniRow) : h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No ENI."))))));
    return h("div", { class: "card", "data-vpc": vpc.vpcId },
      h("div", { class: "vpc-head" }, h("h2", {}, vpc.vpcId, vpc.name ? " (" + vpc.name + ")" : ""),
        h("span", { class: "kv" }, "cluster ", h("b", {}, vpc.cluster)),
        h("span", { class: "badge " + (vpc.active ? "s-succeeded" : "s-notReached") }, vpc.active ? "active" : "being removed"),
        h("span", { class: "kv" }, "target ", h("b", { class: "mono" }, c.targetId), " · filter ", h("b", { class: "mono" }, c.filterId),
          " · session number ", h("b", {}, c.sessionNumber), c.virtualNetworkId !== undefined ? [" · VNI ", h("b", {}, c.virtualNetworkId)] : null),
        last ? h("span", { class: "kv", "data-last-reconcile": last.arn }, "last reconcile ", executionLink(last.arn, last.name), " ", badge(last.status), " ", when(last.start))
          : h("span", { class: "kv" }, "no reconcile yet")),
      chips, vpc.pendingDeletes.length ? h("p", { class: "kv" }, vpc.pendingDeletes.length + " owned session(s) to delete at the next reconcile") : null,
      subnets);
  });
  const others = data.unregisteredVpcs.length ? h("p", { class: "muted" }, "Not registered: ",
    data.unregisteredVpcs.map(v => v.vpcId + (v.name ? " (" + v.name + ")" : "")).join(", ")) : null;
  return {
    element: h("div", {}, h("h1", {}, "Mirroring"),
      cards.length ? cards : h("p", { class: "muted" }, "No VPC is registered. Register one with: mirrorflow --endpoint-url … add-vpc VPC_ID"),
      others),
    refresh: 2000,
  };
}

function eniRow(e) {
  const owned = e.owned[0];
  const instance = e.instanceId ? [h("span", { class: "mono" }, e.instanceId), e.instanceName ? " " + e.instanceName : "",
    h("br", {}), h("span", { class: "muted" }, (e.instanceType || "type unknown") + (e.instanceState ? " · " + e.instanceState : ""))] : h("span", { class: "muted" }, "—");
  const verdict = e.verdict === "skipped" ? h("span", { class: "badge v-skipped" }, "skipped: " + e.reason)
    : h("span", { class: "badge v-" + e.verdict }, e.verdict);
  return h("tr", { "data-eni": e.eniId, "data-verdict": e.verdict, "data-reason": e.reason || "" },
    h("td", {}, h("span", { class: "mono" }, e.eniId), e.description ? h("div", { class: "muted" }, e.description) : null),
    h("td", {}, e.interfaceType, e.requesterManaged ? h("div", { class: "muted" }, "requester-managed") : null),
    h("td", {}, instance),
    h("td", {}, verdict),
    h("td", {}, owned ? h("span", { class: "mono", "data-owned": owned.sessionId }, owned.sessionId,
      h("div", { class: "muted" }, "number " + owned.sessionNumber + " · VNI " + owned.virtualNetworkId + " · " + owned.targetId),
      h("div", { class: "muted", "data-packets": owned.packetsMirrored }, owned.packetsMirrored + " packets mirrored"
        + (owned.packetsTruncated ? " (" + owned.packetsTruncated + " truncated)" : ""))) : ""),
    h("td", {}, e.foreign.map(f => h("div", { "data-foreign": f.sessionId }, h("span", { class: "badge v-foreign" }, "foreign"), " ",
      h("span", { class: "mono" }, f.sessionId), h("div", { class: "muted" }, "number " + f.sessionNumber + " · " + f.targetId
        + (f.description ? " · " + f.description : ""))))));
}

// ---------------------------------------------------------------- events

async function eventsPage() {
  const data = await get("events");
  const rules = h("table", {}, h("thead", {}, h("tr", {}, ["Bus", "Rule", "State", "Schedule or pattern"].map(t => h("th", {}, t)))),
    h("tbody", {}, data.rules.map(r => h("tr", { "data-rule": r.name },
      h("td", {}, r.bus), h("td", { class: "mono" }, r.name), h("td", {}, r.state),
      h("td", { class: "mono" }, r.schedule || (r.pattern ? h("details", {}, h("summary", {}, "pattern"), h("pre", {}, pretty(r.pattern))) : ""))))));
  const events = h("table", {}, h("thead", {}, h("tr", {}, ["Time", "Bus", "Source", "Detail type", "Detail", "Matched rule", "Started"].map(t => h("th", {}, t)))),
    h("tbody", {}, data.events.length ? data.events.map(e => h("tr", { "data-event": e.id, "data-matched": e.matches.map(m => m.rule).join(" ") },
      h("td", { class: "mono" }, e.time), h("td", {}, e.bus), h("td", {}, e.source),
      h("td", {}, e.detailType, e.scheduled ? h("div", { class: "muted" }, "schedule") : null),
      h("td", {}, h("details", {}, h("summary", {}, summarize(e.detail)), h("pre", {}, JSON.stringify(e.detail, null, 2)))),
      h("td", {}, e.matches.length ? e.matches.map(m => h("div", { class: "mono" }, m.rule)) : h("span", { class: "muted" }, "no rule")),
      h("td", {}, e.matches.flatMap(m => m.deliveries).map(d => h("div", {},
        d.executionArn ? [executionLink(d.executionArn), " ", d.executionStatus ? badge(d.executionStatus) : ""]
          : h("span", { class: "mono" }, d.targetArn.split(":").slice(-1)[0]),
        d.status !== "DELIVERED" ? h("span", { class: "error" }, " " + d.status + (d.error ? " " + d.error : "")) : null)))))
      : h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No event yet."))));
  return {
    element: h("div", {}, h("h1", {}, "Events and schedules"), h("h2", {}, "Recent events (newest first)"), events,
      h("h2", {}, "Rules and schedules"), rules),
    refresh: 2000,
  };
}

function summarize(detail) {
  if (!detail || typeof detail !== "object") return String(detail);
  const keys = Object.keys(detail);
  if (!keys.length) return "{}";
  return keys.slice(0, 3).map(k => k + ": " + (typeof detail[k] === "object" ? "…" : detail[k])).join(", ");
}

window.addEventListener("hashchange", () => { selectedState = null; selectedRun = {}; render(); });
render();
