/* Small behaviour for staff pages other than the live view.
   Kiosk board: refresh the figures every 15 s from the status endpoint
   (same-origin fetch with the session cookie), rather than a meta refresh that
   would move a keyboard or screen-reader user back to the top of the page.
   Plain ES2017, no build step, no libraries. */
(function () {
  'use strict';

  var LANG = String(document.documentElement.lang || 'sv');

  function readJSON(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }

  function clock(d) {
    try { return d.toLocaleTimeString(LANG, { hour: '2-digit', minute: '2-digit', second: '2-digit' }); } catch (e) { return d.toISOString(); }
  }

  function fill(s, params) {
    return String(s).replace(/%\((\w+)\)s/g, function (m, name) { return params[name] != null ? params[name] : m; });
  }

  /* Change a cell only when its text changes, so a screen reader's place is kept. */
  function setText(cell, text) {
    if (cell && cell.textContent !== text) cell.textContent = text;
  }

  function kioskBoard(table) {
    var S = readJSON('staff-strings') || {};
    var url = table.getAttribute('data-status-url');
    var every = Math.max(5, parseInt(table.getAttribute('data-refresh-seconds'), 10) || 15) * 1000;
    var state = document.getElementById('refresh-state');
    var changed = document.getElementById('kiosks-changed');
    var lastGood = new Date();
    var timer = null;
    var busy = false;

    function t(key, params) { return fill(S[key] == null ? key : S[key], params || {}); }

    function figure(v) { return v == null ? '–' : String(v); }

    function statusOf(k) {
      var kind = k.revoked ? 'revoked' : k.online ? 'online' : 'offline';
      var wrap = document.createElement('span');
      wrap.className = 'status status-' + kind;
      var mark = document.createElement('span');
      mark.className = 'status-mark';
      mark.setAttribute('aria-hidden', 'true');
      wrap.appendChild(mark);
      wrap.appendChild(document.createTextNode(t(kind)));
      return wrap;
    }

    function updateRow(row, k) {
      var cell = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
      var status = cell('status');
      var fresh = statusOf(k);
      var old = status.querySelector('.status');
      if (!old || old.className !== fresh.className) {
        status.textContent = '';
        status.appendChild(fresh);
      }
      setText(cell('last_seen'), k.last_seen || t('never'));
      setText(cell('responses_today'), k.responses_today == null ? t('fewer') : String(k.responses_today));
      setText(cell('outbox'), figure(k.outbox));
      setText(cell('refused'), figure(k.refused));
      row.classList.toggle('is-revoked', !!k.revoked);
      // Revoked elsewhere meanwhile: nothing left to revoke here.
      var actions = cell('actions');
      if (k.revoked && actions && actions.firstElementChild) actions.textContent = '';
    }

    function update(body) {
      var list = (body && body.kiosks) || [];
      var byId = {};
      list.forEach(function (k) { byId[String(k.id)] = k; });
      var rows = table.tBodies[0].rows;
      var seen = 0;
      var missing = false;
      for (var i = 0; i < rows.length; i++) {
        var k = byId[rows[i].getAttribute('data-kiosk-id')];
        if (k) { updateRow(rows[i], k); seen++; } else missing = true;
      }
      // New or removed kiosks need forms the server draws: ask for a reload.
      if (changed) changed.hidden = !(missing || seen < list.length);
      lastGood = new Date();
      state.hidden = false;
      state.classList.remove('warn-figure');
      state.textContent = t('refreshed', { time: clock(lastGood) });
    }

    function failed() {
      state.hidden = false;
      state.classList.add('warn-figure');
      state.textContent = t('refresh_failed', { time: clock(lastGood) });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, every);
    }

    function refresh() {
      if (busy || !window.fetch) return;
      // A hidden tab does not poll; it refreshes as soon as it is shown again.
      if (document.hidden) return;
      busy = true;
      fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
        .then(function (r) {
          var type = r.headers.get('Content-Type') || '';
          // A lapsed session is redirected to the login page, which is not JSON.
          if (!r.ok || type.indexOf('json') < 0) throw new Error('status ' + r.status);
          return r.json();
        })
        .then(update)
        .catch(failed)
        .then(function () { busy = false; schedule(); });
    }

    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) { clearTimeout(timer); refresh(); }
    });
    schedule();
  }

  var board = document.getElementById('kiosk-table');
  if (board && board.getAttribute('data-status-url')) kioskBoard(board);
})();
