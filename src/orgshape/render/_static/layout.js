/* orgshape's compact org-chart layout, ported line by line from render/_layout.py.
 *
 * Same constants, same passes, same results: the browser tests compare these
 * coordinates with the Python layout's, exactly, on several orgs. Every coordinate
 * is a sum of multiples of 0.5 (the gaps are whole or half points and the box size
 * is even), so floating-point sums are exact and their order does not matter.
 * Keep this file in step with _layout.py.
 */
"use strict";

var GEOMETRY = {
  hgap: 22.0, vgap: 44.0, stack_gap: 10.0, hang_gap: 18.0,
  indent: 18.0, side_gap: 26.0, row_gap: 22.0, max_stack: 10
};

function Engine(kids, tops, leaf, assistant, o) {
  var g = o.geometry || GEOMETRY;
  this.w = o.box_w; this.h = o.box_h; this.g = g;
  this.rows = o.rows || null;
  var rows = this.rows;
  var n = kids.length;
  this.n = n; this.tops = tops;
  /* the layer of each node (reports have larger indexes than their managers) */
  this.depth = new Int32Array(n);
  for (v = 0; v < n; v++) {
    for (k = 0; k < kids[v].length; k++) this.depth[kids[v][k]] = this.depth[v] + 1;
  }
  this.wrap_from = 0;
  this.sides = new Array(n);
  this.items = new Array(n);
  this.hang = new Array(n);
  var cap = g.max_stack, v, k;
  for (v = 0; v < n; v++) {
    var leaves = [], subs = [], side = [];
    var kv = kids[v];
    for (k = 0; k < kv.length; k++) {
      var c = kv[k];
      if (assistant[c] && leaf[c]) side.push(c);
      else if (o.stack_leaves && leaf[c]) leaves.push(c);
      else subs.push(c);
    }
    var items = [];
    if (leaves.length) {
      var groups = [leaves];
      if (rows !== null) {
        var byRow = new Map();
        for (k = 0; k < leaves.length; k++) {
          var r0 = rows[leaves[k]];
          if (!byRow.has(r0)) byRow.set(r0, []);
          byRow.get(r0).push(leaves[k]);
        }
        var keys = Array.from(byRow.keys()).sort(function (a, b) { return a - b; });
        groups = keys.map(function (key) { return byRow.get(key); });
      }
      for (var gi = 0; gi < groups.length; gi++) {
        var group = groups[gi];
        for (k = 0; k < group.length; k += cap) {
          items.push([true, group[0], group.slice(k, k + cap)]);
        }
      }
    }
    for (k = 0; k < subs.length; k++) items.push([false, subs[k], []]);
    this.sides[v] = side;
    this.items[v] = items;
    this.hang[v] = false;
    if (items.length === 1 && items[0][0]) {
      var first = items[0][1];
      this.hang[v] = rows === null || rows[first] === rows[v] + 1;
    }
  }
  this.bw = new Float64Array(n);
  this.bh = new Float64Array(n);
  this.bx = new Float64Array(n);
  this.r = new Int32Array(n).fill(1);
  this.top_r = 1;
  this.active = [];
  for (v = n - 1; v >= 0; v--) {
    if (this.items[v].length && !this.hang[v]) {
      this.active.push(v);
    } else {
      var a = this.arrange(v, 1, this.items[v]);
      this.bw[v] = a.width; this.bh[v] = a.height; this.bx[v] = a.box_x;
    }
  }
}

Engine.prototype.topH = function (v) {
  var k = v >= 0 ? this.sides[v].length : 0;
  if (k <= 1) return v >= 0 ? this.h : 0.0;
  return k * this.h + (k - 1) * this.g.stack_gap;
};

Engine.prototype.itemSize = function (item) {
  if (item[0]) {
    var k = item[2].length;
    return [this.g.indent + this.w, k * this.h + (k - 1) * this.g.stack_gap, this.g.indent / 2];
  }
  var c = item[1];
  return [this.bw[c], this.bh[c], this.bx[c]];
};

