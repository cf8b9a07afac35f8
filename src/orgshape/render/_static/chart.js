/* orgshape interactive org chart: pan/zoom, expand/collapse, search, details, findings.
 *
 * One self-contained page: the data is the JSON in <script id="orgshape-data">, the
 * layout is layout.js (a port of orgshape's own Python layout), and every string from
 * the data reaches the page through textContent or an attribute value, never as HTML.
 * No network, no eval, no inline event handlers (the page's Content-Security-Policy
 * allows only this script and its stylesheet).
 */
"use strict";

var T0 = performance.now();
var SVGNS = "http://www.w3.org/2000/svg";
var PT = 4 / 3;            // CSS px per point at 100 %
var MIN_K = 0.02, MAX_K = 4;
var GLYPH = { error: "\u2716", warning: "\u25B2", info: "\u25CF" };
var SEVERITIES = ["error", "warning", "info"];
var MAX_RESULTS = 30;

var D = JSON.parse(document.getElementById("orgshape-data").textContent);
var N = D.id.length;
var W = D.box.w, H = D.box.h;

/* ------------------------------------------------------------------ the full tree */

var kids = new Array(N);
var depth = new Int32Array(N);
var i, v, k;
for (v = 0; v < N; v++) kids[v] = [];
for (v = 0; v < N; v++) {
  var p0 = D.parent[v];
  if (p0 >= 0) { kids[p0].push(v); depth[v] = depth[p0] + 1; } else { depth[v] = 1; }
}
var isGhost = D.ghost, reports = D.reports;

/* what is hidden below each node: people, open roles, removed seats, findings */
var below = new Int32Array(N), belowOpen = new Int32Array(N), belowGhost = new Int32Array(N);
var costBelow = new Float64Array(N), hasCostBelow = new Uint8Array(N);
for (v = N - 1; v >= 0; v--) {
  var p1 = D.parent[v];
  if (p1 < 0) continue;
  if (isGhost[v]) belowGhost[p1] += 1 + belowGhost[v];
  else belowGhost[p1] += belowGhost[v];
  if (!isGhost[v]) {
    below[p1] += 1 + below[v];
    belowOpen[p1] += (D.vacancy[v] ? 1 : 0) + belowOpen[v];
    var c0 = D.cost[v];
    if (c0 !== null) { costBelow[p1] += c0; hasCostBelow[p1] = 1; }
    if (hasCostBelow[v]) { costBelow[p1] += costBelow[v]; hasCostBelow[p1] = 1; }
  }
}
var FINDINGS = D.findings;
var flags = new Array(N);          // findings on each node, most severe first
var worst = new Array(N);
var belowSev = [new Int32Array(N), new Int32Array(N), new Int32Array(N)];
(function () {
  var stamp = new Int32Array(N).fill(-1);
  FINDINGS.forEach(function (f, fi) {
    var s = SEVERITIES.indexOf(f.severity);
    f.index = fi;
    f.nodes.forEach(function (nv) {
      (flags[nv] = flags[nv] || []).push(f);
      // count the finding once on every node it is hidden below
      var a = D.parent[nv];
      while (a >= 0 && stamp[a] !== fi) { stamp[a] = fi; belowSev[s][a] += 1; a = D.parent[a]; }
    });
  });
  for (var x = 0; x < N; x++) {
    if (flags[x]) {
      flags[x].sort(function (a, b) {
        return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
      });
      worst[x] = flags[x][0].severity;
    }
  }
})();

/* ------------------------------------------------------------------ state */

var open = new Uint8Array(N);      // expanded nodes (only meaningful for nodes with kids)
var vis = null;                    // the visible tree and its layout
var nodeEl = new Array(N);         // box elements, made on first show
var selected = -1;
var pathSet = null;                // nodes on the highlighted path(s)
var view = { k: 1, tx: 0, ty: 0 };

var $ = function (id) { return document.getElementById(id); };
var svg = $("chart"), scene = $("scene"), boxesG = $("boxes");
var linesP = $("lines"), dottedG = $("dotted"), pathP = $("path");

function visibleTree() {
  // the full tree's order puts managers before reports (Python's visible_tree order:
  // positions breadth-first, then ghosts), so one pass finds what is drawn, with every
  // node's drawn reports in the same order as the Python chart's
  var of = new Int32Array(N).fill(-1), order = [], parent = [], vk = [], t2 = [];
  for (var x = 0; x < N; x++) {
    var p = D.parent[x];
    if (p >= 0 && (of[p] < 0 || !open[p])) continue;
    var j = order.length;
    of[x] = j; order.push(x); vk.push([]);
    if (p >= 0) { parent.push(of[p]); vk[of[p]].push(j); } else { parent.push(-1); t2.push(j); }
  }
  return { order: order, parent: parent, kids: vk, of: of, tops: t2 };
}

