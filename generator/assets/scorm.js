/* coursegen SCORM 1.2 bridge, loaded only by scorm.html in a SCORM package.
   The course runs in a frame; its quiz script keeps answers in localStorage as
   on the website. This bridge finds the LMS's API, restores the learner's saved
   answers and place from cmi.suspend_data and cmi.core.lesson_location before
   the first page loads, and reports status, score, place and answers back when
   they change. Without an LMS it only opens the course. */
(() => {
  const config = JSON.parse(document.getElementById("cg-scorm").textContent);
  const frame = document.getElementById("cg-course");
  const LIMIT = 4096; // cmi.suspend_data holds at most 4,096 characters in SCORM 1.2.

  const findAPI = start => {
    for (let win = start, hops = 0; win && hops < 500; hops++) {
      try { if (win.API) return win.API; } catch (e) { /* a frame of another origin */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  };
  const api = findAPI(window.parent !== window ? window.parent : null) ||
    (window.opener ? findAPI(window.opener) : null);

  const storage = {
    keys() {
      try {
        return Object.keys(localStorage).filter(key => key.startsWith(config.prefix) && !config.local.includes(key)).sort();
      } catch (e) { return []; }
    },
    get(key) { try { return localStorage.getItem(key); } catch (e) { return null; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* storage off */ } }
  };

  // Answers repeat their item id ("q1": ["q1=o2"]); "~o2" stands for it in the saved data.
  const pack = value => {
    const state = JSON.parse(value);
    if (!state || typeof state !== "object" || !state.a) return value;
    const a = {};
    Object.keys(state.a).forEach(id => {
      a[id] = state.a[id].map(got => got.startsWith(id) ? "~" + got.slice(id.length) : got);
    });
    return JSON.stringify({ a, n: state.n, t: state.t });
  };
  const unpack = value => {
    let state;
    try { state = JSON.parse(value); } catch (e) { return value; }
    if (!state || typeof state !== "object" || !state.a) return value;
    Object.keys(state.a).forEach(id => {
      state.a[id] = state.a[id].map(got => got.startsWith("~") ? id + got.slice(1) : got);
    });
    return JSON.stringify(state);
  };

  // Quiz results first, then notes, shortest first, while they fit.
  const suspendData = () => {
    const saved = {};
    let length = 2;
    const keys = storage.keys();
    const notes = keys.filter(key => key.includes("/n/"));
    const order = keys.filter(key => !key.includes("/n/")).concat(
      notes.sort((x, y) => (storage.get(x) || "").length - (storage.get(y) || "").length));
    order.forEach(key => {
      const raw = storage.get(key);
      if (raw === null) return;
      const short = key.slice(config.prefix.length), value = key.includes("/n/") ? raw : pack(raw);
      const cost = JSON.stringify(short).length + JSON.stringify(value).length + 2;
      if (length + cost > LIMIT) return;
      saved[short] = value;
      length += cost;
    });
    return JSON.stringify(saved);
  };

  const restore = text => {
    let saved;
    try { saved = JSON.parse(text); } catch (e) { return; }
    if (!saved || typeof saved !== "object") return;
    Object.keys(saved).forEach(short => {
      if (typeof saved[short] !== "string") return;
      const key = config.prefix + short;
      storage.set(key, key.includes("/n/") ? saved[short] : unpack(saved[short]));
    });
  };

  const results = () => config.quizzes.map(key => {
    try { return JSON.parse(storage.get(key)); } catch (e) { return null; }
  });

  const sent = {};
  const send = (element, value) => {
    const text = String(value);
    if (sent[element] === text) return false;
    sent[element] = text;
    api.LMSSetValue(element, text);
    return true;
  };

  const place = () => {
    try {
      const base = location.href.replace(/[^/]*([?#].*)?$/, "");
      const here = frame.contentWindow.location.href;
      return here.startsWith(base) ? here.slice(base.length) : "";
    } catch (e) { return ""; }
  };

  const sync = () => {
    if (!api) return;
    let changed = false;
    const done = results().filter(state => state && state.t);
    if (done.length) {
      const mean = done.reduce((sum, state) => sum + 100 * state.n / state.t, 0) / done.length;
      changed = send("cmi.core.score.raw", Math.round(mean)) || changed;
    }
    let status = "incomplete";
    if (config.quizzes.length && done.length === config.quizzes.length) {
      const score = Number(sent["cmi.core.score.raw"]);
      status = config.mastery === null ? "completed" : score >= config.mastery ? "passed" : "failed";
    }
    changed = send("cmi.core.lesson_status", status) || changed;
    const where = place();
    if (where) changed = send("cmi.core.lesson_location", where) || changed;
    changed = send("cmi.suspend_data", suspendData()) || changed;
    if (changed) api.LMSCommit("");
  };

  const safe = /^[A-Za-z0-9_\-./]+\.html(#[A-Za-z0-9_\-]*)?$/;
  let start = "index.html";
  if (api && String(api.LMSInitialize("")) === "true") {
    restore(api.LMSGetValue("cmi.suspend_data"));
    const left = String(api.LMSGetValue("cmi.core.lesson_location"));
    if (safe.test(left) && !left.includes("..")) start = left;
    // Values the LMS already holds need not be sent again.
    ["cmi.core.lesson_location", "cmi.core.score.raw", "cmi.suspend_data"].forEach(element => {
      sent[element] = String(api.LMSGetValue(element));
    });
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.exit", "suspend");
    window.addEventListener("storage", sync);
    frame.addEventListener("load", sync);
    setInterval(sync, 2000);
    let finished = false;
    window.addEventListener("pagehide", () => {
      if (finished) return;
      finished = true;
      sync();
      api.LMSCommit("");
      api.LMSFinish("");
    });
  }
  frame.src = start;
})();
