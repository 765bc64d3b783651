/* Staff live view: subscribe to the /live namespace and draw each summary.
   Plain ES2017 and no build step, like the kiosk; the only library is the
   vendored Socket.IO client. Every summary is a complete snapshot, so the
   page never adds things up itself: it draws the latest one it may trust.
   Suppressed figures arrive as null and are shown as "fewer than N". */
(function () {
  'use strict';

  var html = document.documentElement;
  var LANG = String(html.lang || 'sv');
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var ANNOUNCE_MS = 10000;     // announce "Updated" at most this often
  var ACK_TIMEOUT_MS = 10000;
  var RETRY_MS = 5000;
  var MAX_ALERTS = 5;
  var POINTS = { faces: 1, scale: 1 };
  var FILTERS = ['audience', 'locale', 'area'];

  var data = readJSON('live-data') || {};
  var S = readJSON('live-strings') || {};
  var QUESTIONS = data.questions || {};
  var ORDER = data.order || Object.keys(QUESTIONS);
  var URLS = data.urls || {};

  var form = byId('live-filters');
  var fields = {
    scope: byId('filter-scope'), window: byId('filter-window'),
    audience: byId('filter-audience'), locale: byId('filter-locale'), area: byId('filter-area')
  };
  var connection = byId('connection');
  var lastUpdate = byId('last-update');
  var subscriptionError = byId('subscription-error');
  var totalEl = byId('total');
  var totals = document.querySelector('.totals');
  var questionsSection = document.querySelector('.questions');
  var flowsHost = byId('flows');
  var alertsHost = byId('alerts');
  var announcer = byId('announcer');

  var socket = null;
  var current = null;        // the subscription the page shows: {scope, window, filters}
  var currentKey = '';
  var lastSeq = -Infinity;   // seq of the last summary drawn for `current`
  var retryTimer = null;
  var announcedAt = 0;
  var announceTimer = null;
  var flowGroups = {};       // flow key -> {root, audience}
  var cards = {};            // "flow/question" -> card parts
  var cardCount = 0;

  // --- small helpers --------------------------------------------------------

  function byId(id) { return document.getElementById(id); }

  function readJSON(id) {
    var node = byId(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }

  function t(key, params) {
    var s = S[key];
    if (s == null) s = key;
    if (!params) return s;
    return s.replace(/%\((\w+)\)s/g, function (m, name) { return params[name] != null ? params[name] : m; });
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    setAttrs(e, attrs);
    return e;
  }

  function setAttrs(e, attrs) {
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v == null || v === false) return;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.setAttribute('class', v);
      else e.setAttribute(k, v === true ? '' : v);
    });
  }

  function append(e, children) {
    (children || []).forEach(function (c) {
      if (c != null && c !== false) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
  }

  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  function format(value, options) {
    try { return new Intl.NumberFormat(LANG, options).format(value); } catch (e) { return String(value); }
  }

  function num(n) { return format(n); }
  function share(part, whole) { return format(whole ? part / whole : 0, { style: 'percent', maximumFractionDigits: 0 }); }
  function mean(m) { return format(m, { minimumFractionDigits: 1, maximumFractionDigits: 1 }); }

  function day(iso) {
    var d = new Date(String(iso) + 'T12:00:00Z');
    if (isNaN(d.getTime())) return String(iso);
    try { return d.toLocaleDateString(LANG, { day: 'numeric', month: 'short', timeZone: 'UTC' }); } catch (e) { return String(iso); }
  }

  function clock(d) {
    try { return d.toLocaleTimeString(LANG, { hour: '2-digit', minute: '2-digit', second: '2-digit' }); } catch (e) { return d.toISOString(); }
  }

  function labelOf(list, value) {
    for (var i = 0; i < (list || []).length; i++) if (list[i].value === value) return list[i].label;
    return value;
  }

  /* A name in another script (a unit, a language) keeps its own direction inside the sentence. */
  function bdi(text, lang) { return el('bdi', { text: text, lang: lang || null }); }

  function has(obj, key) { return obj != null && Object.prototype.hasOwnProperty.call(obj, key); }

  /* "Fewer than 5 responses", with a mark so it does not look like a missing figure. */
  function suppressedNote(tag) {
    return el(tag || 'p', { class: 'suppressed' }, [el('span', { class: 'suppressed-mark', 'aria-hidden': 'true' }), t('fewer')]);
  }

  // --- the subscription -----------------------------------------------------

  function chosen() {
    var filters = {};
    FILTERS.forEach(function (name) { filters[name] = fields[name].value || null; });
    return { scope: fields.scope.value, window: fields.window.value, filters: filters };
  }

  /* Compare subscriptions field by field: the server may echo the filters in another key order. */
  function keyOf(sub) {
    var f = (sub && sub.filters) || {};
    return JSON.stringify([sub && sub.scope, sub && sub.window].concat(FILTERS.map(function (name) { return f[name] || null; })));
  }

  /* The page's address keeps the choice, so a reload or a bookmark shows the same view. */
  function restoreFromAddress() {
    var params = new URLSearchParams(window.location.search);
    Object.keys(fields).forEach(function (name) {
      var v = params.get(name);
      if (v == null) return;
      var options = fields[name].options;
      for (var i = 0; i < options.length; i++) {
        if (options[i].value === v) { fields[name].value = v; return; }
      }
    });
  }

  function saveToAddress(sub) {
    if (!window.history || !window.history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    params.set('scope', sub.scope);
    params.set('window', sub.window);
    FILTERS.forEach(function (name) {
      if (sub.filters[name]) params.set(name, sub.filters[name]); else params.delete(name);
    });
    window.history.replaceState(null, '', window.location.pathname + '?' + params.toString());
  }

  /* Emit `subscribe` for the current choice; the server moves this client out of its old room. */
  function subscribe() {
    clearTimeout(retryTimer);
    current = chosen();
    currentKey = keyOf(current);
    // A new subscription (or a new connection, perhaps to a restarted server)
    // starts a new sequence; stale events from the old choice fail keyOf().
    lastSeq = -Infinity;
    saveToAddress(current);
    showFilteredCards();
    markStale(true);
    if (!socket || !socket.connected) return;
    var sentKey = currentKey;
    socket.timeout(ACK_TIMEOUT_MS).emit('subscribe', current, function (err, reply) {
      if (sentKey !== currentKey) return;  // the choice changed while we waited
      if (err) {
        showError(t('timeout'));
        retryTimer = setTimeout(function () { if (socket.connected && sentKey === currentKey) subscribe(); }, RETRY_MS);
        return;
      }
      if (!reply || reply.error) {
        var code = reply && reply.error;
        if (code === 'forbidden') showError(t('forbidden'));
        else if (code === 'unauthorized') { showError(t('offline')); setConnection('offline'); }
        // The server's own words say which filter it refused (they are not translated).
        else showError(t('invalid'), reply && reply.message);
        blank();
        return;
      }
      showError('');
      apply(reply);
    });
  }

  /* Draw a summary if it answers the current subscription and is newer than the one shown. */
  function apply(summary) {
    if (!summary || summary.error || keyOf(summary) !== currentKey) return false;
    var seq = Number(summary.seq);
    if (isFinite(seq)) {
      if (seq <= lastSeq) return false;
      lastSeq = seq;
    }
    draw(summary);
    markStale(false);
    lastUpdate.hidden = false;
    lastUpdate.textContent = t('last_update', { time: clock(new Date()) });
    announce();
    return true;
  }

  function showError(text, detail) {
    subscriptionError.textContent = detail ? text + ' ' + detail : text;
    subscriptionError.hidden = !text;
  }

  function markStale(stale) {
    [totals, questionsSection].forEach(function (s) {
      s.classList.toggle('is-stale', stale);
      if (stale) s.setAttribute('aria-busy', 'true'); else s.removeAttribute('aria-busy');
    });
  }

  /* Screen readers hear "Updated" now and then, not every second (WCAG 4.1.3 without noise). */
  function announce() {
    var wait = announcedAt + ANNOUNCE_MS - Date.now();
    if (wait <= 0) say();
    else if (!announceTimer) announceTimer = setTimeout(say, wait);
  }

  function say() {
    announceTimer = null;
    announcedAt = Date.now();
    announcer.textContent = '';
    // Emptied first, so the same word is announced again.
    setTimeout(function () { announcer.textContent = t('updated'); }, 150);
  }

  // --- connection -----------------------------------------------------------

  function setConnection(state) {
    var was = connection.getAttribute('data-state');
    // Losing the connection is news for screen-reader users too; repeats are not.
    if (state !== was && (state === 'offline' || state === 'reconnecting' || was !== 'connecting')) {
      announcer.textContent = t(state);
    }
    connection.setAttribute('data-state', state);
    connection.querySelector('.connection-text').textContent = t(state);
    var reload = connection.querySelector('button');
    if (state === 'offline' && !reload) {
      reload = el('button', { type: 'button', class: 'btn btn-small', text: t('reload') });
      reload.addEventListener('click', function () { window.location.reload(); });
      connection.appendChild(reload);
    } else if (state !== 'offline' && reload) {
      connection.removeChild(reload);
    }
  }

  function connect() {
    if (typeof window.io !== 'function') { setConnection('offline'); return; }
    // The session cookie authenticates us: same origin, so nothing else to send.
    // Hospital proxies sometimes block WebSocket; tryAllTransports falls back to polling.
    socket = window.io('/live', { transports: ['websocket', 'polling'], tryAllTransports: true });
    socket.on('connect', function () {
      setConnection('live');
      subscribe();
    });
    socket.on('disconnect', function (reason) {
      if (reason === 'io client disconnect') return;
      setConnection('reconnecting');
      markStale(true);
      // The client does not reconnect by itself after the server closed the
      // socket; try once more: a refused session ends in connect_error below.
      if (reason === 'io server disconnect') setTimeout(function () { socket.connect(); }, RETRY_MS);
    });
    socket.on('connect_error', function () {
      // Inactive means the server refused us (a session that ended): no retries follow.
      setConnection(socket.active ? 'reconnecting' : 'offline');
    });
    socket.on('summary', apply);
    socket.on('alert', showAlert);
  }

  // --- totals and breakdowns --------------------------------------------------

  function drawTotal(summary) {
    clear(totalEl);
    totalEl.classList.remove('is-suppressed');
    if (!summary) { totalEl.textContent = '–'; return; }
    if (summary.suppressed || summary.total == null) {
      totalEl.classList.add('is-suppressed');
      totalEl.appendChild(suppressedNote('span'));
    } else if (summary.total === 0) {
      totalEl.textContent = t('no_responses');
    } else {
      totalEl.textContent = t('total', { n: num(summary.total) });
    }
  }

  /* Rows in the order the page lists them (age bands, languages), then any the page does not know. */
  function drawBreakdown(tableId, groups, known, isLanguage) {
    var body = byId(tableId).tBodies[0];
    clear(body);
    if (!groups) return;
    var keys = known.map(function (k) { return k.value; }).filter(function (k) { return has(groups, k); });
    Object.keys(groups).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    if (!keys.length) {
      body.appendChild(el('tr', null, [el('td', { colspan: '2', text: t('no_responses') })]));
      return;
    }
    keys.forEach(function (k) {
      var g = groups[k] || {};
      var label = labelOf(known, k);
      var name = isLanguage ? bdi(label, k.replace(/_/g, '-')) : label;
      var figure = g.suppressed || g.n == null ? suppressedNote('span') : num(g.n);
      body.appendChild(el('tr', null, [el('th', { scope: 'row' }, [name]), el('td', { class: 'num' }, [figure])]));
    });
  }

  // --- question cards -----------------------------------------------------------

  function flowOf(key) {
    var q = QUESTIONS[key];
    return (q && q.flow) || String(key).split('/')[0];
  }

  function audienceOfFlow(flow) {
    var flows = data.flows || [];
    for (var i = 0; i < flows.length; i++) if (flows[i].key === flow) return flows[i].audience;
    for (var k in QUESTIONS) if (has(QUESTIONS, k) && QUESTIONS[k].flow === flow && QUESTIONS[k].audience) return QUESTIONS[k].audience;
    return null;
  }

  function flowGroup(flow, known) {
    if (flowGroups[flow]) return flowGroups[flow];
    var audience = known ? audienceOfFlow(flow) : null;
    var title = audience ? labelOf(data.audiences, audience) : (known ? flow : t('other_flow'));
    var id = 'flow-' + (Object.keys(flowGroups).length + 1);
    var grid = el('div', { class: 'cards' });
    var root = el('section', { class: 'flow', 'aria-labelledby': id, 'data-flow': flow }, [el('h3', { id: id, text: title }), grid]);
    flowsHost.appendChild(root);
    flowGroups[flow] = { root: root, grid: grid, audience: audience };
    return flowGroups[flow];
  }

  function card(key) {
    if (cards[key]) return cards[key];
    var q = QUESTIONS[key] || { flow: flowOf(key), question: key, type: '', text: key, options: [] };
    var group = flowGroup(flowOf(key), has(QUESTIONS, key));
    var id = 'question-' + (++cardCount);
    var heading = el('h4', { id: id, text: q.text || key });
    var meta = el('p', { class: 'card-meta' });
    if (q.area) meta.appendChild(el('span', { class: 'card-area', text: t('area', { area: q.area_label || labelOf(data.areas, q.area) }) }));
    var count = el('span', { class: 'card-n' });
    meta.appendChild(count);
    var body = el('div', { class: 'card-body' });
    var trend = el('div', { class: 'trend' });
    var root = el('article', { class: 'card question-card', 'aria-labelledby': id, 'data-question': key, 'data-type': q.type || null },
      [heading, meta, body, trend]);
    group.grid.appendChild(root);
    cards[key] = { key: key, q: q, root: root, group: group, headingId: id, count: count, body: body, trend: trend, details: null };
    return cards[key];
  }

  /* Flows in the order of the age groups (youngest first), whatever order the keys came in. */
  function buildCards() {
    var audiences = (data.audiences || []).map(function (a) { return a.value; });
    var flows = [];
    ORDER.forEach(function (key) { if (flows.indexOf(flowOf(key)) < 0) flows.push(flowOf(key)); });
    function rank(flow) {
      var i = audiences.indexOf(audienceOfFlow(flow));
      return i < 0 ? audiences.length : i;
    }
    flows.map(function (flow, i) { return [rank(flow), i, flow]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .forEach(function (f) { flowGroup(f[2], true); });
    ORDER.forEach(card);
  }

  /* Cards outside the chosen age group or area are hidden at once, before the server answers. */
  function showFilteredCards() {
    var f = chosen().filters;
    Object.keys(cards).forEach(function (key) {
      var c = cards[key];
      var out = (f.area && c.q.area && c.q.area !== f.area) ||
        (f.audience && c.group.audience && c.group.audience !== f.audience);
      c.root.hidden = !!out;
    });
    Object.keys(flowGroups).forEach(function (flow) {
      var g = flowGroups[flow];
      g.root.hidden = !g.grid.querySelector('.question-card:not([hidden])');
    });
  }

  function drawCard(c, result) {
    var q = c.q;
    clear(c.count);
    clear(c.body);
    if (!result) {
      c.count.textContent = '';
      c.body.appendChild(el('p', { class: 'muted', text: t('no_responses') }));
      drawTrend(c, null);
      return;
    }
    var suppressed = result.suppressed || result.n == null;
    if (suppressed) c.body.appendChild(suppressedNote());
    else if (!result.n) c.body.appendChild(el('p', { class: 'muted', text: t('no_responses') }));
    else c.count.textContent = t('n', { n: num(result.n) });

    if (q.type === 'text') {
      var note = el('p', { class: 'muted' }, [t('text_only') + ' ']);
      if (URLS.comments) note.appendChild(el('a', { href: URLS.comments, text: t('comments') }));
      c.body.appendChild(note);
    } else if (!suppressed && result.n && result.counts) {
      c.body.appendChild(distribution(c, result));
    }
    drawTrend(c, POINTS[q.type] ? result.trend : null);
  }

  /* A table, so every bar has its worded answer, its count and its share as text;
     the bar itself is decoration (WCAG 1.1.1, 1.4.1). */
  function distribution(c, result) {
    var options = (c.q.options || []).slice();
    var known = options.map(function (o) { return o.key; });
    Object.keys(result.counts).forEach(function (k) {
      if (known.indexOf(k) < 0) options.push({ key: k, label: k });
    });
    var body = el('tbody');
    options.forEach(function (o) {
      var n = Number(result.counts[o.key]) || 0;
      var fill = el('span', { class: 'bar-fill' });
      fill.style.inlineSize = Math.min(100, result.n ? (100 * n) / result.n : 0) + '%';
      var escape = POINTS[c.q.type] && !/^\d+$/.test(o.key);
      body.appendChild(el('tr', { class: escape ? 'escape' : null, 'data-value': o.key }, [
        el('th', { scope: 'row', text: o.label }),
        el('td', null, [el('div', { class: 'bar-row' }, [
          el('span', { class: 'bar', 'aria-hidden': 'true' }, [fill]),
          el('span', { class: 'bar-figure', text: t('count_share', { count: num(n), share: share(n, result.n) }) })
        ])])
      ]));
    });
    return el('table', { class: 'distribution', 'aria-labelledby': c.headingId }, [
      el('thead', null, [el('tr', null, [
        el('th', { scope: 'col', text: t('answer') }), el('th', { scope: 'col', text: t('responses') })
      ])]),
      body
    ]);
  }

  /* The daily mean as a line, with the same figures in words and in a table
     (WCAG 1.1.1). Days without a mean (too few answers) are left out. */
  function drawTrend(c, trend) {
    var points = (trend || []).filter(function (p) { return p && p.mean != null && p.day; });
    clear(c.trend);
    if (!trend || (!points.length && c.root.querySelector('.suppressed'))) { c.details = null; return; }
    var scale = (c.q.options || []).filter(function (o) { return /^\d+$/.test(o.key); });
    var max = scale.length || Math.max.apply(null, points.map(function (p) { return Math.ceil(p.mean); }).concat([2]));
    var head = el('p', { class: 'trend-title' }, [el('span', { text: t('trend') })]);
    c.trend.appendChild(head);
    if (!points.length) {
      c.trend.appendChild(el('p', { class: 'muted', text: t('no_trend') }));
      return;
    }
    var first = points[0], last = points[points.length - 1];
    var words = points.length === 1 ?
      t('trend_one', { mean: mean(last.mean), day: day(last.day) }) :
      t('trend_summary', { first: mean(first.mean), start: day(first.day), last: mean(last.mean), end: day(last.day) });
    var scaleWords = scale.length >= 2 ?
      t('trend_scale', { worst: scale[0].label, max: num(max), best: scale[scale.length - 1].label }) : '';
    c.trend.appendChild(sparkline(points, max));
    c.trend.appendChild(el('p', { class: 'trend-text' }, [words + (scaleWords ? ' (' + scaleWords + ')' : '')]));

    // The <details> element survives redraws, so an opened table stays open.
    if (!c.details) {
      c.details = el('details', { class: 'trend-days' }, [el('summary', { text: t('trend_days') })]);
      c.detailsTable = null;
    }
    var rows = el('tbody');
    points.forEach(function (p) {
      rows.appendChild(el('tr', null, [
        el('th', { scope: 'row', text: day(p.day) }),
        el('td', { class: 'num', text: mean(p.mean) }),
        el('td', { class: 'num' }, [p.n == null ? suppressedNote('span') : num(p.n)])
      ]));
    });
    var table = el('table', { class: 'data' }, [
      el('thead', null, [el('tr', null, [
        el('th', { scope: 'col', text: t('day') }),
        el('th', { scope: 'col', class: 'num', text: t('average') }),
        el('th', { scope: 'col', class: 'num', text: t('responses') })
      ])]),
      rows
    ]);
    if (c.detailsTable) c.details.replaceChild(table, c.detailsTable); else c.details.appendChild(table);
    c.detailsTable = table;
    c.trend.appendChild(c.details);
  }

  /* Days are placed by date, so a gap in the data is a gap in the line. */
  function sparkline(points, max) {
    var W = 240, H = 56, PAD = 6;
    var t0 = Date.parse(points[0].day + 'T12:00:00Z');
    var span = Math.max(1, Date.parse(points[points.length - 1].day + 'T12:00:00Z') - t0);
    var low = 1, high = Math.max(max, 2);
    function x(p) { return points.length === 1 ? W / 2 : PAD + ((Date.parse(p.day + 'T12:00:00Z') - t0) / span) * (W - 2 * PAD); }
    function y(v) { return PAD + ((high - Math.min(high, Math.max(low, v))) / (high - low)) * (H - 2 * PAD); }
    var chart = svg('svg', {
      class: 'sparkline', viewBox: '0 0 ' + W + ' ' + H, width: W, height: H,
      'aria-hidden': 'true', focusable: 'false'
    });
    chart.appendChild(svg('line', { class: 'spark-axis', x1: 0, x2: W, y1: y(high), y2: y(high) }));
    chart.appendChild(svg('line', { class: 'spark-axis', x1: 0, x2: W, y1: y(low), y2: y(low) }));
    // A day without a mean breaks the line rather than being bridged.
    var DAY_MS = 86400000, run = [], prev = null;
    function flush() {
      if (run.length > 1) chart.appendChild(svg('polyline', { class: 'spark-line', fill: 'none', points: run.join(' ') }));
      run = [];
    }
    points.forEach(function (p) {
      var at = Date.parse(p.day + 'T12:00:00Z');
      if (prev != null && at - prev > DAY_MS * 1.5) flush();
      run.push(x(p).toFixed(1) + ',' + y(p.mean).toFixed(1));
      prev = at;
    });
    flush();
    points.forEach(function (p, i) {
      chart.appendChild(svg('circle', {
        class: i === points.length - 1 ? 'spark-dot spark-last' : 'spark-dot',
        cx: x(p).toFixed(1), cy: y(p.mean).toFixed(1), r: i === points.length - 1 ? 4 : 2.5
      }));
    });
    return chart;
  }

  function draw(summary) {
    drawTotal(summary);
    drawBreakdown('by-audience', summary && summary.by_audience, data.audiences || []);
    drawBreakdown('by-locale', summary && summary.by_locale, data.locales || [], true);
    var results = (summary && summary.questions) || {};
    Object.keys(results).forEach(card);
    showFilteredCards();
    Object.keys(cards).forEach(function (key) {
      if (summary) drawCard(cards[key], results[key]);
      else blankCard(cards[key]);
    });
  }

  /* After a refusal nothing is shown, rather than the figures of the previous choice. */
  function blank() {
    draw(null);
    markStale(false);
  }

  function blankCard(c) {
    clear(c.count);
    clear(c.body);
    clear(c.trend);
    c.body.appendChild(el('p', { class: 'muted', text: '–' }));
  }

  // --- alerts ---------------------------------------------------------------------

  function showAlert(a) {
    if (!a) return;
    var kind = a.kind === 'safeguarding' ? 'safeguarding' : 'talk';
    var title = el('p', { class: 'alert-title' }, [
      el('span', { class: 'alert-mark', 'aria-hidden': 'true' }),
      el('strong', { text: t('alert_' + kind) })
    ]);
    var where = a.unit_name || a.unit;
    if (where) append(title, [' – ', bdi(where), ', ' + clock(new Date())]);
    var parts = [title];
    if (a.message) parts.push(el('p', { class: 'alert-message', dir: 'auto', text: a.message }));
    if (kind === 'safeguarding' && URLS.safeguarding) parts.push(el('p', null, [el('a', { href: URLS.safeguarding, text: t('alert_open') })]));
    var dismiss = el('button', { type: 'button', class: 'btn btn-small alert-dismiss', text: t('dismiss') });
    var box = el('div', { class: 'alert alert-' + kind, role: 'alert' }, [el('div', { class: 'alert-body' }, parts), dismiss]);
    dismiss.addEventListener('click', function () { closeAlert(box); });
    alertsHost.insertBefore(box, alertsHost.firstChild);
    while (alertsHost.children.length > MAX_ALERTS) alertsHost.removeChild(alertsHost.lastChild);
  }

  /* Focus goes to the next alert's button, or to the page heading, never to nowhere. */
  function closeAlert(box) {
    var next = box.nextElementSibling || box.previousElementSibling;
    var hadFocus = box.contains(document.activeElement);
    alertsHost.removeChild(box);
    if (!hadFocus) return;
    var target = next ? next.querySelector('.alert-dismiss') : document.querySelector('h1');
    if (target === document.querySelector('h1')) target.setAttribute('tabindex', '-1');
    target.focus();
  }

  // --- start ----------------------------------------------------------------------

  if (!form || !fields.scope || !fields.scope.value) return;
  restoreFromAddress();
  buildCards();
  showFilteredCards();
  draw(null);
  markStale(true);
  form.addEventListener('change', subscribe);
  form.addEventListener('submit', function (e) { e.preventDefault(); subscribe(); });
  connect();
})();