function hiddenBelow(x) {
  return kids[x].length && !open[x] ? below[x] + belowGhost[x] : 0;
}

function alignRows(t) {
  var rows = new Array(t.order.length);
  var ranks = t.order.map(function (x) { return D.rank[x]; });
  var known = t.tops.map(function (j) { return ranks[j]; }).filter(function (r) { return r !== null; });
  var base = known.length ? Math.min.apply(null, known) : 0;
  for (var j = 0; j < t.order.length; j++) {
    var p = t.parent[j], r = ranks[j];
    if (p < 0) rows[j] = r !== null ? r - base : 0;
    else if (D.assistant[t.order[j]] && !t.kids[j].length) rows[j] = rows[p];
    else if (r === null) rows[j] = rows[p] + 1;
    else rows[j] = Math.max(r - base, rows[p] + 1);
  }
  return rows;
}

function layoutOf(t) {
  var leaf = t.order.map(function (x, j) {
    return !t.kids[j].length && !hiddenBelow(x) && !reports[x];
  });
  var assistant = t.order.map(function (x) { return !!D.assistant[x]; });
  return layout(t.kids, t.tops, leaf, assistant, {
    box_w: W, box_h: H, stack_leaves: D.stack, aspect: D.aspect,
    rows: D.align ? alignRows(t) : null
  });
}

/* ------------------------------------------------------------------ drawing */

function el(name, attrs, parent) {
  var e = document.createElementNS(SVGNS, name);
  for (var a in attrs) if (Object.prototype.hasOwnProperty.call(attrs, a)) e.setAttribute(a, attrs[a]);
  if (parent) parent.appendChild(e);
  return e;
}

function fmtInt(x) { return Math.round(x).toLocaleString("en-US"); }

function badgeText(x) {
  var parts = ["+" + fmtInt(below[x])];
  if (belowOpen[x]) parts.push(fmtInt(belowOpen[x]) + " open");
  if (belowGhost[x]) parts.push(fmtInt(belowGhost[x]) + " removed");
  var sev = [];
  for (var s = 0; s < 3; s++) if (belowSev[s][x]) sev.push(GLYPH[SEVERITIES[s]] + belowSev[s][x]);
  if (sev.length) parts.push(sev.join(" "));
  return parts.join(" \u00B7 ");
}

function badgeTitle(x) {
  var t = fmtInt(below[x]) + (below[x] === 1 ? " position" : " positions") + " hidden below";
  if (belowOpen[x]) t += " (" + fmtInt(belowOpen[x]) + " open)";
  if (belowGhost[x]) t += ", " + fmtInt(belowGhost[x]) + " removed";
  var names = { error: "error", warning: "warning", info: "info finding" };
  for (var s = 0; s < 3; s++) {
    var c = belowSev[s][x];
    if (c) t += "; " + c + " " + names[SEVERITIES[s]] + (c === 1 ? "" : "s");
  }
  return t + ". Click to expand (Shift: the whole team).";
}

function makeBox(x) {
  var cls = "box lvl-" + (D.level[x] >= 0 ? D.level[x] : "x");
  if (D.vacancy[x]) cls += " vacancy";
  if (D.assistant[x]) cls += " assistant";
  if (isGhost[x]) cls += " ghost";
  if (worst[x]) cls += " flag-" + worst[x];
  if (D.marks[x]) cls += " marked";
  var g = el("g", { "class": cls, "data-id": D.id[x], "data-node": String(x), tabindex: "0",
                    role: "button" });
  var fill = isGhost[x] ? D.theme.ghost_fill : (D.level[x] >= 0 ? D.levels[D.level[x]].fill : D.theme.unknown_fill);
  var stroke = isGhost[x] ? D.theme.ghost_border : D.theme.border;
  var sw = 1;
  if (D.marks[x]) { stroke = D.marks[x][0]; sw = 2; }
  if (worst[x]) { stroke = D.theme[worst[x]]; sw = { error: 3.2, warning: 2.4, info: 1.8 }[worst[x]]; }
  el("rect", { "class": "frame", width: W, height: H, rx: 5, fill: fill, stroke: stroke, "stroke-width": sw }, g);
  var lines = D.lines[x], kinds = D.kinds[x];
  var f = D.font, hs = { n: f.name_height, f: f.field_height, m: f.mark_height, t: f.field_height };
  var total = 0;
  for (var j = 0; j < lines.length; j++) total += hs[kinds[j]];
  var y = (H - total) / 2, mk = 0;
  for (j = 0; j < lines.length; j++) {
    var kind = kinds[j];
    var t = el("text", { x: W / 2, y: y + hs[kind] / 2, "class": { n: "name", f: "field", m: "mark", t: "field" }[kind] }, g);
    if (kind === "m") { t.setAttribute("fill", D.markColours[x][mk]); mk++; }
    if (kind === "t" && D.theme.dotted) { t.setAttribute("fill", D.theme.dotted); t.setAttribute("font-style", "italic"); }
    t.textContent = lines[j];
    y += hs[kind];
  }
  var tip = el("title", {}, g);
  tip.textContent = (D.full[x] || D.lines[x]).join("\n") + (flags[x] ? "\n" + flags[x].map(function (fd) {
    return GLYPH[fd.severity] + " " + fd.code + ": " + fd.message;
  }).join("\n") : "");
  if (worst[x]) {
    var fg = el("g", { "class": "flag", transform: "translate(" + (W - 3) + ",3)" }, g);
    el("circle", { r: 8.5, fill: D.theme[worst[x]] }, fg);
    var ft = el("text", { y: 0.5, fill: D.theme.background }, fg);
    ft.textContent = GLYPH[worst[x]];
  }
  if (kids[x].length) {
    var tg = el("g", { "class": "toggle", transform: "translate(" + W / 2 + "," + H + ")" }, g);
    el("rect", { "class": "pill", y: -7.5, height: 15, rx: 7.5, fill: D.theme.badge_fill, stroke: D.theme.border }, tg);
    el("text", { y: 0.5 }, tg);
    el("title", {}, tg);
  }
  g.addEventListener("click", onBoxClick);
  g.addEventListener("keydown", onBoxKey);
  return g;
}

