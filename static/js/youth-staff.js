/* Staff page of a youth group: keep the results panel current.
 *
 * Subscribes to the group's scope on /live; whenever a summary arrives (a member
 * answered, a round opened or closed), the server-rendered results fragment is
 * fetched again and swapped in, so the figures are drawn in one place only
 * (templates/staff/youth/results.html) with suppression already applied.
 */
(function () {
  'use strict';

  var panel = document.getElementById('youth-results');
  var body = document.getElementById('results-body');
  var state = document.getElementById('live-state');
  if (!panel || !body || typeof window.io !== 'function') return;

  var strings = {};
  try {
    strings = JSON.parse(document.getElementById('youth-strings').textContent);
  } catch (e) { /* the page still works without the status line */ }

  var scope = panel.getAttribute('data-scope');
  var url = panel.getAttribute('data-results-url');
  var pending = null;
  var FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]';
  var loading = false;

  function say(text) { if (state) state.textContent = text || ''; }

  /* At most one fetch at a time; a summary arriving meanwhile asks for one more. */
  function refresh() {
    if (loading) { pending = true; return; }
    loading = true;
    pending = false;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (reply) { return reply.ok ? reply.text() : Promise.reject(reply.status); })
      .then(function (html) {
        // Unchanged figures stay as they are: a keyboard user's focus is not disturbed.
        var fresh = document.createElement('div');
        fresh.innerHTML = html;
        if (fresh.innerHTML === body.innerHTML) return;
        var controls = body.querySelectorAll(FOCUSABLE);
        var at = Array.prototype.indexOf.call(controls, document.activeElement);
        var focusedId = at >= 0 ? document.activeElement.id : '';
        body.innerHTML = html;
        if (at < 0) return;
        // The same control again (by id, else by its place), or the panel's heading.
        var again = (focusedId && document.getElementById(focusedId)) || body.querySelectorAll(FOCUSABLE)[at];
        if (!again) {
          again = panel.querySelector('h2');
          if (again) again.setAttribute('tabindex', '-1');
        }
        if (again) again.focus();
      })
      .catch(function () { say(strings.offline); })
      .then(function () {
        loading = false;
        if (pending) refresh();
      });
  }

  var socket = window.io('/live', { transports: ['websocket', 'polling'], tryAllTransports: true });
  socket.on('connect', function () {
    socket.emit('subscribe', { scope: scope, window: 'today' }, function (reply) {
      if (reply && !reply.error) {
        say(strings.live);
        refresh();
      }
    });
  });
  socket.on('summary', function (summary) {
    if (summary && summary.scope === scope) refresh();
  });
  socket.on('disconnect', function () { say(strings.offline); });
  socket.on('connect_error', function () { say(strings.offline); });
})();
