/* Waiting-room kiosk service worker: the tablet keeps working on flaky hospital wifi.
   Served as /kiosk/sw.js with "Service-Worker-Allowed: /kiosk" and registered by
   kiosk.js with scope /kiosk. Plain ES2017, no libraries, no build step.

   - The shell (/kiosk) and GET /api/v1/kiosk/config: network first with a short
     timeout, so a newly published flow is taken up as soon as the network is back;
     the last good reply is kept for when it is not (marked with CACHE_HEADER so
     the page knows to ask again soon).
   - /static/…: cache first, from a cache named by VERSION (bump it when the
     kiosk's own files change); scripts and styles are also refreshed in the
     background, so a deploy reaches the tablet by the next load anyway.
   - /kiosk/voice/…: recorded voices, cache first (their URLs name their content, so a
     kept copy is never wrong); kept for offline use once played, and dropped when the
     configuration no longer names them.
   - Never cached: anything but GET, Socket.IO, pairing, and every other API call.
   Finished responses are not this file's business: they wait in the page's
   IndexedDB outbox (kiosk.js), which is sent on load, on "online" and on a timer,
   because Safari has no Background Sync. */
'use strict';

var VERSION = '2';
var PREFIX = 'waitingroom-kiosk-';
var STATIC = PREFIX + 'static-v' + VERSION;
var PAGES = PREFIX + 'pages';          // network-first replies: always refreshed, never versioned
var VOICES = PREFIX + 'voices';        // recorded voices, by content-named URL
var VOICE_PATH = '/kiosk/voice/';
var SHELL = '/kiosk';
var CONFIG = '/api/v1/kiosk/config';
var STATIC_PATH = '/static/';
var NETWORK_TIMEOUT_MS = 3000;
var CACHE_HEADER = 'X-Waitingroom-Cache';
var REFRESHED = /\.(?:js|css)$/;

function noop() {}

function sameOrigin(url) { return url.origin === self.location.origin; }

function isStatic(url) { return sameOrigin(url) && url.pathname.indexOf(STATIC_PATH) === 0; }

/* The assets the shell links to (its stylesheet, scripts and icon), read from the shell itself. */
function assetsIn(html) {
  var found = {}, pattern = /\s(?:src|href)="([^"]+)"/g, match;
  while ((match = pattern.exec(html))) {
    var url = new URL(match[1].replace(/&amp;/g, '&'), self.location.href);
    if (isStatic(url)) found[url.pathname + url.search] = true;
  }
  return Object.keys(found);
}

/* Keep the event alive until `done` is called, whatever answered the page meanwhile. */
function keepAlive(event) {
  var done = noop;
  event.waitUntil(new Promise(function (resolve) { done = resolve; }));
  return function () { done(); };
}

function fresh(url) { return new Request(url, { cache: 'reload', credentials: 'same-origin' }); }

var adding = {};  // url -> its fetch under way, so the page asking twice fetches once

function precacheStatic(urls) {
  return caches.open(STATIC).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      if (!adding[url]) {
        var forget = function () { delete adding[url]; };
        adding[url] = cache.match(url, { ignoreVary: true }).then(function (hit) {
          return hit || cache.add(fresh(url));
        });
        adding[url].then(forget, forget);
      }
      return adding[url];
    }));
  });
}

/* The shell and what it links to. A network failure fails the install (it is tried
   again on the next load); a tablet that is not paired gets nothing cached. */