function updateToggle(x, g) {
  var tg = g.querySelector(".toggle");
  if (!tg) return;
  var label = open[x] ? "\u2212" : badgeText(x);
  var text = tg.querySelector("text"), pill = tg.querySelector(".pill");
  if (text.textContent !== label) {
    text.textContent = label;
    var w = open[x] ? 18 : Math.max(26, label.length * 5.6 + 12);
    pill.setAttribute("x", -w / 2);
    pill.setAttribute("width", w);
    tg.querySelector("title").textContent = open[x] ? "Collapse this team" : badgeTitle(x);
  }
  g.classList.toggle("collapsed", !open[x]);
}

function pathD(paths) {
  var out = [];
  for (var j = 0; j < paths.length; j++) {
    var pts = paths[j];
    if (!pts) continue;
    var s = "M" + pts[0] + " " + pts[1];
    for (var q = 2; q < pts.length; q += 2) s += "L" + pts[q] + " " + pts[q + 1];
    out.push(s);
  }
  return out.join("");
}

function curve(a, b) {       /* render/_dot.py's _curve, for dotted lines */
  var ax = a[0], ay = a[1], bx = b[0], by = b[1], sign;
  if (Math.abs(ax - bx) > W) {
    sign = bx > ax ? 1 : -1;
    var x0 = ax + sign * W / 2, x1 = bx - sign * W / 2, dx = (x1 - x0) / 2;
    return [x0, ay, x0 + dx, ay, x1 - dx, by, x1, by];
  }
  sign = by > ay ? 1 : -1;
  var y0 = ay + sign * H / 2, y1 = by - sign * H / 2;
  var bend = Math.max(W * 0.6, Math.abs(y1 - y0) / 3);
  return [ax + W / 2, ay, ax + W / 2 + bend, ay, bx + W / 2 + bend, by, bx + W / 2, by];
}

function render() {
  var t = visibleTree();
  var lay = layoutOf(t);
  vis = { t: t, lay: lay };
  // boxes that stay drawn move to their new place; the rest are mounted on demand
  mounted.forEach(function (x) {
    var j = t.of[x];
    if (j < 0) { unmount(x); return; }
    place(x, j);
    updateToggle(x, nodeEl[x]);
  });
  linesP.setAttribute("d", pathD(lay.paths));
  dottedG.replaceChildren();
  if (D.dotted_lines) {
    D.dotted.forEach(function (pair) {
      var a = t.of[pair[0]], b = t.of[pair[1]];   // [report, manager]
      if (a < 0 || b < 0 || a === b) return;
      var c = curve([lay.x[b], lay.y[b] + H / 2], [lay.x[a], lay.y[a] + H / 2]);
      el("path", { d: "M" + c[0] + " " + c[1] + "C" + c.slice(2).join(" "), "marker-end": "url(#arrow)" }, dottedG);
    });
  }
  overview = null;
  drawPath();
  mount();
  var people = 0;
  for (var q = 0; q < t.order.length; q++) if (!isGhost[t.order[q]]) people++;
  $("count").textContent = fmtInt(people) + " of " + fmtInt(D.scope) + " positions shown";
  svg.setAttribute("data-shown", String(t.order.length));
}

/* Only the boxes near the screen are in the page (a few hundred at most at a readable
   zoom), so a 10,000-box chart pans and zooms as fast as a small one. Zoomed out too far
   to read, the boxes are drawn as one filled path per colour instead (the overview),
   with flagged boxes outlined and collapsed teams marked by what they hide. */