function sumRange(a, start, end) {
  var s = 0;
  for (var i = start; i < end; i++) s += a[i];
  return s;
}

function keyLess(a0, a1, b0, b1) {
  return a0 < b0 || (a0 === b0 && a1 < b1);
}

Engine.prototype.rowSplit = function (widths, r) {
  var hgap = this.g.hgap;
  var n = widths.length;
  var per = Math.floor(n / r), extra = n % r;
  var out = [];
  var maxLeft = 0.0, maxRight = 0.0;
  var start = 0;
  for (var j = 0; j < r; j++) {
    var end = start + per + (j < extra ? 1 : 0);
    var total = sumRange(widths, start, end) + hgap * (end - start - 1);
    var bestM = start, bestK0 = Infinity, bestK1 = Infinity, bestLeft = 0.0;
    var left = 0.0, right;
    for (var m = start; m <= end; m++) {
      if (m > start) left += widths[m - 1] + (m - 1 > start ? hgap : 0.0);
      right = total - left - (start < m && m < end ? hgap : 0.0);
      var k0 = Math.max(maxLeft, left) + Math.max(maxRight, right);
      var k1 = Math.abs(left - right);
      if (keyLess(k0, k1, bestK0, bestK1)) {
        bestM = m; bestK0 = k0; bestK1 = k1; bestLeft = left;
      }
    }
    right = total - bestLeft - (start < bestM && bestM < end ? hgap : 0.0);
    maxLeft = Math.max(maxLeft, bestLeft);
    maxRight = Math.max(maxRight, right);
    out.push([start, end, bestM, bestLeft]);
    start = end;
  }
  return [maxLeft, maxRight, out];
};

Engine.prototype.rowsWidth = function (widths, r) {
  if (r === 1) return sumRange(widths, 0, widths.length) + this.g.hgap * (widths.length - 1);
  var s = this.rowSplit(widths, r);
  return s[0] + this.g.hgap + s[1];
};