function precacheShell() {
  return fetch(fresh(SHELL)).then(function (response) {
    if (!response.ok) return undefined;
    var copy = response.clone();
    return response.text().then(function (html) {
      return precacheStatic(assetsIn(html)).then(function () {
        return caches.open(PAGES).then(function (cache) { return cache.put(SHELL, copy); });
      });
    });
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(precacheShell().then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== STATIC && name !== PAGES && name !== VOICES;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* kiosk.js names the pictures its flows use (from the config), so they show offline too. */
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'precache' || !Array.isArray(data.urls)) return;
  var urls = data.urls.filter(function (u) {
    try { return isStatic(new URL(u, self.location.href)); } catch (e) { return false; }
  });
  var port = event.ports && event.ports[0];
  event.waitUntil(Promise.all(urls.map(function (u) {
    return precacheStatic([u]).catch(noop);  // one missing picture must not keep the others out
  })).then(function () { if (port) port.postMessage({ cached: urls.length }); }));
});

function marked(response) {
  var headers = new Headers(response.headers);
  headers.set(CACHE_HEADER, 'hit');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: headers });
}

function fromPages(url) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(url, { ignoreVary: true }).then(function (hit) {
      // /kiosk?lang=ar offline still finds the shell cached as /kiosk.
      return hit || cache.match(url, { ignoreVary: true, ignoreSearch: true });
    });
  });
}

/* Network first; the cached copy when the network fails, errs (5xx) or is slower than
   NETWORK_TIMEOUT_MS. A late reply still refreshes the cache for the next time. */
function networkFirst(event, key) {
  var done = keepAlive(event);
  var network = fetch(event.request).then(function (response) {
    var saving;
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      saving = caches.open(PAGES).then(function (cache) { return cache.put(key, copy); });
      if (key === CONFIG) saving = Promise.all([saving, forgetVoices(response.clone())]);
    } else if (response.status === 401) {
      // Unpaired or revoked: stop serving an app whose token is dead.
      saving = caches.open(PAGES).then(function (cache) { return cache.delete(key); });
    }
    Promise.resolve(saving).catch(noop).then(done);
    return response;
  }, function (error) { done(); throw error; });

  event.respondWith(new Promise(function (resolve, reject) {
    var settled = false;
    var answer = function (response) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(response);
    };
    var cachedOr = function (otherwise) {
      return fromPages(key).then(function (hit) {
        if (hit) answer(marked(hit)); else otherwise();
      }, otherwise);
    };
    var timer = setTimeout(function () { cachedOr(noop); }, NETWORK_TIMEOUT_MS);
    network.then(function (response) {
      if (response.status >= 500) cachedOr(function () { answer(response); });
      else answer(response);
    }, function (error) {
      cachedOr(function () {
        if (!settled) { settled = true; clearTimeout(timer); reject(error); }
      });
    });
  }));
}

/* Recorded voices the configuration no longer names (replaced, removed, stale) are dropped. */
function forgetVoices(configReply) {
  return configReply.text().then(function (text) {
    return caches.open(VOICES).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.filter(function (request) {
          return text.indexOf(new URL(request.url).pathname) < 0;
        }).map(function (request) { return cache.delete(request); }));
      });
    });
  }).catch(noop);
}

/* Cache first; what is missing is fetched and kept. */
function cacheFirst(event, url, name) {
  var request = event.request;
  var done = keepAlive(event);
  var fetchAndKeep = function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok && response.type === 'basic') {
        return cache.put(request, response.clone()).catch(noop).then(function () { return response; });
      }
      return response;
    });
  };
  event.respondWith(caches.open(name || STATIC).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      if (!hit) {
        var missing = fetchAndKeep(cache);
        missing.then(done, done);
        return missing;
      }
      if (REFRESHED.test(url.pathname)) fetchAndKeep(cache).then(done, done);
      else done();
      return hit;
    });
  }).catch(function (error) { done(); throw error; }));
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  var url = new URL(request.url);
  if (!sameOrigin(url)) return;
  if (url.pathname === SHELL) return networkFirst(event, url.href);
  if (url.pathname === CONFIG) return networkFirst(event, url.pathname);
  if (isStatic(url)) return cacheFirst(event, url);
  if (url.pathname.indexOf(VOICE_PATH) === 0) return cacheFirst(event, url, VOICES);
  // Everything else (Socket.IO, /kiosk/pair/…, other API calls) goes to the network untouched.
});