var mounted = new Set();
var overview = null;
var FAR = 0.3;            // px per point below which the overview is drawn
var MARGIN = 300;         // px around the screen where boxes are kept mounted

function place(x, j) {
  nodeEl[x].setAttribute("transform", "translate(" + (vis.lay.x[j] - W / 2) + "," + vis.lay.y[j] + ")");
}

function unmount(x) {
  var g = nodeEl[x];
  if (g && g.parentNode) g.parentNode.removeChild(g);
  mounted.delete(x);
}

function mount() {
  if (!vis) return;
  var far = view.k < FAR;
  svg.classList.toggle("far", far);
  if (far) {
    drawOverview();
    mounted.forEach(unmount);
    return;
  }
  var s = size(), t = vis.t, lay = vis.lay;
  var x0 = (-view.tx - MARGIN) / view.k - W / 2, x1 = (s[0] - view.tx + MARGIN) / view.k + W / 2;
  var y0 = (-view.ty - MARGIN) / view.k - H, y1 = (s[1] - view.ty + MARGIN) / view.k;
  var frag = document.createDocumentFragment();
  for (var j = 0; j < t.order.length; j++) {
    var x = t.order[j], inside = lay.x[j] >= x0 && lay.x[j] <= x1 && lay.y[j] >= y0 && lay.y[j] <= y1;
    if (inside && !mounted.has(x)) {
      if (!nodeEl[x]) nodeEl[x] = makeBox(x);
      place(x, j);
      updateToggle(x, nodeEl[x]);
      decorate(x);
      frag.appendChild(nodeEl[x]);
      mounted.add(x);
    } else if (!inside && mounted.has(x) && document.activeElement !== nodeEl[x]) {
      unmount(x);
    }
  }
  boxesG.appendChild(frag);
}

function worstBelow(x) {
  for (var s2 = 0; s2 < 3; s2++) if (belowSev[s2][x]) return SEVERITIES[s2];
  return null;
}

function drawOverview() {
  if (overview) return;
  var t = vis.t, lay = vis.lay, byFill = {}, flagged = { error: [], warning: [], info: [] };
  var marks = { none: [], error: [], warning: [], info: [] };
  for (var j = 0; j < t.order.length; j++) {
    var x = t.order[j];
    var fill = isGhost[x] ? D.theme.ghost_fill : (D.level[x] >= 0 ? D.levels[D.level[x]].fill : D.theme.unknown_fill);
    var r = "M" + (lay.x[j] - W / 2) + " " + lay.y[j] + "h" + W + "v" + H + "h" + (-W) + "z";
    (byFill[fill] = byFill[fill] || []).push(r);
    if (worst[x]) flagged[worst[x]].push(r);
    if (kids[x].length && !open[x]) {
      var m = "M" + (lay.x[j] - 14) + " " + (lay.y[j] + H) + "h28v9h-28z";
      marks[worstBelow(x) || "none"].push(m);
    }
  }
  var g = $("overview");
  g.replaceChildren();
  Object.keys(byFill).forEach(function (fill) {
    el("path", { d: byFill[fill].join(""), fill: fill, stroke: D.theme.border, "stroke-width": 1 }, g);
  });
  SEVERITIES.forEach(function (sv) {
    if (flagged[sv].length) el("path", { d: flagged[sv].join(""), fill: "none", stroke: D.theme[sv], "stroke-width": 8, "class": "flagged" }, g);
  });
  Object.keys(marks).forEach(function (sv) {
    if (marks[sv].length) el("path", { d: marks[sv].join(""), fill: sv === "none" ? D.theme.border : D.theme[sv] }, g);
  });
  overview = true;
}

function decorate(x) {
  var g = nodeEl[x];
  g.classList.toggle("onpath", !!(pathSet && pathSet.has(x)));
  g.classList.toggle("selected", x === selected);
}

function drawPath() {
  var segs = [];
  if (pathSet && vis) {
    pathSet.forEach(function (x) {
      var j = vis.t.of[x];
      if (j >= 0 && vis.lay.paths[j] && pathSet.has(D.parent[x])) segs.push(vis.lay.paths[j]);
    });
  }
  pathP.setAttribute("d", pathD(segs));
  mounted.forEach(decorate);
}

/* ------------------------------------------------------------------ pan and zoom */

function apply() {
  scene.setAttribute("transform", "translate(" + view.tx + "," + view.ty + ") scale(" + view.k + ")");
  $("zoomlevel").textContent = Math.round(view.k / PT * 100) + "%";
  mount();
}

function size() { var r = svg.getBoundingClientRect(); return [r.width || 800, r.height || 600]; }

function zoomAt(factor, cx, cy) {
  var k2 = Math.min(MAX_K, Math.max(MIN_K, view.k * factor));
  var f = k2 / view.k;
  view.tx = cx - (cx - view.tx) * f;
  view.ty = cy - (cy - view.ty) * f;
  view.k = k2;
  apply();
}

