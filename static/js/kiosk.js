/* Waiting-room kiosk: one screen at a time, an on-device outbox, idle reset.
   Plain ES2017 and no build step: it has to run on old tablets, so no
   optional chaining, no nullish coalescing and no libraries.
   Offline: a service worker (kiosk-sw.js) keeps the page, its files and the last
   config; finished responses wait in IndexedDB (see "outbox" below). */
(function () {
  'use strict';

  var html = document.documentElement;
  var root = document.getElementById('kiosk');
  var host = document.getElementById('screen');
  var announcer = document.getElementById('announcer');
  var talkPanel = document.getElementById('talk-panel');
  var idleDialog = document.getElementById('idle-dialog');
  var countdown = document.getElementById('idle-countdown');
  var talkAlerted = document.getElementById('talk-alerted');
  var ds = root.dataset;
  // Staff's preview of a draft: the draft comes with the page; nothing is sent, stored or
  // registered (the browser may be a tablet with a real outbox of its own).
  var PREVIEW = ds.preview === 'true';

  var TOKEN = ds.token || '';
  var IDLE_MS = (parseInt(ds.idleSeconds, 10) || 90) * 1000;
  // WCAG 2.2.1: a time limit must give at least 20 s to extend it.
  var GRACE_S = Math.max(20, parseInt(ds.graceSeconds, 10) || 30);
  var IMG = ds.imgUrl || '/static/img/';
  var DEFAULT = { code: ds.defaultLocale || html.lang, dir: html.dir === 'rtl' ? 'rtl' : 'ltr' };
  var OUTBOX = 'waitingroom.outbox';    // before IndexedDB; now only its stand-in
  var REFUSED = 'waitingroom.refused';
  var CONFIG = 'waitingroom.config';
  var DB_NAME = 'waitingroom-kiosk';
  var BATCH_MAX = 50;
  var CONFIRM_MS = 300;
  var THANKS_MS = 6000;
  var THANKS_HELP_MS = 20000;
  var SUPPORT_WAIT_MS = 2500;
  var HEARTBEAT_MS = 30000;
  var TALK_ACK_MS = 8000;
  var TALK_REPEAT_MS = 20000;
  var RETRY_MS = 2000;
  var RETRY_MAX_MS = 5 * 60000;
  var TICK_MS = 60000;
  var CONFIG_MAX_AGE_MS = 5 * 60000;
  var CACHE_HEADER = 'X-Waitingroom-Cache';
  var AUDIENCES = [
    ['age_4_7', 'child-small'], ['age_8_12', 'child'], ['age_13_17', 'teen'], ['relative', 'adult']
  ];
  var ANSWERABLE = { faces: 1, scale: 1, choice: 1, multi: 1, yesno: 1 };
  var HELPLINES = ['help_staff', 'help_112', 'help_bris', 'help_mind', 'help_1177'];
  var NUMBER = /((?:[\d\u0660-\u0669\u06f0-\u06f9] ?)*[\d\u0660-\u0669\u06f0-\u06f9])/;
  var POINTS = { faces: 1, scale: 1 };
  var SPEAKER_ICON = '<svg viewBox="0 0 24 24" width="1.4em" height="1.4em" aria-hidden="true" focusable="false">' +
    '<path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor"/>' +
    '<path d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';

  var strings = {};
  try { strings = JSON.parse(document.getElementById('kiosk-strings').textContent) || {}; } catch (e) { /* keys show */ }

  var config = null;
  var nextConfig = null;     // taken up on the start screen, never during a flow
  var configAt = 0;
  var socket = null;
  var replyWaiters = {};     // response id -> function (reply body)
  var thanksFor = null;      // response id of the thank-you screen
  var lastTalk = 0;
  var lastAlerted = false;
  var locale = DEFAULT;
  var screenName = '';
  var run = null;            // the flow being answered; null outside a flow
  var busy = false;          // an answer is being confirmed: ignore further taps
  var screenTimers = [];
  var idleTimer = null;
  var graceTimer = null;
  var openDialogEl = null;
  var focusBeforeDialog = null;

  // --- text ---------------------------------------------------------------

  function norm(code) { return String(code || '').toLowerCase().replace(/_/g, '-'); }

  /* map[code], tolerating fa_AF / fa-AF and falling back to the base language. */
  function findIn(map, code) {
    if (!map || map[code] != null) return map && map[code];
    var keys = Object.keys(map), want = norm(code), i;
    for (i = 0; i < keys.length; i++) if (norm(keys[i]) === want) return map[keys[i]];
    for (i = 0; i < keys.length; i++) if (norm(keys[i]).split('-')[0] === want.split('-')[0]) return map[keys[i]];
  }

  /* A text from a {locale: text} map in the current language, else the default one. */
  function pick(map) {
    if (map == null) return '';
    if (typeof map !== 'object') return String(map);
    var s = findIn(map, locale.code);
    if (s == null) s = findIn(map, DEFAULT.code);
    if (s == null) s = map[Object.keys(map)[0]];
    return s == null ? '' : String(s);
  }

  function num(n) {
    try { return Number(n).toLocaleString(norm(locale.code)); } catch (e) { return String(n); }
  }

  function t(key, params) {
    var table = findIn(strings, locale.code) || {};
    var s = table[key];
    if (s == null) s = (findIn(strings, DEFAULT.code) || {})[key];
    if (s == null) s = key;
    if (!params) return s;
    return s.replace(/%\((\w+)\)s/g, function (m, name) { return params[name] != null ? params[name] : m; });
  }

  function setLocale(l) {
    locale = l;
    html.lang = String(l.code).replace(/_/g, '-');
    html.dir = l.dir === 'rtl' ? 'rtl' : 'ltr';
    document.title = t('title');
    var els = document.querySelectorAll('[data-string]');
    for (var i = 0; i < els.length; i++) els[i].textContent = t(els[i].getAttribute('data-string'));
  }

  // --- building screens ---------------------------------------------------

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
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

  /* Pictures sit beside a visible word, so they are decorative (alt=""). */
  function picture(name, cls) {
    if (!name) return null;
    var img = el('img', { src: IMG + name + '.svg', alt: '', class: cls || 'pic', draggable: 'false' });
    img.addEventListener('error', function () { img.hidden = true; });
    return img;
  }

  /* Back points to where reading starts, next to where it goes; CSS flips both in RTL. */
  function arrowButton(action) {
    var back = action === 'back';
    var arrow = el('span', { class: 'arrow', 'aria-hidden': 'true', text: back ? '\u2190' : '\u2192' });
    var word = el('span', { text: t(action) });
    return button({ class: 'btn btn-' + action, 'data-action': action }, back ? [arrow, word] : [word, arrow]);
  }

  function later(ms, fn) { screenTimers.push(setTimeout(fn, ms)); }

  /* "116 111" would read "111 116" inside Arabic text: numbers stay left to right. */
  function withNumbers(text) {
    return String(text).split(NUMBER).map(function (part, i) {
      return i % 2 ? el('span', { class: 'number', dir: 'ltr', text: part }) : part;
    });
  }

  /* Safeguarding rule 2: nobody reads answers while the child waits, so say where help is. */
  function helplines(items) {
    var list = el('ul');
    items.push([t('help_intro'), locale.code]);
    HELPLINES.forEach(function (key) {
      list.appendChild(el('li', {}, withNumbers(t(key))));
      items.push([t(key), locale.code]);
    });
    return el('aside', { class: 'helplines' }, [el('p', { text: t('help_intro') }), list]);
  }

  /* Replace the screen; `build` returns its heading and the [text, locale] pairs read aloud. */
  function show(name, build, attrs) {
    screenTimers.forEach(clearTimeout);
    screenTimers = [];
    busy = false;
    stopSpeaking();
    screenName = name;
    var section = el('section', Object.assign({ class: 'screen screen-' + name, 'data-screen': name }, attrs || {}));
    var parts = build(section);
    var heading = parts.heading;
    heading.setAttribute('tabindex', '-1');
    heading.classList.add('screen-heading');
    var speaker = speakerButton(parts.items);
    heading.parentNode.insertBefore(speaker, heading.nextSibling);
    host.textContent = '';
    host.appendChild(section);
    showOutboxCount();
    refreshSpeakers();
    announcer.textContent = parts.announce || heading.textContent;
    if (!openDialogEl) heading.focus();
    if (name === 'attract' || name === 'thanks') stopIdle(); else armIdle();
  }

  /* Between families only: a flow never changes under a child's fingers. */
  function adoptConfig() {
    if (nextConfig) { config = nextConfig; nextConfig = null; }
  }

  function showAttract() {
    run = null;
    adoptConfig();
    if (screenName !== 'attract') resetDisplay();
    setLocale(DEFAULT);
    closeDialog();
    if (Date.now() - configAt > CONFIG_MAX_AGE_MS) loadConfig();
    show('attract', function (s) {
      var heading = el('h1', { text: t('invite') });
      var start = button({ class: 'btn btn-primary btn-start', 'data-action': 'start' }, [picture('faces/happy', 'pic start-pic'), t('start')]);
      s.appendChild(heading);
      s.appendChild(start);
      var posts = (config && config.posts) || [];
      if (posts.length) s.appendChild(postsBox(posts));
      s.appendChild(el('p', { class: 'outbox-note' }));
      return { heading: heading, items: attractItems(posts) };
    });
  }

  /* The posts' heading is read with the screen; each post has a button of its own. */
  function attractItems(posts) {
    var items = [[t('invite'), locale.code], [t('start'), locale.code]];
    if (posts.length) items.push([t('posts'), locale.code]);
    return items;
  }

  /* A config arriving while the start screen shows changes only its posts, in place:
     redrawing the whole screen would swallow a tap landing on "start" at that moment. */
  function refreshAttract() {
    adoptConfig();
    var s = host.querySelector('[data-screen="attract"]');
    if (!s) return showAttract();
    var posts = (config && config.posts) || [];
    var old = s.querySelector('.posts-box');
    var box = posts.length ? postsBox(posts) : null;
    if (old) s.removeChild(old);
    if (box) s.insertBefore(box, s.querySelector('.outbox-note'));
    var items = attractItems(posts);
    var speaker = s.querySelector('.screen-heading + [data-action="read-aloud"]');
    if (speaker) speaker.speechItems = function () { return items; };
    refreshSpeakers();
  }

  // --- "You said, we did" on the start screen -------------------------------

  var POST_MARKS = { done: 'pictograms/yes', in_progress: 'pictograms/clock', cant_do: 'pictograms/no' };
  var POSTS_SHOWN = 4;
  var POST_FALLBACK = 'sv';  // always written; the server fills it in where a language is missing

  function postDay(iso) {
    try {
      return new Date(iso + 'T12:00:00Z').toLocaleDateString(norm(locale.code), { day: 'numeric', month: 'long', timeZone: 'UTC' });
    } catch (e) { return iso; }
  }

  /* Staff's words in the child's language where written, else Swedish, marked as
     Swedish so it is laid out and read aloud as Swedish, never left blank. */
  function postText(p, map) {
    var written = (p.languages || []).indexOf(locale.code) >= 0;
    var code = written ? locale.code : POST_FALLBACK;
    var text = map ? findIn(map, code) : '';
    if (!text) text = pick(map);
    return { text: text || '', code: code };
  }

  function langAttrs(code, cls) {
    var info = null, ls = (config && config.locales) || [];
    for (var i = 0; i < ls.length; i++) if (ls[i].code === code) info = ls[i];
    return { class: cls, lang: String(code).replace(/_/g, '-'), dir: info && info.dir === 'rtl' ? 'rtl' : 'ltr' };
  }

  /* One post: a picture for the youngest, the status as a word beside its own
     pictogram (never colour alone, WCAG 1.4.1), and its own read-aloud button. */
  function postItem(p) {
    var status = POST_MARKS[p.status] ? p.status : 'done';
    var word = t('post_' + status);
    var title = postText(p, p.title), body = postText(p, p.body);
    var reason = status === 'cant_do' && p.reason ? postText(p, p.reason) : null;
    var items = [[word, locale.code], [title.text, title.code], [body.text, body.code]];
    var parts = [
      el('p', { class: 'post-status' }, [
        picture(POST_MARKS[status], 'pic post-mark'),
        el('span', { text: word })
      ]),
      title.text ? el('h3', Object.assign(langAttrs(title.code, 'post-title'), { text: title.text })) : null,
      body.text ? el('p', Object.assign(langAttrs(body.code, 'post-body'), { text: body.text })) : null
    ];
    if (reason && reason.text) {
      parts.push(el('p', { class: 'post-reason' }, [
        el('strong', { text: t('post_because') }), ' ',
        el('span', Object.assign(langAttrs(reason.code), { text: reason.text }))
      ]));
      items.push([t('post_because'), locale.code], [reason.text, reason.code]);
    }
    if (p.day) parts.push(el('p', { class: 'post-day', text: postDay(p.day) }));
    var speaker = speakerButton(items);
    speaker.setAttribute('aria-label', t('read_aloud') + ': ' + title.text);
    parts.push(speaker);
    return el('li', { class: 'post post-' + status, 'data-post': String(p.id), 'data-status': status }, [
      picture(p.pictogram, 'pic post-pic'), el('div', { class: 'post-text' }, parts)
    ]);
  }

  function postsBox(posts) {
    var list = el('ul', { class: 'posts' });
    posts.slice(0, POSTS_SHOWN).forEach(function (p) { list.appendChild(postItem(p)); });
    return el('section', { class: 'posts-box', 'aria-labelledby': 'posts-heading' }, [
      el('h2', { id: 'posts-heading', text: t('posts') }), list
    ]);
  }

  function showNotReady() {
    show('not-ready', function (s) {
      var heading = el('h1', { text: t('not_ready') });
      s.appendChild(el('div', { class: 'question-head' }, [picture('pictograms/clock', 'pic question-pic'), heading]));
      later(8000, showAttract);
      return { heading: heading, items: [[heading.textContent, locale.code]] };
    });
  }

  function showLanguage() {
    if (screenName === 'attract' || screenName === 'not-ready') adoptConfig();
    if (!config || !(config.locales || []).length) { loadConfig(); showNotReady(); return; }
    show('language', function (s) {
      var heading = el('h1', { text: t('language') });
      var list = el('div', { class: 'choices languages' });
      var items = [[heading.textContent, locale.code]];
      config.locales.forEach(function (l) {
        list.appendChild(button({
          class: 'btn btn-choice', 'data-locale': l.code,
          lang: String(l.code).replace(/_/g, '-'), dir: l.dir === 'rtl' ? 'rtl' : 'ltr'
        }, [l.name || l.code]));
        items.push([l.name || l.code, l.code]);
      });
      s.appendChild(el('div', { class: 'question-head' }, [picture('pictograms/languages', 'pic question-pic'), heading]));
      s.appendChild(list);
      return { heading: heading, items: items };
    });
  }

  function flowFor(audience) {
    var flows = (config && config.flows) || [];
    for (var i = 0; i < flows.length; i++) if (flows[i].audience === audience) return flows[i];
    return null;
  }

  function showAudience() {
    show('audience', function (s) {
      var heading = el('h1', { text: t('audience') });
      var grid = el('div', { class: 'choices audiences' });
      var items = [[heading.textContent, locale.code]];
      AUDIENCES.forEach(function (a) {
        if (!flowFor(a[0])) return;
        var label = t('audience_' + a[0]);
        grid.appendChild(button({ class: 'btn btn-choice audience', 'data-audience': a[0] }, [
          picture('audience/' + a[1]), el('span', { class: 'label', text: label })
        ]));
        items.push([label, locale.code]);
      });
      s.appendChild(heading);
      s.appendChild(grid);
      s.appendChild(el('div', { class: 'nav' }, [arrowButton('back')]));
      return { heading: heading, items: items };
    });
  }

  function valueOf(q, key) {
    return POINTS[q.type] && /^\d+$/.test(key) ? Number(key) : key;
  }

  function wasChosen(q, value) {
    var a = run.answers[q.key];
    return Array.isArray(a) ? a.indexOf(value) >= 0 : a === value;
  }

  function progressLine() {
    var text = t('progress', { n: num(run.index + 1), total: num(run.questions.length) });
    var dots = el('div', { class: 'dots', 'aria-hidden': 'true' });
    run.questions.forEach(function (x, i) {
      dots.appendChild(el('span', { class: i < run.index ? 'dot done' : i === run.index ? 'dot now' : 'dot' }));
    });
    return { text: text, el: el('p', { class: 'progress' }, [text, dots]) };
  }

  function questionNav(q) {
    var nav = el('div', { class: 'nav' });
    if (run.index > 0) nav.appendChild(arrowButton('back'));
    nav.appendChild(button({ class: 'btn btn-skip', 'data-action': 'skip' }, [t('skip')]));
    if (q.type === 'multi' || q.type === 'text') nav.appendChild(arrowButton('next'));
    return nav;
  }

  function showQuestion() {
    var q = run.questions[run.index];
    if (q.type === 'text') { showText(q); return; }
    show('question', function (s) {
      var progress = progressLine();
      var heading = markLanguage(el('h1', { text: pick(q.text) }), writtenIn(q.text, q.text_lang));
      var answers = el('div', { class: 'answers answers-' + q.type });
      var escapes = el('div', { class: 'answers answers-escape' });
      var items = [said(q.text, q.voice, q.text_lang)];
      q.options.forEach(function (o) {
        var value = valueOf(q, o.key);
        var label = pick(o.label);
        var b = button({
          class: 'answer', 'data-question': q.key, 'data-value': String(value),
          'aria-pressed': wasChosen(q, value) ? 'true' : 'false'
        }, [picture(o.pictogram || defaultPictogram(q, o), 'pic answer-pic'),
          markLanguage(el('span', { class: 'label', text: label }), writtenIn(o.label, o.label_lang))]);
        // "Don't know" stands apart from the ordered points it is not part of.
        (typeof value === 'string' && POINTS[q.type] ? escapes : answers).appendChild(b);
        items.push(said(o.label, o.voice, o.label_lang));
      });
      s.appendChild(progress.el);
      s.appendChild(el('div', { class: 'question-head' }, [picture(q.pictogram, 'pic question-pic'), heading]));
      s.appendChild(answers);
      if (escapes.firstChild) s.appendChild(escapes);
      s.appendChild(questionNav(q));
      items.push([t('skip'), locale.code]);
      return { heading: heading, items: items, announce: progress.text + '. ' + heading.textContent };
    }, { 'data-flow': run.flow.key, 'data-question': q.key });
  }

  /* Free text (8 and up): the honest notice above the box, helplines always below it. */
  function showText(q) {
    var max = Math.max(1, parseInt(q.max_length, 10) || 500);
    var id = 'text-' + q.key;
    show('question', function (s) {
      var progress = progressLine();
      var heading = el('h1', {}, [markLanguage(el('label', { for: id, text: pick(q.text) }), writtenIn(q.text, q.text_lang))]);
      var box = el('textarea', {
        id: id, class: 'text-answer', 'data-question': q.key, maxlength: String(max), rows: '4',
        // What the child writes goes nowhere but the response: no spelling service, no autofill.
        spellcheck: 'false', autocomplete: 'off', 'aria-describedby': id + '-notice ' + id + '-count'
      });
      var count = el('p', { id: id + '-count', class: 'text-count' });
      var nav = questionNav(q);
      var items = [said(q.text, q.voice, q.text_lang), [t('text_notice'), locale.code]];
      var counted = function () { count.textContent = t('text_count', { count: num(box.value.length), max: num(max) }); };
      box.value = run.answers[q.key] || '';
      counted();
      box.addEventListener('input', counted);
      box.addEventListener('focus', function () { setTimeout(revealNav, 350); });
      s.appendChild(progress.el);
      s.appendChild(el('div', { class: 'question-head' }, [picture(q.pictogram, 'pic question-pic'), heading]));
      s.appendChild(el('p', { id: id + '-notice', class: 'text-notice', text: t('text_notice') }));
      s.appendChild(el('div', { class: 'text-box' }, [box, count]));
      s.appendChild(nav);
      items.push([t('skip'), locale.code]);
      s.appendChild(helplines(items));
      return { heading: heading, items: items, announce: progress.text + '. ' + heading.textContent };
    }, { 'data-flow': run.flow.key, 'data-question': q.key, 'data-type': 'text' });
  }

  /* The on-screen keyboard covers half a tablet: keep Next in sight above it. */
  function revealNav() {
    var a = document.activeElement;
    var nav = host.querySelector('.nav');
    if (nav && a && a.tagName === 'TEXTAREA' && host.contains(a)) nav.scrollIntoView({ block: 'nearest' });
  }

  /* After free text (safeguarding rule 2) the helplines show here too. */
  function showThanks(withHelp) {
    show('thanks', function (s) {
      var heading = el('h1', { text: t('thanks') });
      var items = [[heading.textContent, locale.code], [t('thanks_text'), locale.code]];
      s.appendChild(el('div', { class: 'thanks-mark', 'aria-hidden': 'true' }));
      s.appendChild(heading);
      s.appendChild(el('p', { class: 'lead', text: t('thanks_text') }));
      if (withHelp) s.appendChild(helplines(items));
      later(withHelp ? THANKS_HELP_MS : THANKS_MS, leaveThanks);
      return { heading: heading, items: items };
    });
  }

  /* The server found words of worry in the comment. It stays until tapped or the idle reset. */
  function showSupport() {
    show('support', function (s) {
      var heading = el('h1', { text: t('support_title') });
      var items = [[heading.textContent, locale.code], [t('support_text'), locale.code], [t('support_talk'), locale.code]];
      s.appendChild(el('div', { class: 'question-head' }, [picture('pictograms/support', 'pic question-pic'), heading]));
      s.appendChild(el('p', { class: 'lead', text: t('support_text') }));
      s.appendChild(button({ class: 'btn btn-primary btn-big btn-support', 'data-action': 'talk' }, [t('support_talk')]));
      s.appendChild(helplines(items));
      s.appendChild(el('div', { class: 'nav' }, [button({ class: 'btn', 'data-action': 'done' }, [t('close')])]));
      return { heading: heading, items: items };
    });
  }

  /* Not while the child reads the talk panel; the idle timer closes a forgotten one. */
  function leaveThanks() {
    if (openDialogEl) later(1000, leaveThanks); else showAttract();
  }

  // --- moving through a flow ----------------------------------------------

  function chooseLocale(code) {
    var ls = (config && config.locales) || [];
    for (var i = 0; i < ls.length; i++) {
      if (ls[i].code === code) {
        setLocale({ code: ls[i].code, dir: ls[i].dir });
        showAudience();
        return;
      }
    }
  }

  function chooseAudience(audience) {
    var flow = flowFor(audience);
    if (!flow) return;
    run = {
      id: uuid(), flow: flow, audience: audience, startedAt: isoNow(), index: 0, answers: {},
      questions: (flow.questions || []).filter(function (q) {
        return q.type === 'text' || (ANSWERABLE[q.type] && q.options && q.options.length);
      })
    };
    if (run.questions.length) showQuestion(); else finish();
  }

  function answer(b) {
    var q = run.questions[run.index];
    if (b.getAttribute('data-question') !== q.key) return;
    if (q.type === 'multi') {
      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      return;
    }
    run.answers[q.key] = valueOf(q, b.getAttribute('data-value'));
    var all = host.querySelectorAll('[data-question="' + q.key + '"][data-value]');
    for (var i = 0; i < all.length; i++) all[i].setAttribute('aria-pressed', all[i] === b ? 'true' : 'false');
    // A short visible confirmation before moving on, so a child sees what they chose.
    busy = true;
    b.classList.add('chosen');
    later(CONFIRM_MS, advance);
  }

  function next() {
    var q = run.questions[run.index];
    if (q.type === 'text') keepText(q);
    if (q.type === 'multi') {
      var chosen = [];
      q.options.forEach(function (o) {
        var b = host.querySelector('[data-question="' + q.key + '"][data-value="' + o.key + '"]');
        if (b && b.getAttribute('aria-pressed') === 'true') chosen.push(o.key);
      });
      if (chosen.length) run.answers[q.key] = chosen; else delete run.answers[q.key];
    }
    advance();
  }

  function skip() {
    delete run.answers[run.questions[run.index].key];
    advance();
  }

  function back() {
    if (screenName === 'audience') { showLanguage(); return; }
    if (!run || run.index <= 0) return;
    var q = run.questions[run.index];
    if (q.type === 'text') keepText(q);
    run.index--;
    showQuestion();
  }

  /* Held in memory only, like every answer, until the flow is sent or reset. */
  function keepText(q) {
    var box = host.querySelector('textarea[data-question="' + q.key + '"]');
    var text = box ? box.value.trim() : '';
    if (text) run.answers[q.key] = text; else delete run.answers[q.key];
  }

  function advance() {
    run.index++;
    if (run.index < run.questions.length) showQuestion(); else finish();
  }

  function finish() {
    var answers = [], written = [], id = run.id;
    run.questions.forEach(function (q) {
      if (Object.prototype.hasOwnProperty.call(run.answers, q.key)) {
        answers.push({ question: q.key, value: run.answers[q.key] });
        if (q.type === 'text') written.push(q.key);
      }
    });
    var wrote = written.length > 0;
    if (wrote) awaitSupport(id);
    // The id was made when the flow started; every retry sends it again, so it counts once.
    enqueue({
      id: id, flow: run.flow.key, version: run.flow.version, audience: run.audience,
      locale: locale.code, started_at: run.startedAt, submitted_at: isoNow(), answers: answers
    }, written, wrote);
    run = null;
    if (!wrote) showThanks(false);
  }

  /* A comment may ask for help: wait a moment for the server's word before thanking;
     a late reply still turns the thank-you screen into the support screen. */
  function awaitSupport(id) {
    var settled = false;
    var settle = function (support) {
      if (settled) {
        if (support && screenName === 'thanks' && thanksFor === id) showSupport();
        return;
      }
      settled = true;
      if (support) showSupport(); else showThanks(true);
      thanksFor = support ? null : id;
    };
    busy = true;
    var b = host.querySelector('[data-action="next"]');
    if (b) b.setAttribute('aria-busy', 'true');
    replyWaiters[id] = function (body) {
      delete replyWaiters[id];
      settle(!!(body && body.support === true));
    };
    later(SUPPORT_WAIT_MS, function () { settle(false); });
  }

  // --- dialogs: "talk to someone" and "are you still there?" --------------

  function openDialog(d) {
    if (openDialogEl === d) return;
    closeDialog();
    focusBeforeDialog = document.activeElement;
    openDialogEl = d;
    d.hidden = false;
    root.setAttribute('inert', '');
    root.setAttribute('aria-hidden', 'true');
    refreshSpeakers();
    var first = d.querySelector('[data-autofocus]') || d.querySelector('button');
    if (first) first.focus();
  }

  function closeDialog() {
    if (!openDialogEl) return;
    stopSpeaking();
    openDialogEl.hidden = true;
    openDialogEl = null;
    root.removeAttribute('inert');
    root.removeAttribute('aria-hidden');
    if (focusBeforeDialog && document.body.contains(focusBeforeDialog)) focusBeforeDialog.focus();
    else {
      var h = host.querySelector('.screen-heading');
      if (h) h.focus();
    }
  }

  function openTalk() {
    talkAlerted.hidden = true;
    openDialog(talkPanel);
    // Someone who walks away from the panel on the attract screen must not leave it open.
    armIdle();
    askForAdult();
  }

  /* Never queued while offline, so an alert cannot arrive after the child has left. */
  function askForAdult() {
    if (Date.now() - lastTalk < TALK_REPEAT_MS) { if (lastAlerted) showAlerted(); return; }
    if (!socket || !socket.connected) return;
    lastTalk = Date.now();
    lastAlerted = false;
    socket.timeout(TALK_ACK_MS).emit('talk', {}, function (err, reply) {
      if (err) { lastTalk = 0; return; }
      lastAlerted = !!(reply && reply.alerted === true);
      if (lastAlerted) showAlerted();
    });
  }

  function showAlerted() {
    if (openDialogEl !== talkPanel) return;
    talkAlerted.hidden = false;
    announcer.textContent = talkAlerted.textContent;
    refreshSpeakers();
  }

  // --- idle reset (privacy between families, WCAG 2.2.1 "extend") ---------

  function armIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(askStillThere, IDLE_MS);
  }

  function stopIdle() {
    clearTimeout(idleTimer);
    idleTimer = null;
  }

  function onInput() {
    if (idleTimer && !graceTimer) armIdle();
  }

  function askStillThere() {
    idleTimer = null;
    if (graceTimer) return;
    if (screenName === 'attract' || screenName === 'thanks') { closeDialog(); resetDisplay(); return; }
    var deadline = Date.now() + GRACE_S * 1000;
    var tick = function () {
      var left = Math.ceil((deadline - Date.now()) / 1000);
      if (left <= 0) { stopGrace(); showAttract(); return; }
      countdown.textContent = t('countdown', { seconds: num(left) });
    };
    openDialog(idleDialog);
    tick();
    graceTimer = setInterval(tick, 1000);
  }

  function stopGrace() {
    clearInterval(graceTimer);
    graceTimer = null;
  }

  function stillHere() {
    stopGrace();
    closeDialog();
    armIdle();
  }

  // --- text size and contrast: for one family, never remembered ----------

  var display = { size: 0, contrast: false };

  /* Sizes 1 and 2 scale the whole page (kiosk.css), pictures and targets with the text. */
  function setDisplay(size, contrast) {
    display = { size: Math.max(0, Math.min(2, size)), contrast: !!contrast };
    if (display.size) html.setAttribute('data-text-size', String(display.size));
    else html.removeAttribute('data-text-size');
    if (display.contrast) html.setAttribute('data-contrast', 'high');
    else html.removeAttribute('data-contrast');
    var bs = document.querySelectorAll('[data-action="text-size"]');
    for (var i = 0; i < bs.length; i++) {
      bs[i].setAttribute('aria-pressed', Number(bs[i].getAttribute('data-size')) === display.size ? 'true' : 'false');
    }
    var c = document.querySelector('[data-action="contrast"]');
    if (c) c.setAttribute('aria-pressed', display.contrast ? 'true' : 'false');
    // Chosen on the start screen and walked away from: the idle timer puts it back.
    if (screenName === 'attract' && (display.size || display.contrast)) armIdle();
  }

  function resetDisplay() {
    if (display.size || display.contrast) setDisplay(0, false);
  }

  /* Faces and yes/no read by their picture too, where a flow names none. */
  var FACES = { 3: ['sad', 'inbetween', 'happy'], 5: ['very-sad', 'sad', 'inbetween', 'happy', 'very-happy'] };
  // The pictures the screens themselves show (and the stand-ins above), kept for offline use.
  var SCREEN_PICTURES = ['pictograms/languages', 'pictograms/clock', 'pictograms/support', 'pictograms/yes',
    'pictograms/no'].concat(FACES[5].map(function (f) { return 'faces/' + f; }));

  function defaultPictogram(q, o) {
    if (q.type === 'yesno' && (o.key === 'yes' || o.key === 'no')) return 'pictograms/' + o.key;
    if (q.type !== 'faces') return null;
    // Points count up from the saddest face, as in the shipped flows.
    var ordered = q.options.filter(function (x) { return /^\d+$/.test(x.key); })
      .sort(function (a, b) { return Number(a.key) - Number(b.key); });
    var faces = FACES[ordered.length];
    var at = ordered.indexOf(o);
    return faces && at >= 0 ? 'faces/' + faces[at] : null;
  }

  // --- read aloud: tap to play, never autoplay ----------------------------

  var synth = window.speechSynthesis;

  /* Some speech engines tag Persian voices with ISO 639-2/3 codes instead of "fa";
     Dari (prs) reads written Persian too. */
  var VOICE_ALIASES = { fa: ['fas', 'per', 'pes', 'prs'] };

  function voiceFor(code) {
    if (!synth || !window.SpeechSynthesisUtterance) return null;
    var want = norm(code), voices = synth.getVoices() || [], best = null;
    var wants = [want].concat(VOICE_ALIASES[want.split('-')[0]] || []);
    for (var i = 0; i < voices.length; i++) {
      var l = norm(voices[i].lang), fits = false;
      for (var j = 0; j < wants.length; j++) fits = fits || l === wants[j] || l.indexOf(wants[j] + '-') === 0;
      if (fits && (!best || (voices[i].localService && !best.localService))) best = voices[i];
    }
    return best;
  }

  /* What a speaker reads for one string: [text, the language it is written in, the URL of
     its recorded voice in the chosen language, if staff uploaded one]. */
  /* The language a flow text is really written in: the server fills a missing
     translation from the nearest language and names it in `<field>_lang`. */
  function writtenIn(map, borrowed) {
    var from = borrowed && findIn(borrowed, locale.code);
    if (from) return from;
    return map && typeof map === 'object' && findIn(map, locale.code) != null ? locale.code : DEFAULT.code;
  }

  function said(map, voices, borrowed) {
    var code = writtenIn(map, borrowed);
    var url = code === locale.code && voices ? findIn(voices, locale.code) : null;
    return [pick(map), code, url || null];
  }

  /* A stand-in text is marked up as its own language (WCAG 3.1.2), so it is laid out
     and read in that language, not in the tablet's. */
  function markLanguage(node, code) {
    if (code === locale.code) return node;
    var attrs = langAttrs(code, node.className);
    node.setAttribute('lang', attrs.lang);
    node.setAttribute('dir', attrs.dir);
    return node;
  }

  /* A string can be read when it has a recording or the device has a voice for its language. */
  function speakable(items) {
    return items.filter(function (it) { return it[0] && (it[2] || voiceFor(it[1])); });
  }

  function speakerButton(items) {
    var b = button({ class: 'btn btn-speaker', 'data-action': 'read-aloud', 'aria-pressed': 'false', hidden: true });
    b.innerHTML = SPEAKER_ICON;
    b.appendChild(el('span', { text: t('read_aloud') }));
    b.speechItems = function () { return items; };
    return b;
  }

  /* The button hides where there is neither a recording nor a device voice (voices load late). */
  function refreshSpeakers() {
    var bs = document.querySelectorAll('[data-action="read-aloud"]');
    for (var i = 0; i < bs.length; i++) bs[i].hidden = !(bs[i].speechItems && speakable(bs[i].speechItems()).length);
  }

  var reading = 0;     // grows on every stop, so a stopped reading goes no further
  var player = null;   // the <audio> playing a recorded voice, and its object URL
  var playerUrl = null;

  function stopPlayer() {
    if (player) { player.onended = player.onerror = null; player.pause(); }
    if (playerUrl) URL.revokeObjectURL(playerUrl);
    player = playerUrl = null;
  }

  function stopSpeaking() {
    reading++;
    if (synth) synth.cancel();
    stopPlayer();
    var bs = document.querySelectorAll('[data-action="read-aloud"][aria-pressed="true"]');
    for (var i = 0; i < bs.length; i++) bs[i].setAttribute('aria-pressed', 'false');
  }

  /* A recording is fetched (the service worker keeps it for offline use), then played. */
  function playRecording(url, mine) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('voice ' + r.status);
      return r.blob();
    }).then(function (blob) {
      if (mine !== reading) return undefined;
      return new Promise(function (resolve, reject) {
        stopPlayer();
        playerUrl = URL.createObjectURL(blob);
        player = new Audio(playerUrl);
        player.onended = function () { stopPlayer(); resolve(); };
        player.onerror = function () { stopPlayer(); reject(new Error('voice')); };
        var started = player.play();
        if (started && started.catch) started.catch(function (e) { stopPlayer(); reject(e); });
      });
    });
  }

  function speakOne(it, next) {
    var v = voiceFor(it[1]);
    if (!v) { next(); return; }
    var u = new SpeechSynthesisUtterance(it[0]);
    u.voice = v;
    u.lang = v.lang;
    u.rate = 0.9;
    u.onend = u.onerror = next;
    synth.speak(u);
  }

  /* Tap to play, never autoplay: each string in turn, its recording where there is one,
     else the device's voice; a recording that cannot play falls back to the device's voice. */
  function readAloud(b) {
    var playing = b.getAttribute('aria-pressed') === 'true';
    stopSpeaking();
    if (playing || !b.speechItems) return;
    var items = speakable(b.speechItems());
    if (!items.length) return;
    var mine = reading;
    var done = function () { if (mine === reading) b.setAttribute('aria-pressed', 'false'); };
    b.setAttribute('aria-pressed', 'true');
    if (!items.some(function (it) { return it[2]; })) {
      // Only the device's voice: queue it all within the tap, as some browsers insist.
      items.forEach(function (it, i) { speakOne(it, i === items.length - 1 ? done : function () {}); });
      return;
    }
    (function step(i) {
      if (mine !== reading) return;
      if (i >= items.length) { done(); return; }
      var it = items[i];
      var next = function () { step(i + 1); };
      if (!it[2]) { speakOne(it, next); return; }
      playRecording(it[2], mine).then(next, function () { if (mine === reading) speakOne(it, next); });
    }(0));
  }

  function dialogItems(d) {
    return function () {
      var out = [], els = d.querySelectorAll('[data-read]');
      for (var i = 0; i < els.length; i++) if (!els[i].hidden) out.push([els[i].textContent, locale.code]);
      return out;
    };
  }

  // --- outbox: nothing finished is lost, nothing counted twice -------------
  /* IndexedDB "waitingroom-kiosk", version 1:
       outbox  {id, queued, response, text}            key id, index "queued" (oldest first)
       refused {id, day, status, error, response}      key id
     A finished flow is stored before anything is sent. `response` is what is sent,
     every time with the id made when the flow started, so the server counts it once;
     `text` names its free-text questions, which a refused copy leaves out. An item
     the server refuses for good (a 4xx other than 429) moves to "refused": kept and
     counted for staff, never resent. Where IndexedDB is missing or broken,
     localStorage (then page memory) stands in, and what it holds moves into
     IndexedDB on the first load where that works. */

  var pending = 0;           // what the outbox held when last counted
  var urgent = {};           // id -> record: free text, sent alone at once for the support reply
  var URGENT_MS = 10000;
  var POST_TIMEOUT_MS = 30000;
  var IDB_WAIT_MS = 5000;

  function noop() {}

  function record(response, text, queued) {
    return { id: String(response.id || uuid()), queued: queued || Date.now(), response: response, text: text };
  }

  /* What the child wrote: by the record's own list, else by the flow, else any string. */
  function isFreeText(rec, answer) {
    if (Array.isArray(rec.text)) return rec.text.indexOf(answer.question) >= 0;
    var found = null;
    ((config && config.flows) || []).forEach(function (f) {
      if (f.key !== rec.response.flow) return;
      (f.questions || []).forEach(function (q) { if (q.key === answer.question) found = q; });
    });
    return found ? found.type === 'text' : typeof answer.value === 'string';
  }

  function refusedCopy(rec, status, error) {
    var kept = Object.assign({}, rec.response);
    kept.answers = (Array.isArray(kept.answers) ? kept.answers : []).filter(function (a) {
      return a && !isFreeText(rec, a);
    });
    return { id: rec.id, day: isoNow().slice(0, 10), status: status, error: error || null, response: kept };
  }

  /* Items of the localStorage outbox: records, or bare responses from before IndexedDB. */
  function asRecord(item, queued) {
    return item && item.response && item.queued ? item : record(item || {}, null, queued);
  }

  function asRefused(item) {
    return item && item.day ? item : refusedCopy(record((item && item.response) || {}, null), item && item.status, null);
  }

  function localBox() {
    var memory = {};
    var broken = false;

    function load(key) {
      if (!broken) {
        try {
          var v = JSON.parse(localStorage.getItem(key) || '[]');
          return Array.isArray(v) ? v : [];
        } catch (e) { broken = true; }
      }
      return (memory[key] || []).slice();
    }

    function save(key, list) {
      if (!broken) {
        try { localStorage.setItem(key, JSON.stringify(list)); return; } catch (e) {
          // Full or private storage: keep this page's copy rather than lose answers.
          memory[OUTBOX] = load(OUTBOX);
          memory[REFUSED] = load(REFUSED);
          broken = true;
        }
      }
      memory[key] = list;
    }

    function outbox() {
      var list = load(OUTBOX), start = Date.now() - list.length;
      return list.map(function (item, i) { return asRecord(item, start + i); });
    }

    return {
      add: function (rec) { save(OUTBOX, load(OUTBOX).concat([rec])); return Promise.resolve(); },
      oldest: function (n) { return Promise.resolve(outbox().slice(0, n)); },
      settle: function (done, refused) {
        var gone = {};
        done.concat(refused.map(function (r) { return r.id; })).forEach(function (id) { gone[id] = true; });
        save(OUTBOX, outbox().filter(function (r) { return !gone[r.id]; }));
        if (refused.length) save(REFUSED, load(REFUSED).concat(refused));
        return Promise.resolve();
      },
      counts: function () { return Promise.resolve({ outbox: load(OUTBOX).length, refused: load(REFUSED).length }); },
      leftovers: function () { return { outbox: outbox(), refused: load(REFUSED).map(asRefused) }; },
      clear: function () {
        try { localStorage.removeItem(OUTBOX); localStorage.removeItem(REFUSED); } catch (e) { /* stays */ }
        memory = {};
      }
    };
  }

  function idbBox() {
    var opened = new Promise(function (resolve, reject) {
      var req = window.indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('queued', 'queued');
        db.createObjectStore('refused', { keyPath: 'id' });
      };
      req.onsuccess = function () {
        req.result.onversionchange = function () { req.result.close(); };
        resolve(req.result);
      };
      req.onerror = function () { reject(req.error); };
    });

    /* `work` queues its requests and returns what they fill in; settled when committed. */
    function transact(names, mode, work) {
      return opened.then(function (db) {
        return new Promise(function (resolve, reject) {
          var t = db.transaction(names, mode);
          var result;
          t.oncomplete = function () { resolve(result); };
          t.onabort = function () { reject(t.error || new Error('IndexedDB transaction aborted')); };
          result = work(t);
        });
      });
    }

    return {
      add: function (rec) {
        return transact(['outbox'], 'readwrite', function (t) { t.objectStore('outbox').put(rec); });
      },
      oldest: function (n) {
        return transact(['outbox'], 'readonly', function (t) {
          var out = [];
          var req = t.objectStore('outbox').index('queued').openCursor();
          req.onsuccess = function () {
            var cursor = req.result;
            if (cursor && out.length < n) { out.push(cursor.value); cursor.continue(); }
          };
          return out;
        });
      },
      settle: function (done, refused) {
        return transact(['outbox', 'refused'], 'readwrite', function (t) {
          var box = t.objectStore('outbox'), kept = t.objectStore('refused');
          done.forEach(function (id) { box.delete(id); });
          refused.forEach(function (r) { kept.put(r); box.delete(r.id); });
        });
      },
      counts: function () {
        return transact(['outbox', 'refused'], 'readonly', function (t) {
          var c = { outbox: 0, refused: 0 };
          Object.keys(c).forEach(function (name) {
            var req = t.objectStore(name).count();
            req.onsuccess = function () { c[name] = req.result; };
          });
          return c;
        });
      },
      adopt: function (records, refused) {
        return transact(['outbox', 'refused'], 'readwrite', function (t) {
          records.forEach(function (r) { t.objectStore('outbox').put(r); });
          refused.forEach(function (r) { t.objectStore('refused').put(r); });
        });
      }
    };
  }

  var local = localBox();
  var boxReady = PREVIEW ? Promise.resolve(emptyBox()) : openOutbox();

  /* The preview's outbox: always empty, keeps nothing. */
  function emptyBox() {
    var none = function () { return Promise.resolve(); };
    return {
      add: none, settle: none,
      oldest: function () { return Promise.resolve([]); },
      counts: function () { return Promise.resolve({ outbox: 0, refused: 0 }); }
    };
  }

  /* Takes over what the localStorage outbox still holds, once: the keys go when it is in. */
  function openOutbox() {
    var idb;
    try { idb = window.indexedDB ? idbBox() : null; } catch (e) { idb = null; }
    if (!idb) return Promise.resolve(local);
    var left = local.leftovers();
    var moving = left.outbox.length + left.refused.length > 0;
    var ready = moving ? idb.adopt(left.outbox, left.refused) : idb.counts();
    return new Promise(function (resolve) {
      var settled = false;
      var use = function (box) {
        if (settled) return false;
        settled = true;
        clearTimeout(stalled);
        resolve(box);
        return true;
      };
      // Some web views never answer indexedDB.open: a finished flow must not wait for it.
      // Taken over too late, the items stay in both; the server counts an id once.
      var stalled = setTimeout(function () { use(local); }, IDB_WAIT_MS);
      ready.then(function () {
        if (use(idb) && moving) local.clear();
      }, function () { use(local); });
    });
  }

  /* IndexedDB refused a write (full, or broken mid-day): the stand-in keeps it until the next load. */
  function useLocal() {
    boxReady = Promise.resolve(local);
    return local;
  }

  function enqueue(response, text, sendAlone) {
    if (PREVIEW) return;
    var rec = record(response, text);
    if (sendAlone) urgent[rec.id] = rec;
    pending++;
    showOutboxCount();
    boxReady.then(function (box) {
      return box.add(rec).catch(function () { return useLocal().add(rec); });
    }).then(countOutbox, countOutbox).then(flush);
  }

  function counts() {
    return boxReady.then(function (box) { return box.counts(); });
  }

  function countOutbox() {
    return counts().then(function (c) { pending = c.outbox; showOutboxCount(); }, noop);
  }

  function settle(done, refused) {
    return boxReady.then(function (box) { return box.settle(done, refused); }).then(countOutbox);
  }

  /* Staff glance at the start screen to see whether answers are stuck on the tablet. */
  function showOutboxCount() {
    var note = host.querySelector('.outbox-note');
    if (!note) return;
    note.textContent = pending ? t('outbox', { count: num(pending) }) : '';
    note.hidden = !pending;
  }

  var sending = false;
  var retryTimer = null;
  var failures = 0;
  var batchSize = BATCH_MAX;

  function authHeaders(extra) {
    return Object.assign({ Authorization: 'Bearer ' + TOKEN }, extra);
  }

  /* Resolves to {status, body}; status 0 when the network is away or too slow. */
  function post(url, data) {
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort ? setTimeout(function () { abort.abort(); }, POST_TIMEOUT_MS) : null;
    return fetch(url, {
      method: 'POST', credentials: 'same-origin', cache: 'no-store', signal: abort ? abort.signal : undefined,
      headers: authHeaders({ 'Content-Type': 'application/json' }), body: JSON.stringify(data)
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (body) { return { status: r.status, body: body }; });
    }, function () { return { status: 0 }; }).then(function (reply) { clearTimeout(timer); return reply; });
  }

  function forGood(status) { return status >= 400 && status < 500 && status !== 429; }

  function deliver(id, body) {
    if (replyWaiters[id]) replyWaiters[id](body);
  }

  /* A free text goes alone and at once: the reply may say the child needs the support screen.
     Anything but success is left to the batch, which judges it with the rest. */
  function sendAlone(rec) {
    delete urgent[rec.id];
    return post(ds.responsesUrl, rec.response).then(function (reply) {
      if (reply.status === 200 || reply.status === 201) {
        deliver(rec.id, reply.body);
        return settle([rec.id], []).then(function () { return 'more'; });
      }
      return reply.status === 0 || reply.status === 429 || reply.status >= 500 ? 'retry' : 'more';
    });
  }

  function sendBatch() {
    return boxReady.then(function (box) { return box.oldest(batchSize); }).then(function (records) {
      if (!records.length) return 'empty';
      var body = { responses: records.map(function (r) { return r.response; }) };
      return post(ds.batchUrl, body).then(function (reply) {
        var results = reply.body && reply.body.results;
        if (reply.status === 200 && Array.isArray(results)) return settleBatch(records, results);
        if (reply.status === 400 || reply.status === 413) {
          // Too big for this server, or unreadable: halve until one item is left, then that one is refused.
          if (records.length > 1) { batchSize = Math.max(1, Math.floor(records.length / 2)); return 'more'; }
          var error = reply.body && reply.body.error;
          return settle([], [refusedCopy(records[0], reply.status, error)]).then(function () { return 'more'; });
        }
        return 'retry';  // offline, 401/403 (the tablet, not the answers), 429, 5xx: keep everything
      });
    });
  }

  function settleBatch(records, results) {
    var byId = {}, done = [], refused = [], again = false;
    results.forEach(function (r) { if (r && typeof r.id === 'string') byId[r.id] = r; });
    records.forEach(function (rec, i) {
      var r = byId[rec.id] || (results[i] && results[i].id == null ? results[i] : null);
      if (r && (r.status === 'accepted' || r.status === 'duplicate')) {
        done.push(rec.id);
        deliver(rec.id, r);
      } else if (r && r.status === 'rejected' && forGood(r.http_status)) {
        refused.push(refusedCopy(rec, r.http_status, r.error));
        deliver(rec.id, null);
      } else {
        again = true;
      }
    });
    if (!done.length && !refused.length) return 'retry';
    batchSize = Math.min(BATCH_MAX, batchSize * 2);
    return settle(done, refused).then(function () { return again ? 'retry' : 'more'; });
  }

  /* One request at a time, oldest first, until the outbox is empty; back off while it fails.
     Called on load, on "online", by the timer and after each finished flow (no Background
     Sync: Safari lacks it). */
  function flush() {
    if (sending || PREVIEW) return;
    clearTimeout(retryTimer);
    retryTimer = null;
    if (navigator.onLine === false) return;  // the "online" event (or the tick) comes back
    var now = Date.now(), alone = null;
    Object.keys(urgent).forEach(function (id) {
      if (now - urgent[id].queued > URGENT_MS) delete urgent[id]; else alone = alone || urgent[id];
    });
    sending = true;
    (alone ? sendAlone(alone) : sendBatch()).then(function (outcome) {
      sending = false;
      if (outcome === 'retry') { retryLater(); return; }
      failures = 0;
      if (outcome === 'more') flush();
    }, function () {
      sending = false;
      retryLater();
    });
  }

  /* Exponential back-off with jitter, so a ward's tablets back on the wifi do not all knock at once. */
  function retryLater() {
    failures++;
    var ceiling = Math.min(RETRY_MS * Math.pow(2, failures - 1), RETRY_MAX_MS);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, ceiling / 2 + Math.random() * ceiling / 2);
  }

  function tick() {
    if (!retryTimer) flush();
    if (!configAt) loadConfig();
  }

  // --- config --------------------------------------------------------------

  function tokenTag() {
    var h = 5381;
    for (var i = 0; i < TOKEN.length; i++) h = ((h * 33) ^ TOKEN.charCodeAt(i)) >>> 0;
    return h.toString(36);
  }

  function loadConfig() {
    configAt = Date.now();
    if (PREVIEW) return Promise.resolve();
    return fetch(ds.configUrl, { headers: authHeaders(), credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        // The service worker's copy while the network is away: use it, but ask again soon.
        if (r.headers.get(CACHE_HEADER)) configAt = 0;
        return r.json();
      })
      .then(function (c) {
        var text = JSON.stringify(c);
        if (config && text === JSON.stringify(config)) { nextConfig = null; return; }
        try { localStorage.setItem(CONFIG, JSON.stringify({ tag: tokenTag(), config: c })); } catch (e) { /* ok */ }
        // A newer flow version waits for the start screen; answers made on the old one
        // stay in the outbox as they are (the server takes every published version).
        if (config) nextConfig = c; else config = c;
        keepPicturesOffline(c);
        if (openDialogEl) return;
        if (screenName === 'attract') refreshAttract();
        // A child who tapped "start" before the first config came gets going as soon as it does.
        else if (screenName === 'not-ready') showLanguage();
      })
      .catch(function () { configAt = 0; });
  }

  // --- offline: the service worker keeps the page, its files and the last config --

  /* The pictures a config's flows show, and the audience pictures. */
  function pictures(c) {
    var names = {};
    AUDIENCES.forEach(function (a) { names['audience/' + a[1]] = true; });
    ((c && c.posts) || []).forEach(function (p) { if (p.pictogram) names[p.pictogram] = true; });
    if (((c && c.posts) || []).length) Object.keys(POST_MARKS).forEach(function (k) { names[POST_MARKS[k]] = true; });
    SCREEN_PICTURES.forEach(function (name) { names[name] = true; });
    ((c && c.flows) || []).forEach(function (f) {
      (f.questions || []).forEach(function (q) {
        if (q.pictogram) names[q.pictogram] = true;
        (q.options || []).forEach(function (o) { if (o.pictogram) names[o.pictogram] = true; });
      });
    });
    return Object.keys(names).map(function (name) { return IMG + name + '.svg'; });
  }

  var picturesKept = '';     // what the worker was last asked to keep

  function keepPicturesOffline(c) {
    var sw = navigator.serviceWorker;
    if (!sw || !c) return;
    var urls = pictures(c);
    if (urls.join(' ') === picturesKept) return;
    picturesKept = urls.join(' ');
    sw.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: 'precache', urls: urls });
    }, noop);
  }

  /* Without a service worker (plain http, an old browser) the outbox still keeps every answer. */
  function keepOffline() {
    var sw = navigator.serviceWorker;
    if (navigator.storage && navigator.storage.persist) {
      // Ask the browser not to evict the outbox under storage pressure.
      navigator.storage.persist().catch(noop);
    }
    if (!sw || !ds.swUrl) return;
    // A new worker (the first, or an update with an empty cache) is given the config
    // and the pictures to keep.
    sw.addEventListener('controllerchange', function () {
      picturesKept = '';
      keepPicturesOffline(config);
      loadConfig();
    });
    sw.register(ds.swUrl, { scope: ds.swScope || '/kiosk' }).then(function () {
      keepPicturesOffline(config);
    }, noop);
  }

  function previewConfig() {
    try { return JSON.parse(document.getElementById('kiosk-preview-config').textContent); } catch (e) { return null; }
  }

  function cachedConfig() {
    try {
      var c = JSON.parse(localStorage.getItem(CONFIG) || 'null');
      return c && c.tag === tokenTag() ? c.config : null;
    } catch (e) { return null; }
  }

  // --- Socket.IO /kiosk: optional; where the wifi blocks it, all else works --

  function heartbeat() {
    if (!socket || !socket.connected) return;
    counts().then(function (c) {
      pending = c.outbox;
      showOutboxCount();
      if (socket.connected) socket.emit('heartbeat', { outbox: c.outbox, refused: c.refused });
    }, noop);
  }

  function connectSocket() {
    if (typeof window.io !== 'function') return;
    try {
      socket = window.io('/kiosk', { auth: { token: TOKEN }, transports: ['websocket', 'polling'], tryAllTransports: true });
    } catch (e) { socket = null; return; }
    socket.on('connect', function () {
      heartbeat();
      failures = 0;
      flush();
      if (Date.now() - configAt > 10000) loadConfig();
    });
    socket.on('config_changed', function () { loadConfig(); });
    setInterval(heartbeat, HEARTBEAT_MS);
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

  // --- wiring --------------------------------------------------------------

  document.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('button') : null;
    var action = b && b.getAttribute('data-action');
    if (action === 'talk') return openTalk();
    if (action === 'done' && screenName === 'support') return showAttract();
    if (action === 'close') return closeDialog();
    if (action === 'still-here') return stillHere();
    if (action === 'read-aloud') return readAloud(b);
    if (action === 'text-size') return setDisplay(Number(b.getAttribute('data-size')) || 0, display.contrast);
    if (action === 'contrast') return setDisplay(display.size, !display.contrast);
    if (openDialogEl || busy) return;
    if (screenName === 'attract') return showLanguage();
    if (!b) return;
    if (action === 'back') return back();
    if (action === 'skip' && run) return skip();
    if (action === 'next' && run) return next();
    if (b.hasAttribute('data-locale')) return chooseLocale(b.getAttribute('data-locale'));
    if (b.hasAttribute('data-audience')) return chooseAudience(b.getAttribute('data-audience'));
    if (run && b.hasAttribute('data-question') && b.hasAttribute('data-value')) answer(b);
  });

  ['pointerdown', 'touchstart', 'mousedown', 'keydown', 'input'].forEach(function (type) {
    document.addEventListener(type, onInput, { capture: true, passive: true });
  });

  document.addEventListener('keydown', function (e) {
    if (!openDialogEl) return;
    if (e.key === 'Escape' && openDialogEl === talkPanel) { closeDialog(); return; }
    if (e.key !== 'Tab') return;
    // Keep focus inside the open dialog (inert is missing on older tablets).
    var bs = Array.prototype.filter.call(openDialogEl.querySelectorAll('button'), function (x) { return !x.hidden; });
    if (!bs.length) return;
    var first = bs[0], last = bs[bs.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    else if (!openDialogEl.contains(document.activeElement)) { e.preventDefault(); first.focus(); }
  });

  [talkPanel, idleDialog].forEach(function (d) {
    var b = d.querySelector('[data-action="read-aloud"]');
    if (b) {
      b.insertAdjacentHTML('afterbegin', SPEAKER_ICON);
      b.speechItems = dialogItems(d);
    }
  });
  if (synth) {
    if (synth.addEventListener) synth.addEventListener('voiceschanged', refreshSpeakers);
    else synth.onvoiceschanged = refreshSpeakers;
  }
  window.addEventListener('online', function () {
    failures = 0;
    flush();
    loadConfig();
  });
  if (window.visualViewport) window.visualViewport.addEventListener('resize', revealNav);

  config = PREVIEW ? previewConfig() : cachedConfig();
  loadConfig();
  showAttract();
  countOutbox();
  flush();
  setInterval(tick, TICK_MS);
  if (!PREVIEW) {
    keepOffline();
    connectSocket();
  }
}());
