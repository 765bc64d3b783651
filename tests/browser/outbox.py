"""The kiosk's IndexedDB outbox, read and written from outside as kiosk.js documents it.

Page functions for Playwright's `page.evaluate`, shared by the offline browser
tests and bench/outbox_replay.py.
"""

OUTBOX_COUNTS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('waitingroom-kiosk', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result, t = db.transaction(['outbox', 'refused']), counts = {};
    for (const name of ['outbox', 'refused']) {
      const req = t.objectStore(name).count();
      req.onsuccess = () => { counts[name] = req.result; };
    }
    t.oncomplete = () => { db.close(); resolve(counts); };
  };
})"""

OUTBOX_IDS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('waitingroom-kiosk', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result, req = db.transaction('outbox').objectStore('outbox').getAllKeys();
    req.onsuccess = () => { db.close(); resolve(req.result); };
  };
})"""

REFUSED_ITEMS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('waitingroom-kiosk', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result, req = db.transaction('refused').objectStore('refused').getAll();
    req.onsuccess = () => { db.close(); resolve(req.result); };
  };
})"""

QUEUE = """records => new Promise((resolve, reject) => {
  const open = indexedDB.open('waitingroom-kiosk', 1);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result, t = db.transaction('outbox', 'readwrite');
    for (const r of records) t.objectStore('outbox').put(r);
    t.oncomplete = () => { db.close(); resolve(records.length); };
    t.onabort = () => reject(t.error);
  };
})"""