function fitBox(x0, y0, x1, y1, maxK) {
  var s = size(), pad = 24, left = 0;
  var legend = $("legend");
  if (!legend.hidden && legend.offsetWidth < s[0] / 2) left = legend.offsetWidth + 8;
  var bw = Math.max(x1 - x0, 1), bh = Math.max(y1 - y0, 1);
  var room = s[0] - left - 2 * pad;
  var k2 = Math.min(room / bw, (s[1] - 2 * pad) / bh, maxK === undefined ? PT : maxK);
  view.k = Math.max(MIN_K, k2);
  view.tx = left + pad + (room - bw * view.k) / 2 - x0 * view.k;
  view.ty = Math.max(pad, (s[1] - bh * view.k) / 2) - y0 * view.k;
  apply();
}

function fit() { fitBox(-10, -10, vis.lay.width + 10, vis.lay.height + 20); }

function centreOn(nodes, minK) {
  var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  nodes.forEach(function (x) {
    var j = vis.t.of[x];
    if (j < 0) return;
    x0 = Math.min(x0, vis.lay.x[j] - W / 2); x1 = Math.max(x1, vis.lay.x[j] + W / 2);
    y0 = Math.min(y0, vis.lay.y[j]); y1 = Math.max(y1, vis.lay.y[j] + H);
  });
  if (x0 === Infinity) return;
  var s = size();
  var card = $("details");
  if (!card.hidden) {    // centre in the part the details card leaves free
    var cr = card.getBoundingClientRect(), sr = svg.getBoundingClientRect();
    if (cr.left - sr.left > s[0] / 3) s = [cr.left - sr.left, s[1]];
  }
  var k2 = Math.max(view.k, minK === undefined ? PT * 0.75 : minK);
  k2 = Math.min(k2, (s[0] - 48) / (x1 - x0 + 40), (s[1] - 48) / (y1 - y0 + 40));
  k2 = Math.max(MIN_K, Math.min(MAX_K, k2));
  view.k = k2;
  view.tx = s[0] / 2 - (x0 + x1) / 2 * k2;
  view.ty = s[1] / 2 - (y0 + y1) / 2 * k2;
  apply();
}

var embedded = window.self !== window.top;
svg.addEventListener("wheel", function (e) {
  if (embedded && !e.ctrlKey && !e.metaKey) return;   // in a notebook, the page scrolls
  e.preventDefault();
  var r = svg.getBoundingClientRect();
  var dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
  zoomAt(Math.exp(-dy * 0.002), e.clientX - r.left, e.clientY - r.top);
}, { passive: false });

var drag = null;
svg.addEventListener("pointerdown", function (e) {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty, moved: false, id: e.pointerId };
});
svg.addEventListener("pointermove", function (e) {
  if (!drag) return;
  var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) {
    drag.moved = true;
    svg.setPointerCapture(drag.id);
    svg.classList.add("dragging");
  }
  if (drag.moved) { view.tx = drag.tx + dx; view.ty = drag.ty + dy; apply(); }
});
function endDrag() {
  if (drag && drag.moved) {
    svg.classList.remove("dragging");
    suppressClick = true;
    setTimeout(function () { suppressClick = false; }, 0);
  }
  drag = null;
}
var suppressClick = false;
svg.addEventListener("pointerup", endDrag);
svg.addEventListener("pointercancel", endDrag);

function pan(dx, dy) { view.tx += dx; view.ty += dy; apply(); }

/* ------------------------------------------------------------------ expand and collapse */

function setOpen(x, on, deep) {
  if (!kids[x].length) return;
  if (deep) {
    var stack = [x];
    while (stack.length) {
      var y = stack.pop();
      if (kids[y].length) { open[y] = on ? 1 : 0; Array.prototype.push.apply(stack, kids[y]); }
    }
  } else {
    open[x] = on ? 1 : 0;
  }
}

function toggle(x, deep) {
  var j = vis.t.of[x];
  var before = j >= 0 ? [vis.lay.x[j], vis.lay.y[j]] : null;
  setOpen(x, !open[x], deep);
  render();
  // keep the box that was clicked where it was on screen
  var j2 = vis.t.of[x];
  if (before && j2 >= 0) {
    view.tx += (before[0] - vis.lay.x[j2]) * view.k;
    view.ty += (before[1] - vis.lay.y[j2]) * view.k;
    apply();
  }
}

function reveal(nodes) {
  nodes.forEach(function (x) {
    var a = D.parent[x];
    while (a >= 0) { open[a] = 1; a = D.parent[a]; }
  });
}

function chainOf(x) {
  var out = [];
  while (x >= 0) { out.push(x); x = D.parent[x]; }
  return out;
}

