/* A youth reference group member's page: rounds, one question per screen, results.
   Plain ES5 with fetch and no libraries or build step: it has to be quick on a
   cheap phone. The personal link's token is read from the page and sent only as
   a bearer token to the API; it is never stored on the phone (a finished answer
   that could not be sent is, under the member's number, until it is sent). */
(function () {
  'use strict';

  var html = document.documentElement;
  var root = document.getElementById('youth');
  var host = document.getElementById('screen');
  var statusBox = document.getElementById('status');
  if (!root || !host) return;

  var TOKEN = root.getAttribute('data-token') || '';
  var LOCALE = root.getAttribute('data-current-locale') || html.lang || 'sv';
  var FALLBACK = 'sv';
  var ROUNDS_URL = root.getAttribute('data-rounds-url') || '/api/v1/youth/rounds';
  var RESPONSES_URL = root.getAttribute('data-responses-url') || '/api/v1/responses';
  var LANG_KEY = 'waitingroom.youth.lang';
  var DRAFT_KEY = 'waitingroom.youth.draft';      // sessionStorage: a round in progress
  var PENDING_KEY = 'waitingroom.youth.pending';  // localStorage: finished, not yet sent
  var HELPLINES = ['help_adult', 'help_112', 'help_bris', 'help_mind', 'help_1177'];
  var NUMBER = /((?:[\d\u0660-\u0669\u06f0-\u06f9] ?)*[\d\u0660-\u0669\u06f0-\u06f9])/;
  var POINT_TYPES = { faces: 1, scale: 1 };
  var SINGLE = { faces: 1, scale: 1, choice: 1, yesno: 1 };
  var WITH_OPTIONS = { faces: 1, scale: 1, choice: 1, yesno: 1, multi: 1, rank: 1, points: 1, vote: 1 };
  var FREE_TEXT = { text: 1, idea: 1 };
  var VOTES = [['agree', '\u2713'], ['disagree', '\u2717'], ['pass', '\u2013']];

  var strings = {};
  try { strings = JSON.parse(document.getElementById('youth-strings').textContent) || {}; } catch (e) { /* keys show */ }

  var data = null;      // GET /api/v1/youth/rounds
  var run = null;       // the round being answered
  var sending = null;   // the payload on its way, or waiting for "try again"

  // --- text ---------------------------------------------------------------

  function t(key, params) {
    var s = strings[key];
    if (s == null) s = key;
    if (!params) return s;
    return s.replace(/%\((\w+)\)s/g, function (m, name) { return params[name] != null ? params[name] : m; });
  }

  /* [text, language] from a {code: text} map: this page's language, else Swedish, else any. */
  function pickWithLang(map) {
    if (map == null) return ['', LOCALE];
    if (typeof map !== 'object') return [String(map), LOCALE];
    var order = [LOCALE, LOCALE.split('_')[0], FALLBACK].concat(Object.keys(map));
    for (var i = 0; i < order.length; i++) {
      var s = map[order[i]];
      if (s != null && s !== '') return [String(s), order[i]];
    }
    return ['', LOCALE];
  }

  function pick(map) { return pickWithLang(map)[0]; }

  function tag(code) { return String(code || '').replace(/_/g, '-'); }

  function num(n) {
    try { return Number(n).toLocaleString(tag(LOCALE)); } catch (e) { return String(n); }
  }

  function day(iso) {
    try {
      return new Date(iso + 'T12:00:00Z').toLocaleDateString(tag(LOCALE), { day: 'numeric', month: 'long', timeZone: 'UTC' });
    } catch (e) { return iso; }
  }

  // --- building screens ---------------------------------------------------

  function el(name, attrs, children) {
    var e = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v == null || v === false) return;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : v);
    });
    (children || []).forEach(function (c) {
      if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function button(attrs, children) {
    attrs.type = 'button';
    return el('button', attrs, children);
  }

  function announce(text) {
    statusBox.textContent = '';
    setTimeout(function () { statusBox.textContent = text; }, 50);
  }

  /* Replace the screen and move focus to its heading (WCAG 2.4.3): a screen reader
     user hears where they are, and the page starts at the top. */
  function show(name, build, attrs) {
    var section = el('section', Object.assign({ class: 'screen screen-' + name, 'data-screen': name }, attrs || {}));
    var heading = build(section);
    heading.setAttribute('tabindex', '-1');
    heading.classList.add('screen-heading');
    host.textContent = '';
    host.appendChild(section);
    window.scrollTo(0, 0);
    heading.focus();
    return section;
  }

  function toStart(label) {
    return button({ class: 'btn', 'data-action': 'home' }, [label || t('to_start')]);
  }

  /* "116 111" would read "111 116" inside right-to-left text: numbers stay left to right. */
  function withNumbers(text) {
    return String(text).split(NUMBER).map(function (part, i) {
      return i % 2 ? el('span', { class: 'number', dir: 'ltr', text: part }) : part;
    });
  }

  function helplines(intro) {
    var list = el('ul');
    HELPLINES.forEach(function (key) { list.appendChild(el('li', {}, withNumbers(t(key)))); });
    return el('aside', { class: 'helplines' }, [el('p', { text: intro }), list]);
  }

  function bar(fraction) {
    var fill = el('span', { class: 'fill' });
    fill.style.inlineSize = Math.max(0, Math.min(1, fraction || 0)) * 100 + '%';
    return el('span', { class: 'bar', 'aria-hidden': 'true' }, [fill]);
  }

  // --- storage (never the token) -------------------------------------------

  function store(kind) {
    try { return kind === 'session' ? window.sessionStorage : window.localStorage; } catch (e) { return null; }
  }

  function readJSON(kind, key) {
    var s = store(kind);
    try { return s ? JSON.parse(s.getItem(key) || 'null') : null; } catch (e) { return null; }
  }

  function writeJSON(kind, key, value) {
    var s = store(kind);
    try {
      if (!s) return;
      if (value == null) s.removeItem(key); else s.setItem(key, JSON.stringify(value));
    } catch (e) { /* full or forbidden: the answer stays in memory */ }
  }

  /* Which member's answers these are, so a shared phone never sends one member's
     answer with another's link. */
  function memberKey() {
    return data ? data.group.name + '#' + data.member.number : '';
  }

  function pendingAll() { return readJSON('local', PENDING_KEY) || {}; }

  function pendingFor(roundId) {
    var all = pendingAll();
    return all[memberKey() + '/' + roundId] || null;
  }

  function keepPending(payload) {
    var all = pendingAll();
    all[memberKey() + '/' + payload.round] = payload;
    writeJSON('local', PENDING_KEY, all);
  }

  function dropPending(roundId) {
    var all = pendingAll();
    delete all[memberKey() + '/' + roundId];
    writeJSON('local', PENDING_KEY, Object.keys(all).length ? all : null);
  }

  // --- loading ------------------------------------------------------------

  function api(url, options) {
    options = options || {};
    options.headers = Object.assign({ Authorization: 'Bearer ' + TOKEN, Accept: 'application/json' }, options.headers || {});
    options.credentials = 'omit';
    options.cache = 'no-store';
    return fetch(url, options).then(function (reply) {
      return reply.json().catch(function () { return {}; }).then(function (body) {
        return { status: reply.status, body: body || {} };
      });
    });
  }

  function loadRounds(then) {
    return api(ROUNDS_URL).then(function (reply) {
      if (reply.status === 401) { showLinkGone(); return; }
      if (reply.status !== 200) throw new Error('status ' + reply.status);
      data = reply.body;
      (then || showHome)();
    }).catch(function () { showLoadFailed(); });
  }

  function findRound(id) {
    var rounds = (data && data.rounds) || [];
    for (var i = 0; i < rounds.length; i++) if (String(rounds[i].id) === String(id)) return rounds[i];
    return null;
  }

  function showLoadFailed() {
    show('load-failed', function (s) {
      var h = el('h1', { text: t('load_failed') });
      s.appendChild(h);
      s.appendChild(el('div', { class: 'nav' }, [button({ class: 'btn btn-primary', 'data-action': 'reload' }, [t('retry')])]));
      return h;
    });
  }

  function showLinkGone() {
    show('link-gone', function (s) {
      var h = el('h1', { text: t('link_gone') });
      s.appendChild(h);
      return h;
    });
  }

  // --- the start page -----------------------------------------------------

  function showHome() {
    run = null;
    var rounds = (data && data.rounds) || [];
    var open = rounds.filter(function (r) { return r.status === 'open'; });
    var closed = rounds.filter(function (r) { return r.status === 'closed'; });
    show('home', function (s) {
      var h = el('h1', { text: t('home') });
      s.appendChild(h);
      if (data.group && data.group.name) s.appendChild(el('p', { class: 'group-name', dir: 'auto', text: data.group.name }));
      if (!open.length && !closed.length) s.appendChild(el('p', { class: 'lead', text: t('no_rounds') }));
      if (open.length) {
        s.appendChild(el('h2', { text: t('open_rounds') }));
        open.forEach(function (r) { s.appendChild(openCard(r)); });
      }
      if (closed.length) {
        s.appendChild(el('h2', { text: t('closed_rounds') }));
        closed.forEach(function (r) { s.appendChild(closedCard(r)); });
      }
      var posts = (data && data.posts) || [];
      if (posts.length) s.appendChild(postsSection(posts));
      return h;
    });
  }

  // --- "You said, we did" -------------------------------------------------

  var POST_MARKS = { done: '\u2713', in_progress: '\u2026', cant_do: '\u2715' };

  /* Staff's words in this page's language where written, else Swedish (marked as such). */
  function postText(p, map) {
    var code = (p.languages || []).indexOf(LOCALE) >= 0 ? LOCALE : FALLBACK;
    var text = map && map[code] != null ? String(map[code]) : pick(map);
    return el('span', { lang: tag(code), dir: 'auto', text: text });
  }

  /* The status as words beside a mark whose shape differs: never colour alone. */
  function postCard(p) {
    var status = POST_MARKS[p.status] ? p.status : 'done';
    var card = el('article', { class: 'card post post-' + status, 'data-post': String(p.id), 'data-status': status }, [
      el('p', { class: 'post-status' }, [
        el('span', { class: 'post-mark', 'aria-hidden': 'true', text: POST_MARKS[status] }),
        el('span', { text: t('post_' + status) })
      ]),
      el('h3', {}, [postText(p, p.title)]),
      el('p', {}, [postText(p, p.body)])
    ]);
    if (status === 'cant_do' && p.reason) {
      card.appendChild(el('p', {}, [el('strong', { text: t('post_because') }), ' ', postText(p, p.reason)]));
    }
    var where = p.unit_name || t('post_region');
    card.appendChild(el('p', { class: 'post-meta' }, [
      el('span', { dir: 'auto', text: where }), ' \u00b7 ', el('span', { text: day(p.day) })
    ]));
    return card;
  }

  function postsSection(posts) {
    var section = el('section', { class: 'posts', 'aria-labelledby': 'posts-heading' }, [
      el('h2', { id: 'posts-heading', text: t('posts') }),
      el('p', { class: 'help', text: t('posts_intro') })
    ]);
    posts.forEach(function (p) { section.appendChild(postCard(p)); });
    return section;
  }

  function roundTitle(r) {
    var title = pickWithLang(r.flow && r.flow.title);
    return el('h3', { lang: tag(title[1]), dir: 'auto', text: title[0] });
  }

  function openCard(r) {
    var card = el('article', { class: 'card', 'data-round': String(r.id), 'data-status': 'open' }, [
      roundTitle(r),
      el('p', { text: t('closes_on', { date: day(r.closes_on) }) }),
      el('p', { text: t('change_until') })
    ]);
    if (r.answer) card.appendChild(el('p', { class: 'answered', text: '\u2713 ' + t('answered') }));
    if (pendingFor(r.id)) {
      card.appendChild(el('p', { class: 'notice', text: t('pending') }));
      card.appendChild(button({ class: 'btn btn-primary', 'data-action': 'send-pending', 'data-round': String(r.id) }, [t('send_now')]));
    }
    card.appendChild(button({
      class: 'btn ' + (r.answer ? '' : 'btn-primary'), 'data-action': 'open', 'data-round': String(r.id)
    }, [r.answer ? t('change') : t('start')]));
    return card;
  }

  function closedCard(r) {
    return el('article', { class: 'card', 'data-round': String(r.id), 'data-status': 'closed' }, [
      roundTitle(r),
      el('p', { text: t('closed_on', { date: day(r.closes_on) }) }),
      button({ class: 'btn btn-primary', 'data-action': 'result', 'data-round': String(r.id) }, [t('see_result')])
    ]);
  }

  // --- answering a round ---------------------------------------------------

  function askable(q) {
    if (FREE_TEXT[q.type]) return true;
    // A vote with no approved ideas yet is left out: there is nothing to vote on.
    return !!(WITH_OPTIONS[q.type] && q.options && q.options.length);
  }

  function keys(q) { return (q.options || []).map(function (o) { return String(o.key); }); }

  /* The member's earlier answer, kept only where it still fits the question. */
  function earlier(q, value) {
    var offered = keys(q);
    if (value == null) return undefined;
    if (q.type === 'rank') {
      return Array.isArray(value) && value.length === offered.length &&
        value.every(function (k) { return offered.indexOf(k) >= 0; }) ? value.slice() : undefined;
    }
    if (q.type === 'points' || q.type === 'vote') {
      if (typeof value !== 'object' || Array.isArray(value)) return undefined;
      var kept = {};
      Object.keys(value).forEach(function (k) { if (offered.indexOf(k) >= 0) kept[k] = value[k]; });
      return Object.keys(kept).length ? kept : undefined;
    }
    if (q.type === 'multi') {
      var chosen = (Array.isArray(value) ? value : []).filter(function (k) { return offered.indexOf(k) >= 0; });
      return chosen.length ? chosen : undefined;
    }
    return value;
  }

  function startRound(r, restored) {
    var questions = ((r.flow && r.flow.questions) || []).filter(askable);
    var answers = {};
    var given = (restored && restored.answers) || {};
    if (!restored && r.answer) {
      (r.answer.answers || []).forEach(function (a) { given[a.question] = a.value; });
    }
    questions.forEach(function (q) {
      var v = earlier(q, given[q.key]);
      if (v !== undefined) answers[q.key] = v;
    });
    run = {
      round: r, flow: r.flow, questions: questions, answers: answers,
      index: restored ? Math.min(restored.index || 0, Math.max(0, questions.length - 1)) : 0,
      id: (restored && restored.id) || uuid(),
      startedAt: (restored && restored.startedAt) || isoNow()
    };
    if (questions.length) showQuestion(); else send();
  }

  function isLast() { return run.index === run.questions.length - 1; }

  function nav(q, ready) {
    var next = button({ class: 'btn btn-primary btn-next', 'data-action': 'next' }, [isLast() ? t('send') : t('next')]);
    if (ready === false) {
      // Says why it cannot be pressed yet: the live count beside it.
      next.disabled = true;
      next.setAttribute('aria-describedby', 'count-' + q.key);
    }
    return el('div', { class: 'nav' }, [
      button({ class: 'btn btn-back', 'data-action': 'back' }, [el('span', { class: 'arrow', 'aria-hidden': 'true', text: '\u2190' }), t('back')]),
      button({ class: 'btn btn-skip', 'data-action': 'skip' }, [t('skip')]),
      next
    ]);
  }

  function showQuestion() {
    var q = run.questions[run.index];
    var progress = t('progress', { n: num(run.index + 1), total: num(run.questions.length) });
    var section = show('question', function (s) {
      var text = pickWithLang(q.text);
      var heading;
      if (FREE_TEXT[q.type]) {
        heading = el('h1', { lang: tag(text[1]), dir: 'auto' }, [el('label', { for: 'answer-' + q.key, text: text[0] })]);
      } else {
        heading = el('h1', { id: 'q-' + q.key, lang: tag(text[1]), dir: 'auto', text: text[0] });
      }
      s.appendChild(el('p', { class: 'progress', text: progress }));
      s.appendChild(heading);
      var builders = { rank: buildRank, points: buildPoints, vote: buildVote, idea: buildText, text: buildText, multi: buildChoices };
      (builders[q.type] || buildChoices)(s, q);
      return heading;
    }, { 'data-round': String(run.round.id), 'data-question': q.key, 'data-type': q.type });
    refresh(section, q);
  }

  function buildChoices(s, q) {
    var group = el('div', { class: 'answers answers-' + q.type, role: 'group', 'aria-labelledby': 'q-' + q.key });
    (q.options || []).forEach(function (o) {
      var label = pickWithLang(o.label);
      group.appendChild(button({
        class: 'answer' + (o.key === 'dont_know' ? ' answer-escape' : ''),
        'data-question': q.key, 'data-value': String(o.key), 'aria-pressed': 'false', lang: tag(label[1])
      }, [el('span', { class: 'tick', 'aria-hidden': 'true' }), el('span', { dir: 'auto', text: label[0] })]));
    });
    s.appendChild(group);
    s.appendChild(nav(q));
  }

  function buildRank(s, q) {
    s.appendChild(el('p', { id: 'help-' + q.key, class: 'help', text: t('rank_help') }));
    var list = el('ul', { class: 'rank-list', 'aria-labelledby': 'q-' + q.key, 'aria-describedby': 'help-' + q.key });
    (q.options || []).forEach(function (o) {
      var label = pickWithLang(o.label);
      var name = label[0];
      list.appendChild(el('li', { class: 'rank-row' }, [
        button({ class: 'answer rank-item', 'data-question': q.key, 'data-value': String(o.key), 'aria-pressed': 'false', lang: tag(label[1]) }, [
          el('span', { class: 'badge' }), el('span', { class: 'label', dir: 'auto', text: name })
        ]),
        button({ class: 'btn btn-move', 'data-move': 'up', 'data-option': String(o.key), 'aria-label': t('move_up', { option: name }) }, [
          el('span', { 'aria-hidden': 'true', text: '\u2191' })
        ]),
        button({ class: 'btn btn-move', 'data-move': 'down', 'data-option': String(o.key), 'aria-label': t('move_down', { option: name }) }, [
          el('span', { 'aria-hidden': 'true', text: '\u2193' })
        ])
      ]));
    });
    s.appendChild(list);
    s.appendChild(el('p', { id: 'count-' + q.key, class: 'count', 'aria-live': 'polite' }));
    s.appendChild(nav(q, false));
  }

  function buildPoints(s, q) {
    var budget = q.budget || 0;
    s.appendChild(el('p', { id: 'help-' + q.key, class: 'help', text: t('points_help', { budget: num(budget) }) }));
    var list = el('ul', { class: 'points-list', 'aria-labelledby': 'q-' + q.key });
    (q.options || []).forEach(function (o) {
      var label = pickWithLang(o.label);
      list.appendChild(el('li', { class: 'points-row' }, [
        el('span', { class: 'label', lang: tag(label[1]), dir: 'auto', text: label[0] }),
        el('span', { class: 'points-controls' }, [
          button({ class: 'btn btn-points', 'data-question': q.key, 'data-less': String(o.key), 'aria-label': t('points_less', { option: label[0] }) }, [
            el('span', { 'aria-hidden': 'true', text: '\u2212' })
          ]),
          el('span', { class: 'points-given', 'data-points': String(o.key) }),
          button({ class: 'btn btn-points', 'data-question': q.key, 'data-value': String(o.key), 'aria-label': t('points_more', { option: label[0] }) }, [
            el('span', { 'aria-hidden': 'true', text: '+' })
          ])
        ])
      ]));
    });
    s.appendChild(list);
    s.appendChild(el('p', { id: 'count-' + q.key, class: 'count points-left', 'aria-live': 'polite' }));
    s.appendChild(nav(q, false));
  }

  function buildVote(s, q) {
    var list = el('ul', { class: 'vote-list' });
    (q.options || []).forEach(function (o, i) {
      var idea = pickWithLang(o.label);
      var id = 'idea-' + q.key + '-' + i;
      var choices = el('div', { class: 'vote-choices', role: 'group', 'aria-labelledby': id });
      VOTES.forEach(function (v) {
        choices.appendChild(button({
          class: 'answer vote vote-' + v[0], 'data-question': q.key, 'data-idea': String(o.key),
          'data-value': v[0], 'aria-pressed': 'false'
        }, [el('span', { class: 'mark', 'aria-hidden': 'true', text: v[1] }), t(v[0])]));
      });
      list.appendChild(el('li', { class: 'card vote-row' }, [
        el('p', { id: id, class: 'idea', dir: 'auto', lang: tag(o.locale || idea[1]), text: idea[0] }),
        choices
      ]));
    });
    s.appendChild(list);
    s.appendChild(nav(q));
  }

  /* Free text: the honest notice above the box and the helplines below it, always. */
  function buildText(s, q) {
    var max = Math.max(1, parseInt(q.max_length, 10) || 300);
    var id = 'answer-' + q.key;
    var box = el('textarea', {
      id: id, class: 'text-answer', 'data-question': q.key, maxlength: String(max), rows: '5', dir: 'auto',
      // The words go nowhere but the answer: no spelling service, no autofill.
      spellcheck: 'false', autocomplete: 'off', 'aria-describedby': id + '-notice ' + id + '-count'
    });
    var count = el('p', { id: id + '-count', class: 'count' });
    var counted = function () { count.textContent = t('text_count', { count: num(box.value.length), max: num(max) }); };
    box.value = typeof run.answers[q.key] === 'string' ? run.answers[q.key] : '';
    counted();
    box.addEventListener('input', counted);
    s.appendChild(el('p', { id: id + '-notice', class: 'notice', text: t('idea_notice') }));
    s.appendChild(el('div', { class: 'text-box' }, [box, count]));
    s.appendChild(nav(q));
    s.appendChild(helplines(t('support_text')));
  }

  /* Draw the current answer into the controls, in place, so focus stays where it is. */
  function refresh(section, q) {
    var a = run.answers[q.key];
    var each = function (selector, fn) {
      var found = section.querySelectorAll(selector);
      for (var i = 0; i < found.length; i++) fn(found[i]);
    };
    var next = section.querySelector('[data-action="next"]');
    var count = section.querySelector('#count-' + q.key);
    if (SINGLE[q.type] || q.type === 'multi') {
      each('[data-question][data-value]', function (b) {
        var v = valueOf(q, b.getAttribute('data-value'));
        var on = Array.isArray(a) ? a.indexOf(v) >= 0 : a === v;
        b.setAttribute('aria-pressed', on ? 'true' : 'false');
      });
    } else if (q.type === 'rank') {
      var order = Array.isArray(a) ? a : [];
      each('.rank-item', function (b) {
        var place = order.indexOf(b.getAttribute('data-value'));
        b.setAttribute('aria-pressed', place >= 0 ? 'true' : 'false');
        var badge = b.querySelector('.badge');
        badge.textContent = '';
        if (place >= 0) {
          badge.appendChild(el('span', { class: 'visually-hidden', text: t('rank_place', { n: num(place + 1) }) + ': ' }));
          badge.appendChild(el('span', { 'aria-hidden': 'true', text: num(place + 1) }));
        }
      });
      each('[data-move]', function (b) {
        var place = order.indexOf(b.getAttribute('data-option'));
        b.hidden = place < 0;
        var end = b.getAttribute('data-move') === 'up' ? place === 0 : place === order.length - 1;
        b.setAttribute('aria-disabled', end ? 'true' : 'false');
      });
      var left = q.options.length - order.length;
      count.textContent = left ? t('rank_left', { count: num(left) }) : t('rank_done');
      next.disabled = left !== 0;
    } else if (q.type === 'points') {
      var given = a || {};
      var used = 0;
      Object.keys(given).forEach(function (k) { used += given[k]; });
      var rest = (q.budget || 0) - used;
      each('[data-points]', function (n) { n.textContent = num(given[n.getAttribute('data-points')] || 0); });
      each('[data-less]', function (b) { b.setAttribute('aria-disabled', given[b.getAttribute('data-less')] ? 'false' : 'true'); });
      each('[data-question][data-value]', function (b) { b.setAttribute('aria-disabled', rest > 0 ? 'false' : 'true'); });
      count.textContent = t('points_left', { count: num(rest) });
      next.disabled = rest !== 0;
    } else if (q.type === 'vote') {
      var votes = a || {};
      each('[data-idea]', function (b) {
        b.setAttribute('aria-pressed', votes[b.getAttribute('data-idea')] === b.getAttribute('data-value') ? 'true' : 'false');
      });
    }
  }

  function valueOf(q, key) {
    return POINT_TYPES[q.type] && /^\d+$/.test(key) ? Number(key) : key;
  }

  function current() { return run && run.questions[run.index]; }

  function choose(b) {
    var q = current();
    if (!q || b.getAttribute('data-question') !== q.key) return;
    if (b.getAttribute('aria-disabled') === 'true') return;
    var key = b.getAttribute('data-value');
    var a = run.answers[q.key];
    if (b.hasAttribute('data-idea')) {
      var votes = a || {};
      var idea = b.getAttribute('data-idea');
      if (votes[idea] === key) delete votes[idea]; else votes[idea] = key;
      run.answers[q.key] = votes;
    } else if (b.hasAttribute('data-less')) {
      var less = b.getAttribute('data-less');
      if (a && a[less]) { a[less] -= 1; if (!a[less]) delete a[less]; }
    } else if (q.type === 'points') {
      a = a || {};
      a[key] = (a[key] || 0) + 1;
      run.answers[q.key] = a;
    } else if (q.type === 'rank') {
      var order = Array.isArray(a) ? a : [];
      var at = order.indexOf(key);
      if (at >= 0) order.splice(at, 1); else order.push(key);
      run.answers[q.key] = order;
    } else if (q.type === 'multi') {
      var chosen = Array.isArray(a) ? a : [];
      var i = chosen.indexOf(key);
      if (i >= 0) chosen.splice(i, 1); else chosen.push(key);
      run.answers[q.key] = chosen;
    } else {
      run.answers[q.key] = valueOf(q, key);
    }
    refresh(host.querySelector('[data-screen="question"]'), q);
  }

  function move(b) {
    var q = current();
    if (!q || q.type !== 'rank' || b.getAttribute('aria-disabled') === 'true') return;
    var order = run.answers[q.key] || [];
    var key = b.getAttribute('data-option');
    var at = order.indexOf(key);
    var to = b.getAttribute('data-move') === 'up' ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= order.length) return;
    order[at] = order[to];
    order[to] = key;
    refresh(host.querySelector('[data-screen="question"]'), q);
    announce(t('rank_place', { n: num(to + 1) }));
  }

  /* Held in memory (and, across a language switch, in this tab's session) until sent. */
  function keepText() {
    var q = current();
    if (!q || !FREE_TEXT[q.type]) return;
    var box = host.querySelector('textarea[data-question="' + q.key + '"]');
    var text = box ? box.value.trim() : '';
    if (text) run.answers[q.key] = text; else delete run.answers[q.key];
  }

  function complete(q, a) {
    if (a == null) return false;
    if (q.type === 'rank') return Array.isArray(a) && a.length === q.options.length;
    if (q.type === 'points') {
      var used = 0;
      Object.keys(a).forEach(function (k) { used += a[k]; });
      return used === q.budget;
    }
    if (q.type === 'vote') return Object.keys(a).length > 0;
    if (q.type === 'multi') return a.length > 0;
    return a !== '';
  }

  function next() {
    keepText();
    if (!complete(current(), run.answers[current().key])) delete run.answers[current().key];
    advance();
  }

  function skip() {
    delete run.answers[current().key];
    advance();
  }

  function back() {
    keepText();
    if (run.index === 0) { showHome(); return; }
    run.index--;
    showQuestion();
  }

  function advance() {
    if (run.index < run.questions.length - 1) { run.index++; showQuestion(); } else send();
  }

  // --- sending ------------------------------------------------------------

  function send() {
    var answers = [];
    run.questions.forEach(function (q) {
      var a = run.answers[q.key];
      if (complete(q, a)) answers.push({ question: q.key, value: a });
    });
    var flow = run.flow;
    var payload = {
      id: run.id, flow: flow.key, version: flow.version, audience: flow.audience, locale: LOCALE,
      round: run.round.id, started_at: run.startedAt, submitted_at: isoNow(), answers: answers
    };
    // Kept on the phone before it leaves: a lost connection loses nothing.
    keepPending(payload);
    post(payload);
  }

  function post(payload) {
    sending = payload;
    show('sending', function (s) {
      var h = el('h1', { text: t('sending') });
      s.appendChild(h);
      s.setAttribute('aria-busy', 'true');
      return h;
    });
    api(RESPONSES_URL, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload)
    }).then(function (reply) {
      var body = reply.body;
      if (reply.status === 200 || reply.status === 201) return sent(payload, !!body.support);
      if (reply.status === 409 && body.error === 'round_closed') {
        dropPending(payload.round);
        return showProblem(t('round_closed'), true);
      }
      if (reply.status === 401) { dropPending(payload.round); return showLinkGone(); }
      if (reply.status === 429 || reply.status >= 500) return showOffline();
      // Refused for good (422 and the like): sending it again would not help.
      dropPending(payload.round);
      showProblem(t('invalid', { message: body.message || String(reply.status) }), false);
    }).catch(function () { showOffline(); });
  }

  function sent(payload, support) {
    dropPending(payload.round);
    sending = null;
    var r = findRound(payload.round);
    if (r) r.answer = { id: payload.id, locale: payload.locale, answers: payload.answers };
    run = null;
    writeJSON('session', DRAFT_KEY, null);
    show('thanks', function (s) {
      var h = el('h1', { text: support ? t('support_title') : t('thanks') });
      s.appendChild(h);
      if (support) s.appendChild(helplines(t('support_text')));
      s.appendChild(el('p', { class: 'lead', text: t('thanks_text', { date: day(r ? r.closes_on : payload.submitted_at.slice(0, 10)) }) }));
      s.appendChild(el('div', { class: 'nav' }, [toStart()]));
      return h;
    }, support ? { 'data-support': 'true' } : {});
  }

  function showProblem(message, reload) {
    sending = null;
    show('problem', function (s) {
      var h = el('h1', { text: message });
      s.appendChild(h);
      var actions = el('div', { class: 'nav' });
      if (!reload && run) actions.appendChild(button({ class: 'btn', 'data-action': 'back' }, [t('back')]));
      actions.appendChild(button({ class: 'btn btn-primary', 'data-action': 'reload' }, [t('to_start')]));
      s.appendChild(actions);
      return h;
    }, { role: 'alert' });
    if (reload) { run = null; loadRounds(function () { /* fresh data for the start page */ }); }
  }

  function showOffline() {
    show('offline', function (s) {
      var h = el('h1', { text: t('offline') });
      s.appendChild(h);
      s.appendChild(el('div', { class: 'nav' }, [
        button({ class: 'btn btn-primary', 'data-action': 'retry' }, [t('retry')]),
        toStart()
      ]));
      return h;
    });
  }

  // --- results ------------------------------------------------------------

  function showResult(r) {
    var result = r.result || {};
    var minimum = (data && data.min_group_size) || 5;
    show('result', function (s) {
      var title = pickWithLang(r.flow && r.flow.title);
      var h = el('h1', { lang: tag(title[1]), dir: 'auto', text: title[0] });
      s.appendChild(h);
      s.appendChild(el('p', { text: t('closed_on', { date: day(r.closes_on) }) }));
      var p = result.participation;
      if (p && p.members) s.appendChild(el('p', { text: t('participation', { answered: num(p.answered), members: num(p.members) }) }));

      var note = pickWithLang(r.outcome || result.outcome || {});
      s.appendChild(el('section', { class: 'card outcome' }, [
        el('h2', { text: t('outcome') }),
        note[0] ? el('p', { class: 'outcome-text', dir: 'auto', lang: tag(note[1]), text: note[0] })
          : el('p', { text: t('no_outcome') })
      ]));

      var figures = el('section', { class: 'results' }, [el('h2', { text: t('results') })]);
      if (result.suppressed) {
        figures.appendChild(el('p', { class: 'suppressed', text: t('suppressed', { min: num(minimum) }) }));
      } else {
        ((r.flow && r.flow.questions) || []).forEach(function (q) {
          var figure = (result.questions || {})[r.flow.key + '/' + q.key];
          if (figure) figures.appendChild(questionResult(q, figure, minimum));
        });
      }
      s.appendChild(figures);
      s.appendChild(el('div', { class: 'nav' }, [toStart()]));
      return h;
    }, { 'data-round': String(r.id) });
  }

  function labelOf(q, key) {
    var options = q.options || [];
    for (var i = 0; i < options.length; i++) if (String(options[i].key) === String(key)) return pick(options[i].label);
    return String(key);
  }

  function row(label, meta, fraction, attrs) {
    return el('li', Object.assign({ class: 'result-row' }, attrs || {}), [
      el('span', { class: 'result-label', dir: 'auto', text: label }),
      el('span', { class: 'result-meta', text: meta }),
      bar(fraction)
    ]);
  }

  function questionResult(q, figure, minimum) {
    var box = el('section', { class: 'card result', 'data-question': q.key, 'data-type': q.type }, [
      el('h3', { dir: 'auto', text: pick(q.text) })
    ]);
    if (figure.suppressed) {
      box.appendChild(el('p', { class: 'suppressed', text: t('suppressed', { min: num(minimum) }) }));
      return box;
    }
    var options = (q.options || []).length || 1;
    if (q.type === 'rank' && figure.order) {
      var ranked = el('ol', { class: 'result-list' });
      figure.order.forEach(function (key) {
        var mean = (figure.mean_rank || {})[key];
        ranked.appendChild(row(labelOf(q, key), t('mean_rank', { place: num(mean) }), (options - mean + 1) / options));
      });
      box.appendChild(ranked);
    } else if (q.type === 'points' && figure.order) {
      var totals = figure.counts || {};
      var most = Math.max.apply(null, figure.order.map(function (k) { return totals[k] || 0; }).concat([1]));
      var list = el('ol', { class: 'result-list' });
      figure.order.forEach(function (key) {
        list.appendChild(row(labelOf(q, key), t('points_total', { count: num(totals[key] || 0) }), (totals[key] || 0) / most));
      });
      box.appendChild(list);
    } else if (FREE_TEXT[q.type]) {
      box.appendChild(el('p', { text: t('ideas_written', { count: num(figure.n || 0) }) }));
    } else if (q.type === 'vote') {
      var ideas = figure.ideas || {};
      var ids = Object.keys(ideas);
      if (!ids.length) box.appendChild(el('p', { text: t('no_ideas') }));
      ids.forEach(function (id) {
        var idea = ideas[id];
        var item = el('div', { class: 'idea-result', 'data-idea': id }, [
          el('p', { class: 'idea', dir: 'auto', lang: tag(idea.locale), text: idea.text })
        ]);
        if (idea.suppressed) {
          item.appendChild(el('p', { class: 'suppressed', text: t('suppressed', { min: num(minimum) }) }));
        } else {
          var votes = el('ul', { class: 'result-list' });
          VOTES.forEach(function (v) {
            var n = (idea.counts || {})[v[0]] || 0;
            votes.appendChild(row(v[1] + ' ' + t(v[0]), num(n), n / (idea.n || 1)));
          });
          item.appendChild(votes);
        }
        box.appendChild(item);
      });
    } else {
      var counts = figure.counts || {};
      box.appendChild(el('p', { text: t('answer_count', { count: num(figure.n || 0) }) }));
      var chosen = el('ul', { class: 'result-list' });
      (q.options || []).forEach(function (o) {
        var n = counts[String(o.key)] || 0;
        chosen.appendChild(row(pick(o.label), num(n), n / (figure.n || 1)));
      });
      box.appendChild(chosen);
    }
    return box;
  }

  // --- small helpers -----------------------------------------------------

  function isoNow() { return new Date().toISOString().replace(/\.\d+Z$/, 'Z'); }

  function uuid() {
    var c = window.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    var b = new Uint8Array(16), i;
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = '';
    for (i = 0; i < 16; i++) hex += (b[i] + 0x100).toString(16).slice(1);
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  }

  /* A language switch reloads the page: the round in progress waits in this tab. */
  function saveDraft() {
    if (!run) return;
    keepText();
    writeJSON('session', DRAFT_KEY, {
      member: memberKey(), round: run.round.id, index: run.index, id: run.id,
      startedAt: run.startedAt, answers: run.answers
    });
  }

  function resume() {
    var draft = readJSON('session', DRAFT_KEY);
    writeJSON('session', DRAFT_KEY, null);
    var r = draft && draft.member === memberKey() ? findRound(draft.round) : null;
    if (r && r.status === 'open') startRound(r, draft); else showHome();
  }

  // --- wiring --------------------------------------------------------------

  document.addEventListener('click', function (e) {
    var target = e.target.closest ? e.target : null;
    if (!target) return;
    var link = target.closest('a[data-locale]');
    if (link) {
      var s = store('local');
      try { if (s) s.setItem(LANG_KEY, link.getAttribute('data-locale')); } catch (x) { /* private mode */ }
      saveDraft();
      return;  // the link itself switches: ?lang= on the same page
    }
    var b = target.closest('button');
    if (!b || !host.contains(b)) return;
    var action = b.getAttribute('data-action');
    var r = b.hasAttribute('data-round') ? findRound(b.getAttribute('data-round')) : null;
    if (action === 'home') return showHome();
    if (action === 'reload') return loadRounds();
    if (action === 'open' && r) return startRound(r);
    if (action === 'result' && r) return showResult(r);
    if (action === 'send-pending' && r && pendingFor(r.id)) return post(pendingFor(r.id));
    if (action === 'retry' && sending) return post(sending);
    if (action === 'back' && run && screenIs('problem')) return showQuestion();
    if (action === 'back' && run) return back();
    if (!run) return;
    if (action === 'skip') return skip();
    if (action === 'next') return next();
    if (b.hasAttribute('data-move')) return move(b);
    if (b.hasAttribute('data-question') && (b.hasAttribute('data-value') || b.hasAttribute('data-less'))) choose(b);
  });

  function screenIs(name) { return !!host.querySelector('[data-screen="' + name + '"]'); }

  window.addEventListener('online', function () {
    if (sending && screenIs('offline')) post(sending);
  });

  /* The language chosen last time on this phone, unless the link names one. */
  var remembered = null;
  try { remembered = window.localStorage.getItem(LANG_KEY); } catch (e) { /* private mode */ }
  if (remembered && remembered !== LOCALE && !/[?&]lang=/.test(window.location.search) &&
      document.querySelector('a[data-locale="' + remembered.replace(/[^\w-]/g, '') + '"]')) {
    window.location.replace('?lang=' + encodeURIComponent(remembered));
    return;
  }
  loadRounds(resume);
}());