Engine.prototype.chooseRows = function (v, widths, budget) {
  var n = widths.length;
  if (this.rows !== null || n <= 1 || this.rowsWidth(widths, 1) <= budget) return 1;
  if (v >= 0) return (n >= 3 && this.depth[v] >= this.wrap_from) ? 2 : 1;
  var lo = 2, hi = n;
  if (this.rowsWidth(widths, hi) > budget) return hi;
  while (lo < hi) {
    var mid = Math.floor((lo + hi) / 2);
    if (this.rowsWidth(widths, mid) <= budget) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

/* two columns around a trunk: item 2j left of it, 2j + 1 right, on row j */
Engine.prototype.compact = function (sizes, y0) {
  var g = this.g, n = sizes.length, k;
  var maxLeft = 0.0, maxRight = 0.0;
  for (k = 0; k < n; k += 2) maxLeft = Math.max(maxLeft, sizes[k][0]);
  for (k = 1; k < n; k += 2) maxRight = Math.max(maxRight, sizes[k][0]);
  var trunk = maxLeft + g.hgap / 2;
  var itemX = new Array(n).fill(0.0), itemY = new Array(n).fill(0.0);
  var top = y0, bottom = y0;
  for (k = 0; k < n; k += 2) {
    var rowH = sizes[k][1];
    itemX[k] = trunk - g.hgap / 2 - sizes[k][0];
    itemY[k] = top;
    if (k + 1 < n) {
      itemX[k + 1] = trunk + g.hgap / 2;
      itemY[k + 1] = top;
      rowH = Math.max(rowH, sizes[k + 1][1]);
    }
    bottom = top + rowH;
    top = bottom + g.row_gap;
  }
  return [trunk, maxLeft + g.hgap + maxRight, itemX, itemY, bottom];
};

Engine.prototype.arrange = function (v, r, items) {
  var w = this.w, h = this.h, g = this.g;
  var hasBox = v >= 0;
  var half = hasBox ? w / 2 : 0.0;
  var rightTop = half + ((hasBox && this.sides[v].length) ? (g.side_gap + w) : 0.0);
  var topH = this.topH(v);
  if (!items.length) {
    return { width: half + rightTop, height: topH, box_x: half, item_x: [], item_y: [], bus_y: [] };
  }
  var s0;
  if (hasBox && this.hang[v]) {
    s0 = this.itemSize(items[0]);
    var yh = topH + g.hang_gap;
    return { width: Math.max(s0[0], half + rightTop), height: yh + s0[1], box_x: half,
             item_x: [0.0], item_y: [yh], bus_y: [topH] };
  }
  var sizes = [], widths = [], k;
  for (k = 0; k < items.length; k++) {
    var sz = this.itemSize(items[k]);
    sizes.push(sz); widths.push(sz[0]);
  }
  var y0 = hasBox ? topH + g.vgap : 0.0;
  var itemX = [], itemY = [], busY = [];
  var bottom = 0.0, trunk, childrenW, x, top;
  if (r === 2 && hasBox) {
    var cp = this.compact(sizes, topH + g.row_gap);
    trunk = cp[0]; childrenW = cp[1]; itemX = cp[2]; itemY = cp[3]; bottom = cp[4];
    busY = itemY.map(function (yy) { return yy - g.row_gap / 2; });
  } else if (r === 1) {
    x = 0.0;
    for (k = 0; k < sizes.length; k++) {
      itemX.push(x);
      var extra = 0.0;
      if (this.rows !== null && hasBox) {
        var c = items[k][1];
        extra = Math.max(0.0, (this.rows[c] - this.rows[v] - 1) * (h + g.vgap));
      }
      itemY.push(y0 + extra);
      busY.push(y0 - g.vgap / 2);
      bottom = Math.max(bottom, y0 + extra + sizes[k][1]);
      x += sizes[k][0] + g.hgap;
    }
    childrenW = x - g.hgap;
    var last = sizes.length - 1;
    trunk = (itemX[0] + sizes[0][2] + itemX[last] + sizes[last][2]) / 2;
  } else {
    var split = this.rowSplit(widths, r);
    var maxLeft = split[0], maxRight = split[1], rws = split[2];
    trunk = maxLeft + g.hgap / 2;
    childrenW = maxLeft + g.hgap + maxRight;
    itemX = new Array(items.length).fill(0.0);
    itemY = new Array(items.length).fill(0.0);
    busY = new Array(items.length).fill(0.0);
    top = y0;
    for (var ri = 0; ri < rws.length; ri++) {
      var st = rws[ri][0], en = rws[ri][1], sp = rws[ri][2], lf = rws[ri][3];
      x = trunk - g.hgap / 2 - lf;
      var rowH = 0.0;
      for (k = st; k < en; k++) {
        if (k === sp) x = trunk + g.hgap / 2;
        itemX[k] = x;
        itemY[k] = top;
        busY[k] = top - g.vgap / 2;
        x += widths[k] + g.hgap;
        rowH = Math.max(rowH, sizes[k][1]);
      }
      bottom = top + rowH;
      top = bottom + g.vgap;
    }
  }
  var leftExt = Math.max(trunk, half);
  var shift = leftExt - trunk;
  if (shift) itemX = itemX.map(function (xx) { return xx + shift; });
  var width = leftExt + Math.max(childrenW - trunk, rightTop);
  return { width: width, height: Math.max(bottom, topH), box_x: leftExt,
           item_x: itemX, item_y: itemY, bus_y: busY };
};

Engine.prototype.measure = function (budget) {
  var bw = this.bw, bh = this.bh, bx = this.bx, rsel = this.r;
  for (var a_i = 0; a_i < this.active.length; a_i++) {
    var v = this.active[a_i];
    var items = this.items[v];
    var r = 1;
    if (items.length > 1) {
      var widths = [];
      for (var k = 0; k < items.length; k++) widths.push(this.itemSize(items[k])[0]);
      r = this.chooseRows(v, widths, budget);
    }
    rsel[v] = r;
    var a = this.arrange(v, r, items);
    bw[v] = a.width; bh[v] = a.height; bx[v] = a.box_x;
  }
  if (this.tops.length === 1) {
    var t = this.tops[0];
    return [bw[t], bh[t]];
  }
  var topItems = this.tops.map(function (t2) { return [false, t2, []]; });
  this.top_r = this.chooseRows(-1, this.tops.map(function (t3) { return bw[t3]; }), budget);
  var at = this.arrange(-1, this.top_r, topItems);
  return [at.width, at.height];
};

function clean(points) {
  var out = [points[0], points[1]];
  for (var k = 2; k < points.length; k += 2) {
    var x = points[k], y = points[k + 1];
    var L = out.length;
    if (x === out[L - 2] && y === out[L - 1]) continue;
    if (L >= 4) {
      var px = out[L - 4], py = out[L - 3], qx = out[L - 2], qy = out[L - 1];
      if ((px === qx && qx === x) || (py === qy && qy === y)) {
        out[L - 2] = x; out[L - 1] = y;
        continue;
      }
    }
    out.push(x, y);
  }
  return out;
}

Engine.prototype.place = function (budget) {
  var n = this.n;
  var xs = new Array(n).fill(0.0), ys = new Array(n).fill(0.0);
  var paths = new Array(n).fill(null);
  var ox_ = new Float64Array(n), oy_ = new Float64Array(n);
  var width, height, k;
  if (this.tops.length === 1) {
    width = this.bw[this.tops[0]]; height = this.bh[this.tops[0]];
  } else {
    var at = this.arrange(-1, this.top_r, this.tops.map(function (t) { return [false, t, []]; }));
    for (k = 0; k < this.tops.length; k++) {
      ox_[this.tops[k]] = at.item_x[k]; oy_[this.tops[k]] = at.item_y[k];
    }
    width = at.width; height = at.height;
  }
  var w = this.w, h = this.h, g = this.g;
  var byParent = new Uint8Array(n);
  for (var v = 0; v < n; v++) {
    if (byParent[v]) continue;
    var ox = ox_[v], oy = oy_[v];
    var items = this.items[v];
    var a = this.arrange(v, this.r[v], items);
    var bx = ox + a.box_x;
    xs[v] = bx; ys[v] = oy;
    var bottom = oy + h, mid = oy + h / 2, right = bx + w / 2;
    var sides = this.sides[v], cy;
    for (k = 0; k < sides.length; k++) {
      var c = sides[k];
      cy = oy + k * (h + g.stack_gap);
      xs[c] = right + g.side_gap + w / 2; ys[c] = cy;
      byParent[c] = 1;
      var sx = right + g.side_gap / 2;
      paths[c] = clean([right, mid, sx, mid, sx, cy + h / 2, right + g.side_gap, cy + h / 2]);
    }
    var compact = this.r[v] === 2;
    for (k = 0; k < items.length; k++) {
      var item = items[k];
      var ix = ox + a.item_x[k], iy = oy + a.item_y[k], by = oy + a.bus_y[k];
      if (compact) {
        this.placeCompact(k, item[1], item[2], [bx, bottom, ix, iy, by], xs, ys, paths);
        for (var mm = 0; mm < item[2].length; mm++) byParent[item[2][mm]] = 1;
        if (!item[0]) { ox_[item[1]] = ix; oy_[item[1]] = iy; }
        continue;
      }
      if (item[0]) {
        var trunk = ix + g.indent / 2, head;
        if (this.hang[v]) {
          trunk = bx - w / 2 + g.indent / 2;
          ix = bx - w / 2;
          head = [trunk, bottom];
        } else {
          head = [bx, bottom, bx, by, trunk, by];
        }
        var members = item[2];
        for (var m = 0; m < members.length; m++) {
          var c2 = members[m];
          cy = iy + m * (h + g.stack_gap);
          xs[c2] = ix + g.indent + w / 2; ys[c2] = cy;
          byParent[c2] = 1;
          paths[c2] = clean(head.concat([trunk, cy + h / 2, ix + g.indent, cy + h / 2]));
        }
      } else {
        var c3 = item[1];
        ox_[c3] = ix; oy_[c3] = iy;
        var anchor = ix + this.bx[c3];
        paths[c3] = clean([bx, bottom, bx, by, anchor, by, anchor, iy]);
      }
    }
  }
  var compactOf = Array.from(this.r, function (r) { return r === 2; });
  return { x: xs, y: ys, paths: paths, width: width, height: height, budget: budget,
           compact: compactOf };
};

/* a compact item hangs off the trunk: a team by the side of its top box, a stack
   (mirrored left of the trunk) by a jog in the gap above it */
Engine.prototype.placeCompact = function (k, c, members, where, xs, ys, paths) {
  var w = this.w, h = this.h, g = this.g;
  var bx = where[0], bottom = where[1], ix = where[2], iy = where[3], by = where[4];
  var left = k % 2 === 0;
  if (members.length) {
    var iw = g.indent + w;
    var trunk = left ? ix + iw - g.indent / 2 : ix + g.indent / 2;
    var boxX = left ? ix + w / 2 : ix + g.indent + w / 2;
    var edge = left ? boxX + w / 2 : boxX - w / 2;
    for (var m = 0; m < members.length; m++) {
      var c2 = members[m];
      var cy = iy + m * (h + g.stack_gap);
      xs[c2] = boxX; ys[c2] = cy;
      paths[c2] = clean([bx, bottom, bx, by, trunk, by, trunk, cy + h / 2, edge, cy + h / 2]);
    }
    return;
  }
  var anchor = ix + this.bx[c];
  var mid = iy + h / 2;
  if (left && this.sides[c].length) {
    paths[c] = clean([bx, bottom, bx, by, anchor, by, anchor, iy]);
  } else {
    var side = left ? anchor + w / 2 : anchor - w / 2;
    paths[c] = clean([bx, bottom, bx, mid, side, mid]);
  }
};

/* layout(kids, tops, leaf, assistant, {box_w, box_h, stack_leaves, aspect, rows}) */
function layout(kids, tops, leaf, assistant, o) {
  var opts = {
    box_w: o.box_w, box_h: o.box_h,
    stack_leaves: o.stack_leaves === undefined ? true : o.stack_leaves,
    rows: o.rows === undefined ? null : o.rows,
    geometry: o.geometry || GEOMETRY
  };
  var aspect = o.aspect === undefined ? 16 / 9 : o.aspect;
  var engine = new Engine(kids, tops, leaf, assistant, opts);
  var wh = engine.measure(Infinity);
  var budget = Infinity;
  if (aspect !== null && opts.rows === null && wh[0] > aspect * wh[1]) {
    /* the lowest layers wrap first: D, from the deepest manager up (see _layout.py) */
    var seen = {}, layers = [];
    for (var ai = 0; ai < engine.active.length; ai++) {
      var dd = engine.depth[engine.active[ai]];
      if (!seen[dd]) { seen[dd] = true; layers.push(dd); }
    }
    layers.sort(function (a, b) { return b - a; });
    for (var li = 0; li < layers.length; li++) {
      engine.wrap_from = layers[li];
      var whD = engine.measure(opts.box_w);
      if (whD[0] <= aspect * whD[1]) break;
    }
    var lo = opts.box_w, hi = wh[0], best = null;
    var bestRatio = wh[0] / wh[1], overRatio = wh[0] / wh[1];
    for (var i = 0; i < 16; i++) {
      var mid = Math.sqrt(lo * hi);
      var wh2 = engine.measure(mid);
      if (wh2[0] <= aspect * wh2[1]) { lo = mid; best = mid; bestRatio = wh2[0] / wh2[1]; }
      else { hi = mid; overRatio = wh2[0] / wh2[1]; }
      if (hi / lo < 1.03) break;
    }
    budget = best !== null ? best : opts.box_w;
    if (best !== null &&
        Math.abs(Math.log(overRatio / aspect)) < Math.abs(Math.log(bestRatio / aspect))) {
      budget = hi;
    }
    engine.measure(budget);
  }
  return engine.place(budget);
}