function showPeople(nodes, focus) {
  reveal(nodes);
  pathSet = new Set();
  nodes.forEach(function (x) { chainOf(x).forEach(function (y) { pathSet.add(y); }); });
  selected = focus === undefined ? (nodes.length ? nodes[0] : -1) : focus;
  render();
  if (selected >= 0) showDetails(selected);
  centreOn(nodes.length ? nodes : [selected]);
}

function onBoxClick(e) {
  if (suppressClick) return;
  var g = e.currentTarget;
  var x = Number(g.getAttribute("data-node"));
  e.stopPropagation();
  if (e.target.closest && e.target.closest(".toggle")) { toggle(x, e.shiftKey); return; }
  selected = x;
  pathSet = new Set(chainOf(x));
  drawPath();
  showDetails(x);
}

function onBoxKey(e) {
  var x = Number(e.currentTarget.getAttribute("data-node"));
  if (e.key === "Enter") { e.preventDefault(); selected = x; pathSet = new Set(chainOf(x)); drawPath(); showDetails(x); }
  else if (e.key === " " && kids[x].length) { e.preventDefault(); toggle(x, e.shiftKey); }
}

svg.addEventListener("click", function () {
  if (suppressClick) return;
  selected = -1; pathSet = null; drawPath(); hide("details");
});

/* ------------------------------------------------------------------ panels */

function node(tag, cls, text, parent) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function hide(id) { $(id).hidden = true; }

function personButton(x, parent) {
  var b = node("button", "person", D.name[x], parent);
  b.type = "button";
  b.title = D.id[x];
  b.addEventListener("click", function () { showPeople([x]); });
  return b;
}

function showDetails(x) {
  var box = $("details-body");
  box.replaceChildren();
  node("h2", null, D.name[x], box);
  if (D.title[x]) node("p", "subtitle", D.title[x], box);
  var dl = node("dl", null, null, box);
  function row(label, value) {
    if (value === null || value === undefined || value === "") return;
    node("dt", null, label, dl);
    node("dd", null, value, dl);
  }
  D.fields.names.forEach(function (label, c) { row(label, D.fields.values[c][x]); });
  if (!isGhost[x]) {
    row("Span of control", String(D.span[x]));
    row("Headcount below", fmtInt(below[x]) + (belowOpen[x] ? " (" + fmtInt(belowOpen[x]) + " open)" : ""));
    if (hasCostBelow[x]) row("Cost below", fmtInt(costBelow[x]));
  }
  if (isGhost[x]) node("p", "muted", "\u2715 Removed: this seat is not in the proposed org.", box);
  if (D.changes[x]) {
    node("h3", null, "Changes", box);
    var cl = node("ul", "changes", null, box);
    D.changes[x].forEach(function (c) { node("li", null, c, cl); });
  }
  var chain = chainOf(x).slice(1);
  if (chain.length) {
    node("h3", null, "Reports to", box);
    var ol = node("ol", "chain", null, box);
    chain.forEach(function (y) {
      var li = node("li", null, null, ol);
      personButton(y, li);
      if (D.title[y]) node("span", "muted", " " + D.title[y], li);
    });
  }
  if (flags[x]) {
    node("h3", null, "Findings", box);
    var ul = node("ul", "findings", null, box);
    flags[x].forEach(function (f) { findingItem(f, ul, false); });
  }
  $("details").hidden = false;
}

function findingItem(f, parent, withPeople) {
  var li = node("li", "finding sev-" + f.severity, null, parent);
  var head = node(withPeople ? "button" : "div", "finding-head", null, li);
  if (withPeople) {
    head.type = "button";
    head.addEventListener("click", function () { if (f.nodes.length) showPeople(f.nodes); });
  }
  node("span", "glyph", GLYPH[f.severity], head);
  node("span", "code", f.code, head);
  node("span", "message", f.message, head);
  if (f.hint) node("div", "hint", f.hint, li);
  if (withPeople && f.nodes.length) {
    var who = node("div", "who", null, li);
    f.nodes.slice(0, 8).forEach(function (x) { personButton(x, who); });
    if (f.nodes.length > 8) node("span", "muted", "\u2026 and " + (f.nodes.length - 8) + " more", who);
  }
  return li;
}

function buildFindings() {
  var list = $("findings-list");
  var counts = { error: 0, warning: 0, info: 0 };
  FINDINGS.forEach(function (f) { counts[f.severity]++; });
  var sorted = FINDINGS.slice().sort(function (a, b) {
    return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.index - b.index;
  });
  sorted.forEach(function (f) { findingItem(f, list, true); });
  var label = SEVERITIES.filter(function (s) { return counts[s]; })
    .map(function (s) { return GLYPH[s] + counts[s]; }).join(" ");
  var btn = $("findings-button");
  btn.textContent = "Findings" + (label ? " " + label : "");
  btn.disabled = !FINDINGS.length;
  if (!FINDINGS.length) btn.title = "No findings were given (orgshape.chart(org, highlight=report))";
  if (D.findings_left_out) node("li", "muted", "\u2026 and " + fmtInt(D.findings_left_out) + " more findings", list);
}

