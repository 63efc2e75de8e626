(function () {
  'use strict';
  var t0 = performance.now();
  var D = JSON.parse(document.getElementById('tl-data').textContent);
  var dict = D.dict, rows = D.rows, N = rows.length, ROWH = 28, OVERSCAN = 8;
  // Row layout (see HtmlReport.COLUMNS).
  var STREAM = 0, CA = 1, CP = 2, SA = 3, SP = 4, START = 5, DUR = 6, PKTS = 7, CB = 8, SB = 9, HS = 10, TD = 11,
      BY = 12, CS = 13, SS = 14, RETR = 15, DUP = 16, OOO = 17, LOST = 18, ZW = 19, KA = 20, RST = 21, HTTP = 22, DET = 23;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function ep(a, p) { var s = dict[a]; return (s.indexOf(':') >= 0 ? '[' + s + ']' : s) + ':' + p; }
  function secs(us) { return (us / 1e6).toFixed(3); }
  function dur(us) {
    if (us < 1000) return us + ' \u00b5s';
    if (us < 1e6) return (us / 1e3).toFixed(1) + ' ms';
    if (us < 6e7) return (us / 1e6).toFixed(2) + ' s';
    return (us / 6e7).toFixed(1) + ' min';
  }
  function bytes(n) {
    if (n < 1000) return n + ' B';
    if (n < 1e6) return (n / 1e3).toFixed(1) + ' kB';
    if (n < 1e9) return (n / 1e6).toFixed(1) + ' MB';
    return (n / 1e9).toFixed(2) + ' GB';
  }
  function score(r) {
    return (r[RST] > 0 ? 1000 : 0) + 20 * r[RETR] + 15 * r[LOST] + 10 * r[ZW] + 5 * r[OOO] + 2 * r[DUP] + (r[KA] > 0 ? 50 : 0);
  }
  function badges(r, into) {
    var any = false;
    function b(n, cls, label, title) {
      if (!n) return;
      any = true;
      var s = el('span', 'b ' + cls, (n > 1 || label.length > 3 ? n + ' ' : '') + label);
      s.title = title;
      into.appendChild(s);
    }
    b(r[RST], 'r', 'RST', 'reset segments');
    b(r[RETR], 'r', 'retr', 'retransmissions');
    b(r[LOST], 'o', 'lost', 'previous segment not captured');
    b(r[DUP], 'o', 'dup', 'duplicate ACKs');
    b(r[OOO], 'o', 'ooo', 'out-of-order segments');
    b(r[ZW], 'y', 'zwin', 'zero-window advertisements');
    // Keep-alive probes are no anomaly (the summary's count leaves them out too): "clean" first.
    if (!any) into.appendChild(el('span', 'b ok', 'clean'));
    b(r[KA], 'g', 'ka', 'keep-alive probes (not an anomaly)');
  }

  // ---- columns: header label, sort key, cell renderer -------------------------------------
  var rank = null;
  function dictRank() {
    if (rank) return rank;
    var idx = dict.map(function (_, i) { return i; });
    idx.sort(function (a, b) { return dict[a] < dict[b] ? -1 : dict[a] > dict[b] ? 1 : 0; });
    rank = new Int32Array(dict.length);
    idx.forEach(function (d, i) { rank[d] = i; });
    return rank;
  }
  var COLS = [
    { h: '#', k: function (r) { return r[STREAM]; }, c: function (r, s) { s.textContent = r[STREAM]; }, cls: 'num' },
    { h: 'Client', k: function (r) { return dictRank()[r[CA]] * 65536 + r[CP]; }, c: function (r, s) { s.textContent = ep(r[CA], r[CP]); }, cls: 'ep' },
    { h: 'Server', k: function (r) { return dictRank()[r[SA]] * 65536 + r[SP]; }, c: function (r, s) { s.textContent = ep(r[SA], r[SP]); }, cls: 'ep' },
    { h: 'Start (s)', k: function (r) { return r[START]; }, c: function (r, s) { s.textContent = secs(r[START]); }, cls: 'num' },
    { h: 'Duration', k: function (r) { return r[DUR]; }, c: function (r, s) { s.textContent = dur(r[DUR]); }, cls: 'num' },
    { h: 'Pkts', k: function (r) { return r[PKTS]; }, c: function (r, s) { s.textContent = r[PKTS]; }, cls: 'num' },
    { h: 'Bytes \u2191 / \u2193', k: function (r) { return r[CB] + r[SB]; }, c: function (r, s) { s.textContent = bytes(r[CB]) + ' / ' + bytes(r[SB]); }, cls: 'num' },
    { h: 'Handshake', k: function (r) { return dictRank()[r[HS]]; }, c: function (r, s) { s.textContent = dict[r[HS]]; } },
    { h: 'Teardown', k: function (r) { return dictRank()[r[TD]]; }, c: function (r, s) { s.textContent = dict[r[TD]]; } },
    { h: 'Closed by', k: function (r) { return dictRank()[r[BY]]; }, c: function (r, s) { s.textContent = dict[r[BY]]; } },
    { h: 'Final states (client / server)', k: function (r) { return dictRank()[r[CS]] * 65536 + dictRank()[r[SS]]; }, c: function (r, s) { s.textContent = dict[r[CS]] + ' / ' + dict[r[SS]]; } },
    { h: 'Anomalies', k: score, c: function (r, s) { s.textContent = ''; badges(r, s); } },
    { h: 'HTTP', k: function (r) { return r[HTTP]; }, c: function (r, s) { s.textContent = r[HTTP] || ''; }, cls: 'num' }
  ];

  // ---- filtering ---------------------------------------------------------------------------
  var search = null;
  function searchText(i) {
    if (!search) search = new Array(N);
    var s = search[i];
    if (s === undefined) {
      var r = rows[i];
      s = search[i] = (ep(r[CA], r[CP]) + ' ' + ep(r[SA], r[SP]) + ' ' + dict[r[HS]] + ' ' + dict[r[TD]] + ' ' +
        dict[r[BY]] + ' ' + dict[r[CS]] + ' ' + dict[r[SS]]).toLowerCase();
    }
    return s;
  }
  var ANOM = {
    any: function (r) { return r[RETR] + r[DUP] + r[OOO] + r[LOST] + r[ZW] + r[RST] > 0; },
    none: function (r) { return r[RETR] + r[DUP] + r[OOO] + r[LOST] + r[ZW] + r[RST] === 0; },
    retr: function (r) { return r[RETR] > 0; }, dup: function (r) { return r[DUP] > 0; },
    ooo: function (r) { return r[OOO] + r[LOST] > 0; }, lost: function (r) { return r[LOST] > 0; },
    zw: function (r) { return r[ZW] > 0; }, ka: function (r) { return r[KA] > 0; },
    rst: function (r) { return r[RST] > 0; }, http: function (r) { return r[HTTP] > 0; }
  };
  function norm(s) { return s.toLowerCase().replace(/-/g, '_'); }
  function compile(q) {
    var preds = [];
    q.trim().split(/\s+/).forEach(function (tok) {
      if (!tok) return;
      var m = /^([a-z]+):(.*)$/i.exec(tok), key = m ? m[1].toLowerCase() : '', v = m ? m[2].toLowerCase() : '';
      if (m && v !== '') {
        if (key === 'port') { var p = +v; preds.push(function (r) { return r[CP] === p || r[SP] === p; }); return; }
        if (key === 'sport' || key === 'serverport') { var sp = +v; preds.push(function (r) { return r[SP] === sp; }); return; }
        if (key === 'cport' || key === 'clientport') { var cp = +v; preds.push(function (r) { return r[CP] === cp; }); return; }
        if (key === 'stream') { var st = +v; preds.push(function (r) { return r[STREAM] === st; }); return; }
        if (key === 'addr' || key === 'host' || key === 'ip') { preds.push(function (r) { return dict[r[CA]].toLowerCase().indexOf(v) >= 0 || dict[r[SA]].toLowerCase().indexOf(v) >= 0; }); return; }
        if (key === 'client') { preds.push(function (r) { return ep(r[CA], r[CP]).toLowerCase().indexOf(v) >= 0; }); return; }
        if (key === 'server') { preds.push(function (r) { return ep(r[SA], r[SP]).toLowerCase().indexOf(v) >= 0; }); return; }
        if (key === 'state') { var ns = norm(v); preds.push(function (r) { return norm(dict[r[CS]]).indexOf(ns) >= 0 || norm(dict[r[SS]]).indexOf(ns) >= 0; }); return; }
        if (key === 'teardown' || key === 'td') { preds.push(function (r) { return dict[r[TD]].toLowerCase().indexOf(v) >= 0; }); return; }
        if (key === 'handshake' || key === 'hs') { preds.push(function (r) { return dict[r[HS]].toLowerCase().indexOf(v) >= 0; }); return; }
        if (key === 'has' || key === 'anomaly') { var f = ANOM[v] || ANOM[v.slice(0, 4)] || ANOM[v.slice(0, 3)] || ANOM[v.slice(0, 2)]; if (f) { preds.push(f); return; } }
      }
      var t = tok.toLowerCase();
      preds.push(function (r, i) { return searchText(i).indexOf(t) >= 0; });
    });
    return preds;
  }

  // ---- state -------------------------------------------------------------------------------
  var view = new Int32Array(N), viewN = 0, sortCol = -1, sortDir = 1, selected = -1;
  var qEl = $('tl-q'), tdEl = $('tl-td'), anEl = $('tl-an'), vp = $('tl-vp'), sp = $('tl-sp'), countEl = $('tl-count'), hd = $('tl-hd');

  function applyFilter() {
    var tf = performance.now();
    var preds = compile(qEl.value), td = tdEl.value === '' ? -1 : +tdEl.value, an = ANOM[anEl.value] || null, n = 0;
    for (var i = 0; i < N; i++) {
      var r = rows[i], ok = true;
      if (td >= 0 && r[TD] !== td) continue;
      if (an && !an(r)) continue;
      for (var k = 0; k < preds.length; k++) { if (!preds[k](r, i)) { ok = false; break; } }
      if (ok) view[n++] = i;
    }
    viewN = n;
    applySort();
    document.body.setAttribute('data-filter-ms', String(Math.round(performance.now() - tf)));
  }
  function applySort() {
    var sub = Array.prototype.slice.call(view.subarray(0, viewN));
    if (sortCol >= 0) {
      var key = COLS[sortCol].k, keys = new Float64Array(N);
      for (var j = 0; j < viewN; j++) keys[sub[j]] = key(rows[sub[j]]);
      sub.sort(function (a, b) { return (keys[a] - keys[b]) * sortDir || a - b; });
      for (var k = 0; k < viewN; k++) view[k] = sub[k];
    }
    countEl.textContent = viewN.toLocaleString('en-US') + ' of ' + N.toLocaleString('en-US') + ' connections';
    sp.style.height = (viewN * ROWH) + 'px';
    // Small tables take only the room they need; big ones a fixed share of the window.
    vp.style.height = viewN * ROWH < window.innerHeight * 0.6 ? (Math.max(viewN, 3) * ROWH + 2) + 'px' : '';
    document.body.setAttribute('data-matching', String(viewN));
    draw(true);
  }

  // ---- virtual rows ------------------------------------------------------------------------
  var pool = [], emptyEl = null;
  function rowEl() {
    var d = el('div', 'vr');
    d.setAttribute('role', 'row');
    COLS.forEach(function (c) { d.appendChild(el('span', c.cls || '')); });
    d.addEventListener('click', function () { select(+d.getAttribute('data-i'), true); });
    sp.appendChild(d);
    return d;
  }
  function draw(force) {
    var top = vp.scrollTop, h = vp.clientHeight || 500;
    var first = Math.max(0, Math.floor(top / ROWH) - OVERSCAN), last = Math.min(viewN, Math.ceil((top + h) / ROWH) + OVERSCAN);
    var need = last - first;
    while (pool.length < need) pool.push(rowEl());
    for (var p = 0; p < pool.length; p++) {
      var d = pool[p], vi = first + p;
      if (vi >= last) { d.hidden = true; continue; }
      var i = view[vi];
      d.hidden = false;
      if (force || d.getAttribute('data-vi') !== String(vi) || d.getAttribute('data-i') !== String(i)) {
        var r = rows[i], cells = d.children;
        for (var c = 0; c < COLS.length; c++) {
          COLS[c].c(r, cells[c]);
          if (c !== 11) cells[c].title = cells[c].textContent;
        }
        d.setAttribute('data-i', String(i));
        d.setAttribute('data-vi', String(vi));
        d.style.transform = 'translateY(' + (vi * ROWH) + 'px)';
      }
      d.classList.toggle('sel', i === selected);
    }
    if (!emptyEl) { emptyEl = el('div', 'empty', 'No connection matches the filter.'); vp.appendChild(emptyEl); }
    emptyEl.hidden = viewN !== 0;
    document.body.setAttribute('data-rendered-rows', String(Math.max(0, last - first)));
  }
  var pending = false;
  vp.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(false); });
  });
  window.addEventListener('resize', function () { draw(false); });
  // Keyboard: arrows move the selection through the filtered, sorted rows; Home/End jump.
  vp.tabIndex = 0;
  vp.addEventListener('keydown', function (e) {
    if (!viewN) return;
    var at = -1;
    for (var k = 0; k < viewN && selected >= 0; k++) if (view[k] === selected) { at = k; break; }
    var to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? viewN - 1 :
      e.key === 'PageDown' ? at + 10 : e.key === 'PageUp' ? at - 10 : null;
    if (to === null) return;
    e.preventDefault();
    to = Math.max(0, Math.min(viewN - 1, to));
    if (to * ROWH < vp.scrollTop) vp.scrollTop = to * ROWH;
    else if ((to + 1) * ROWH > vp.scrollTop + vp.clientHeight) vp.scrollTop = (to + 1) * ROWH - vp.clientHeight;
    select(view[to], false);
  });

  // ---- header ------------------------------------------------------------------------------
  COLS.forEach(function (c, ci) {
    var s = el('span', c.cls === 'num' ? 'num' : '', c.h);
    s.setAttribute('role', 'columnheader');
    s.title = 'Sort by ' + c.h;
    s.addEventListener('click', function () {
      if (sortCol === ci) sortDir = -sortDir; else { sortCol = ci; sortDir = ci === 11 ? -1 : 1; }
      Array.prototype.forEach.call(hd.children, function (h, hi) { h.className = (COLS[hi].cls === 'num' ? 'num ' : '') + (hi === sortCol ? (sortDir > 0 ? 'asc' : 'desc') : ''); });
      applySort();
    });
    hd.appendChild(s);
  });

  // ---- detail ------------------------------------------------------------------------------
  var panel = $('tl-detail');
  // Readers whose browser prefers Chinese see the Chinese lifecycle opened (#lang=zh|en forces it).
  var zh = /^zh/i.test(navigator.language || '');
  function langs(root) {
    Array.prototype.forEach.call(root.querySelectorAll('details.zh'), function (d) { d.open = zh; });
  }
  function fact(dl, k, v) {
    var d = el('div'); d.appendChild(el('dt', '', k)); d.appendChild(el('dd', '', v)); dl.appendChild(d);
  }
  function select(i, user) {
    selected = i;
    draw(false);
    var r = rows[i], stream = r[STREAM];
    panel.textContent = '';
    var art = $('conn-' + stream);
    if (art) {
      Array.prototype.forEach.call(document.querySelectorAll('article.conn.hl'), function (a) { a.classList.remove('hl'); });
      art.classList.add('hl');
      if (user) art.scrollIntoView({ block: 'start' });
      return;
    }
    var tpl = $('tl-d-' + stream);
    if (tpl) {
      panel.appendChild(document.importNode(tpl.content, true));
      langs(panel);
    } else {
      var a = el('article', 'conn');
      var h = el('header'); h.appendChild(el('h3', '', 'tcp.stream ' + stream)); h.appendChild(el('span', 'ep', ep(r[CA], r[CP]) + ' \u2192 ' + ep(r[SA], r[SP])));
      a.appendChild(h);
      var dl = el('dl', 'facts');
      fact(dl, 'Handshake', dict[r[HS]]); fact(dl, 'Teardown', dict[r[TD]]); fact(dl, 'Closed by', dict[r[BY]] || '\u2014');
      fact(dl, 'Final states', dict[r[CS]] + ' / ' + dict[r[SS]]); fact(dl, 'Packets', String(r[PKTS])); fact(dl, 'Duration', dur(r[DUR]));
      fact(dl, 'Bytes', bytes(r[CB]) + ' \u2191 / ' + bytes(r[SB]) + ' \u2193');
      var an = el('dd'); badges(r, an); var d = el('div'); d.appendChild(el('dt', '', 'Anomalies')); d.appendChild(an); dl.appendChild(d);
      a.appendChild(dl);
      a.appendChild(el('p', 'note', D.limited
        ? 'Diagrams and the lifecycle are kept only for the ' + D.detailed + ' most interesting connections of this capture (anomalies first); run tcplens ladder --stream ' + stream + ' for this one.'
        : 'No packet-level detail was recorded for this connection; run tcplens ladder --stream ' + stream + ' to see it.'));
      panel.appendChild(a);
    }
    if (user) panel.scrollIntoView({ block: 'start' });
  }

  // ---- wiring ------------------------------------------------------------------------------
  var timer = 0;
  qEl.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(applyFilter, N > 20000 ? 160 : 40); });
  tdEl.addEventListener('change', applyFilter);
  anEl.addEventListener('change', applyFilter);
  (D.teardowns || []).forEach(function (t) { var o = el('option', '', dict[t[0]] + ' (' + t[1] + ')'); o.value = String(t[0]); tdEl.appendChild(o); });

  function fromHash() {
    var h = location.hash.replace(/^#/, ''), q = null, conn = null, row = null;
    h.split('&').forEach(function (kv) {
      var i = kv.indexOf('='); if (i < 0) return;
      var k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, ' '));
      if (k === 'q') q = v; else if (k === 'conn') conn = +v; else if (k === 'an') anEl.value = v;
      else if (k === 'sort') {
        var lv = v.toLowerCase();
        COLS.forEach(function (c, ci) { if (String(ci) === lv || c.h.toLowerCase().indexOf(lv) === 0) sortCol = ci; });
      } else if (k === 'dir') sortDir = v === 'desc' || v === '-1' ? -1 : 1;
      else if (k === 'lang') zh = v === 'zh';
      else if (k === 'row') row = +v;
    });
    if (q !== null) qEl.value = q;
    langs(document);
    Array.prototype.forEach.call(hd.children, function (h, hi) { h.className = (COLS[hi].cls === 'num' ? 'num ' : '') + (hi === sortCol ? (sortDir > 0 ? 'asc' : 'desc') : ''); });
    applyFilter();
    if (row !== null) { vp.scrollTop = row * ROWH; draw(false); }
    if (conn !== null) {
      for (var i = 0; i < N; i++) if (rows[i][STREAM] === conn) { select(i, false); break; }
    }
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  document.body.setAttribute('data-init-ms', String(Math.round(performance.now() - t0)));
  document.body.setAttribute('data-ready', '1');
})();