function buildLegend() {
  var box = $("legend-body");
  var used = new Set(), vac = false, asst = false, ghost = false, marks = new Set();
  for (var x = 0; x < N; x++) {
    used.add(D.level[x]);
    vac = vac || !!D.vacancy[x];
    asst = asst || !!D.assistant[x];
    ghost = ghost || !!isGhost[x];
    if (D.marks[x]) D.markKinds[x].forEach(function (m) { marks.add(m); });
  }
  function item(swatchCls, fill, text, border) {
    var row = node("div", "item", null, box);
    var sw = node("span", "swatch " + (swatchCls || ""), null, row);
    if (fill) sw.style.backgroundColor = fill;
    if (border) sw.style.borderColor = border;
    node("span", null, text, row);
    return sw;
  }
  D.levels.forEach(function (lv, j) { if (used.has(j)) item("", lv.fill, lv.label); });
  if (used.has(-1)) item("", D.theme.unknown_fill, "other / no ladder level");
  if (vac) item("dashed", D.theme.background, "open role (vacancy)");
  if (asst) item("text", null, "assistant (beside manager)").textContent = "\u25AD \u25AD";
  if (D.dotted.length && D.dotted_lines) {
    var s = item("text", null, "dotted-line manager");
    s.textContent = "- - -"; s.style.color = D.theme.dotted;
  }
  item("text", null, "hidden team: people \u00B7 open roles \u00B7 findings (click to expand)").textContent = "+N";
  SEVERITIES.forEach(function (sv) {
    if (FINDINGS.some(function (f) { return f.severity === sv; })) {
      var s2 = item("text", null, sv + " (click a box for the message)");
      s2.textContent = GLYPH[sv]; s2.style.color = D.theme[sv];
    }
  });
  marks.forEach(function (kind) {
    var st = D.theme.marks[kind];
    var s3 = item("text", null, st.label);
    s3.textContent = st.glyph; s3.style.color = st.colour;
  });
  if (ghost) {
    var s4 = item("text", null, "removed (was here)");
    s4.textContent = "\u2715"; s4.style.color = D.theme.ghost_border;
  }
}

/* ------------------------------------------------------------------ search */

function fold(s) {
  return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
var hay = null;
function haystack() {
  if (hay === null) {
    hay = new Array(N);
    for (var x = 0; x < N; x++) {
      hay[x] = [fold(D.name[x]), fold(D.title[x] || ""), fold(D.id[x])];
    }
  }
  return hay;
}

function search(q) {
  var words = fold(q).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  var h = haystack(), out = [];
  for (var x = 0; x < N; x++) {
    if (isGhost[x]) continue;
    var e = h[x], all = e[0] + "\n" + e[1] + "\n" + e[2], ok = true;
    for (var w = 0; w < words.length && ok; w++) ok = all.indexOf(words[w]) >= 0;
    if (!ok) continue;
    var score = e[2] === words.join(" ") ? 0 : e[0].indexOf(words[0]) === 0 ? 1 :
      e[0].indexOf(" " + words[0]) >= 0 ? 2 : e[0].indexOf(words[0]) >= 0 ? 3 : 4;
    out.push([score, depth[x], x]);
  }
  out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
  return out.map(function (r) { return r[2]; });
}

var results = [], active = -1;
var input = $("search"), list = $("results");

function showResults() {
  list.replaceChildren();
  var found = search(input.value);
  results = found.slice(0, MAX_RESULTS);
  active = results.length ? 0 : -1;
  results.forEach(function (x, j) {
    var li = node("li", j === active ? "active" : "", null, list);
    li.setAttribute("role", "option");
    li.setAttribute("data-id", D.id[x]);
    node("span", "name", D.name[x], li);
    node("span", "muted", [D.title[x], D.id[x]].filter(Boolean).join(" \u00B7 "), li);
    li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(j); });
  });
  if (input.value.trim() && !found.length) node("li", "muted", "No one matches", list);
  if (found.length > MAX_RESULTS) node("li", "muted", "\u2026 and " + fmtInt(found.length - MAX_RESULTS) + " more: type more", list);
  list.hidden = !input.value.trim();
}

function moveActive(d) {
  if (!results.length) return;
  active = (active + d + results.length) % results.length;
  list.querySelectorAll("li[role=option]").forEach(function (li, j) {
    li.classList.toggle("active", j === active);
    if (j === active) li.scrollIntoView({ block: "nearest" });
  });
}

function choose(j) {
  if (j < 0 || j >= results.length) return;
  list.hidden = true;
  showPeople([results[j]]);
}

input.addEventListener("input", showResults);
input.addEventListener("keydown", function (e) {
  if (e.key === "ArrowDown") { e.preventDefault(); moveActive(1); }
  else if (e.key === "ArrowUp") { e.preventDefault(); moveActive(-1); }
  else if (e.key === "Enter") { e.preventDefault(); if (list.hidden) showResults(); choose(active); }
  else if (e.key === "Escape") { input.value = ""; list.hidden = true; input.blur(); }
});
input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
input.addEventListener("focus", function () { if (input.value.trim()) showResults(); });

/* ------------------------------------------------------------------ toolbar and keys */

function button(id, fn) { $(id).addEventListener("click", fn); }
function centre() { var s = size(); return [s[0] / 2, s[1] / 2]; }
button("zoom-in", function () { var c = centre(); zoomAt(1.25, c[0], c[1]); });
button("zoom-out", function () { var c = centre(); zoomAt(0.8, c[0], c[1]); });
button("fit", fit);
button("expand-all", function () { for (var x = 0; x < N; x++) if (kids[x].length) open[x] = 1; render(); fit(); });
button("collapse-all", function () { open.fill(0); render(); fit(); });
button("findings-button", function () { $("findings").hidden = !$("findings").hidden; });
button("findings-close", function () { hide("findings"); });
button("details-close", function () { hide("details"); });
button("legend-button", function () { $("legend").hidden = !$("legend").hidden; fit(); });

document.addEventListener("keydown", function (e) {
  var tag = e.target && e.target.tagName;
  if (tag === "INPUT" || e.ctrlKey || e.metaKey || e.altKey) return;
  var c = centre();
  switch (e.key) {
    case "/": e.preventDefault(); input.focus(); input.select(); break;
    case "+": case "=": zoomAt(1.25, c[0], c[1]); break;
    case "-": case "_": zoomAt(0.8, c[0], c[1]); break;
    case "0": fit(); break;
    case "ArrowLeft": if (tag !== "g") { e.preventDefault(); pan(80, 0); } break;
    case "ArrowRight": if (tag !== "g") { e.preventDefault(); pan(-80, 0); } break;
    case "ArrowUp": e.preventDefault(); pan(0, 80); break;
    case "ArrowDown": e.preventDefault(); pan(0, -80); break;
    case "Escape": selected = -1; pathSet = null; drawPath(); hide("details"); hide("findings"); break;
    default: return;
  }
});
window.addEventListener("resize", function () { apply(); });

/* ------------------------------------------------------------------ start */

function openToDepth(d) {
  open.fill(0);
  for (var x = 0; x < N; x++) if (kids[x].length && depth[x] < d) open[x] = 1;
}

function autoDepth() {
  var s = size(), best = 1, maxDepth = 1;
  for (var x = 0; x < N; x++) if (depth[x] > maxDepth) maxDepth = depth[x];
  for (var d = 1; d <= maxDepth; d++) {
    openToDepth(d);
    var t = visibleTree();
    if (t.order.length > 1500) break;
    var lay = layoutOf(t);
    var kfit = Math.min((s[0] - 48) / (lay.width + 20), (s[1] - 48) / (lay.height + 30));
    if (d > 1 && kfit < 0.45 * PT) break;
    best = d;
  }
  return best;
}

function start() {
  if (D.heading) { document.title = D.heading; $("title").textContent = D.heading; }
  var init = D.initial;
  if (init && init.depth) openToDepth(init.depth);
  else if (init && init.closed) {
    for (var x = 0; x < N; x++) if (kids[x].length) open[x] = 1;
    init.closed.forEach(function (y) { open[y] = 0; });
  } else openToDepth(autoDepth());
  buildLegend();
  buildFindings();
  render();
  fit();
  timings.script = T0;
  timings.ready = performance.now();
  requestAnimationFrame(function () { timings.painted = performance.now(); });
  document.documentElement.setAttribute("data-ready", "1");
}

/* what tests and people building on the page can call */
var timings = {};
window.orgshape = {
  timings: timings,
  layout: layout,
  search: search,
  data: D,
  reveal: function (id) { var x = D.id.indexOf(id); if (x >= 0) showPeople([x]); return x; },
  toggle: function (id, deep) { var x = D.id.indexOf(id); if (x >= 0) toggle(x, deep); return x; },
  setClosed: function (ids) {
    for (var x = 0; x < N; x++) open[x] = kids[x].length ? 1 : 0;
    ids.forEach(function (id) { var y = D.id.indexOf(id); if (y >= 0) open[y] = 0; });
    render();
    fit();
  },
  visible: function () { return vis.t.order.map(function (x) { return D.id[x]; }); },
  mounted: function () { return Array.from(mounted, function (x) { return D.id[x]; }); },
  layoutNow: function () {
    return vis.t.order.map(function (x, j) {
      return [D.id[x], vis.lay.x[j], vis.lay.y[j], vis.lay.paths[j]];
    });
  },
  view: function () { return { k: view.k, tx: view.tx, ty: view.ty }; }
};

start();
