/* coursegen pipeline tracker, linked by its page only; no network. Steps,
   events and timing rules come from the course data in the page. Material's
   instant navigation runs the script again on each visit. */
(() => {
  const root = document.querySelector("[data-tracker]:not([data-ready])");
  if (!root) return;
  root.dataset.ready = "";
  const data = JSON.parse(root.querySelector("script").textContent)[0], ui = data.ui, steps = data.steps;
  const $ = sel => root.querySelector(sel);
  const make = (tag, { k, ...props }, ...kids) => {
    const el = Object.assign(document.createElement(tag), props);
    if (k) el.dataset.k = k;
    el.append(...kids.filter(kid => kid));
    return el;
  };
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const say = text => { $(".cgt-live").textContent = text; };
  // No prototype: an imported key such as "constructor" finds nothing here.
  const events = Object.create(null), columns = Object.assign(Object.create(null), data.columns);
  data.events.forEach(e => { events[e.id] = e; });
  const stepAt = id => steps.findIndex(s => s.id === id);
  const lower = text => String(text || "").trim().toLowerCase();

  // Days are ISO dates counted in UTC, so no clock change shifts them.
  const iso = time => new Date(time).toISOString().slice(0, 10);
  const today = () => { const d = new Date(); return iso(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())); };
  const plus = (day, n) => iso(Date.parse(day) + n * 864e5);
  const isDay = text => /^\d{4}-\d\d-\d\d$/.test(text) && !isNaN(Date.parse(text));
  const format = new Intl.DateTimeFormat(data.lang, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const shown = day => format.format(Date.parse(day));
  const when = day => make("time", { dateTime: day, textContent: shown(day) });

  let state;
  const load = () => {
    try { state = JSON.parse(localStorage.getItem(data.key)); } catch (e) { state = null; }
    if (!state || !Array.isArray(state.contacts)) state = { n: 0, contacts: [] };
    // A step the edition no longer has falls back to the first.
    state.contacts.forEach(c => { c.log = c.log || {}; if (stepAt(c.step) < 0) c.step = steps[0].id; });
  };
  const save = () => { try { localStorage.setItem(data.key, JSON.stringify(state)); } catch (e) { /* storage off */ } };
  const find = id => state.contacts.find(c => c.id === id);
  const add = ({ name, org }) => {
    let c = state.contacts.find(x => lower(x.name) === lower(name) && lower(x.org) === lower(org));
    if (!c) state.contacts.push(c = { id: "c" + ++state.n, name, org, found: "", by: "", step: steps[0].id, log: {} });
    return c;
  };
  const advance = (c, id) => { const s = events[id].step; if (s && stepAt(s) > stepAt(c.step)) c.step = s; };

  // What is due: every rule of the course applied to every contact.
  const due = () => {
    const list = [];
    state.contacts.forEach(c => data.rules.forEach(rule => {
      const start = c.log[rule.after];
      if (start && !rule.unless.some(id => c.log[id]) && (!rule.introduced || find(c.by))) list.push({ c, rule, day: plus(start, rule.days) });
    }));
    return list.sort((a, b) => a.day.localeCompare(b.day));
  };
  const introduced = item => item.rule.introduced && fill(ui.introduced_by, { name: find(item.c.by).name });

  const paintDue = () => {
    const now = today(), soon = plus(now, data.soon), list = due(), box = $("[data-due]");
    const items = group => make("ol", { className: "cgt-due" }, ...group.map(item => make("li", { className: item.day < now ? "cgt-late" : "" },
      when(item.day), " ", item.day < now && make("span", { className: "cgt-badge", textContent: ui.overdue }), " ",
      make("strong", { textContent: item.rule.label }), " · ", make("a", { href: "#cgt-" + item.c.id, textContent: item.c.name }),
      [item.c.org, introduced(item)].filter(Boolean).map(text => ", " + text).join(""))));
    const near = list.filter(i => i.day < soon), later = list.filter(i => i.day >= soon);
    box.replaceChildren(near.length ? items(near) : make("p", { textContent: ui.nothing_due }));
    if (later.length) box.append(make("h3", { textContent: ui.later }), items(later));
  };

  // A visible label; the contact's name completes what a screen reader hears.
  const label = (text, name, control) => make("label", {}, text, Object.assign(control, { ariaLabel: text + " (" + name + ")" }));
  const options = (list, value) => list.map(([id, text]) => make("option", { value: id, textContent: text, selected: id === value }));
  const stepName = id => fill(ui.step_of, { n: stepAt(id) + 1, t: steps.length, title: steps[stepAt(id)].title });
  const button = (text, k, className = "md-button") => make("button", { type: "button", className, textContent: text, k });

  const card = (c, seen) => {
    seen.add(c.id);
    const by = find(c.by), k = name => name + ":" + c.id;
    const facts = [c.org, c.found && fill(ui.found_via, { how: c.found }), by && fill(ui.introduced_by, { name: by.name })];
    const log = data.events.filter(e => c.log[e.id]).map(e => make("li", {}, e.label + ": ", when(c.log[e.id]), " ",
      Object.assign(button("×", "un:" + c.id + ":" + e.id, "cgt-undo"), { ariaLabel: fill(ui.unrecord, { what: e.label, name: c.name }) })));
    const kids = state.contacts.filter(x => x.by === c.id && !seen.has(x.id));
    return make("li", { className: "cgt-contact", id: "cgt-" + c.id }, make("div", { className: "cgt-card" },
      make("h3", { textContent: c.name, tabIndex: -1 }),
      make("p", { className: "cgt-meta", textContent: facts.filter(Boolean).join(" · ") }),
      make("p", { className: "cgt-at", textContent: stepName(c.step) }),
      log.length && make("ul", { className: "cgt-log" }, ...log),
      make("div", { className: "cgt-controls" },
        label(ui.move, c.name, make("select", { k: k("step") }, ...options(steps.map((s, i) => [s.id, i + 1 + ". " + s.title]), c.step))),
        label(ui.happened, c.name, make("select", { k: k("ev") }, ...options(data.events.map(e => [e.id, e.label]), (data.events.find(e => !c.log[e.id]) || {}).id))),
        label(ui.on, c.name, make("input", { type: "date", value: today(), k: k("day") })),
        button(ui.record, k("rec")),
        Object.assign(button(ui.remove, k("del"), "md-button cgt-remove"), { ariaLabel: ui.remove + " " + c.name }))),
      kids.length && make("ul", { className: "cgt-tree" }, ...kids.map(x => card(x, seen))));
  };

  const paint = focus => {
    const seen = new Set(), tops = state.contacts.filter(c => !find(c.by)).map(c => card(c, seen));
    // A loop of introductions (from an imported file) has no top: list the rest at the top level.
    state.contacts.forEach(c => { if (!seen.has(c.id)) tops.push(card(c, seen)); });
    $("[data-tree]").replaceChildren(tops.length ? make("ul", { className: "cgt-tree" }, ...tops) : make("p", { textContent: ui.no_contacts }));
    const by = $("[name=by]");
    by.replaceChildren(by.options[0], ...options(state.contacts.map(c => [c.id, [c.name, c.org].filter(Boolean).join(", ")]).sort((a, b) => a[1].localeCompare(b[1]))));
    paintDue();
    if (focus && $(focus)) $(focus).focus();
  };
  const keyed = k => `[data-k="${k}"]`;
  const update = (focus, message) => { save(); paint(focus); say(message); };

  // Files: CSV for spreadsheets, JSON as a full backup, iCalendar for what is due.
  const cell = value => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet must not run it as a formula
    return /[",;\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };
  const csv = () => "\ufeff" + [[ui.col_name, ui.col_organization, ui.col_found, ui.col_introducer, ui.col_step, ...data.events.map(e => e.label)],
    ...state.contacts.map(c => [c.name, c.org, c.found, (find(c.by) || {}).name || "", steps[stepAt(c.step)].title, ...data.events.map(e => c.log[e.id] || "")])]
    .map(row => row.map(cell).join(",")).join("\r\n") + "\r\n";
  const text = value => value.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n");
  const fold = line => { // RFC 5545: lines of at most 75 octets
    let out = "", size = 0;
    for (const ch of line) {
      const code = ch.codePointAt(0), bytes = code < 128 ? 1 : code < 2048 ? 2 : code < 65536 ? 3 : 4;
      if (size + bytes > 75) { out += "\r\n "; size = 1; }
      out += ch;
      size += bytes;
    }
    return out;
  };
  const ics = () => {
    const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, ""), day = d => d.replace(/-/g, "");
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coursegen//pipeline tracker " + data.edition + "//" + data.lang.toUpperCase(), "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    due().forEach(item => {
      const note = [item.c.org, introduced(item)].filter(Boolean).join("\n");
      lines.push("BEGIN:VEVENT", "UID:" + [item.c.id, item.rule.id, day(item.day)].join("-") + "@" + data.edition + ".coursegen.invalid",
        "DTSTAMP:" + stamp, "DTSTART;VALUE=DATE:" + day(item.day), "DTEND;VALUE=DATE:" + day(plus(item.day, 1)),
        "SUMMARY:" + text(item.rule.label + ": " + item.c.name), ...note ? ["DESCRIPTION:" + text(note)] : [], "END:VEVENT");
    });
    return [...lines, "END:VCALENDAR"].map(fold).join("\r\n") + "\r\n";
  };
  const download = (kind, type, body) => {
    const link = make("a", { href: URL.createObjectURL(new Blob([body], { type })), download: data.file + "-" + today() + "." + kind });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  // CSV as spreadsheets write it: quotes, doubled quotes, line breaks in cells, "," or ";".
  const parse = raw => {
    const body = raw.replace(/^\ufeff/, ""), head = body.split("\n")[0];
    const sep = head.split(";").length > head.split(",").length ? ";" : ",", rows = [[]];
    let value = "", quoted = false;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (quoted) {
        if (ch !== '"') value += ch;
        else if (body[i + 1] === '"') value += body[i++];
        else quoted = false;
      } else if (ch === '"') quoted = true;
      else if (ch === sep || ch === "\n") {
        rows[rows.length - 1].push(value);
        value = "";
        if (ch === "\n") rows.push([]);
      } else if (ch !== "\r") value += ch;
    }
    rows[rows.length - 1].push(value);
    return rows.filter(row => row.some(v => v.trim())).map(row => row.map(v => v.trim().replace(/^'(?=[=+\-@])/, "")));
  };
  const stepOf = value => (steps.find(s => [s.id, s.title].includes(value) || lower(s.title) === lower(value).replace(/^\d+\.\s*/, "")) || {}).id;
  // Imported rows become {name, org, found, step, log} with the introducer as a name (CSV) or an id (JSON).
  const fromCsv = raw => {
    const [head, ...rows] = parse(raw), cols = head.map(h => columns[lower(h)]);
    return rows.map(row => {
      const item = { log: {} };
      cols.forEach((col, i) => { if (col && row[i]) (events[col] ? item.log : item)[col] = row[i]; });
      return { ...item, org: item.organization, byName: item.introducer, step: stepOf(item.step) };
    });
  };
  const fromJson = raw => JSON.parse(raw).contacts.map(c => ({ ...c, ref: c.id, step: stepOf(c.step) }));
  const take = list => {
    const refs = Object.create(null);
    list = list.filter(item => typeof item.name === "string" && item.name.trim());
    list.forEach(item => {
      const c = item.c = add({ name: item.name.trim(), org: String(item.org || "") });
      Object.assign(c, { name: item.name.trim(), org: String(item.org || ""), found: String(item.found || ""), step: item.step || c.step });
      Object.keys(item.log || {}).forEach(id => { if (events[id] && isDay(item.log[id])) { c.log[id] = item.log[id]; advance(c, id); } });
      refs[item.ref] = c;
    });
    list.forEach(item => {
      const by = item.ref ? refs[item.by] : state.contacts.find(x => item.byName && lower(x.name) === lower(item.byName));
      if (by && by !== item.c) item.c.by = by.id;
    });
    return list.length;
  };

  root.addEventListener("submit", event => {
    event.preventDefault();
    const form = event.target.elements, name = form.name.value.trim(), org = form.org.value.trim();
    const c = add({ name, org });
    Object.assign(c, { name, org, found: form.found.value.trim(), by: form.by.value === c.id ? "" : form.by.value, step: form.step.value });
    event.target.reset();
    update("[name=name]", fill(ui.added, { name }));
  });
  root.addEventListener("change", event => {
    const input = event.target, [kind, id] = (input.dataset.k || "").split(":"), c = find(id);
    if (kind === "step") {
      c.step = input.value;
      update(keyed("step:" + id), fill(ui.moved, { name: c.name, step: stepName(c.step) }));
    }
    if (input.type !== "file" || !input.files[0]) return;
    const file = input.files[0];
    file.text().then(raw => {
      const count = take(/^\s*\{/.test(raw) ? fromJson(raw) : fromCsv(raw));
      update("", fill(ui.imported, { n: count }));
    }).catch(() => say(ui.import_failed)).then(() => { input.value = ""; });
  });
  root.addEventListener("click", event => {
    const set = (event.target.closest("button") || {}).dataset || {}, [kind, id, extra] = (set.k || "").split(":"), c = find(id);
    if (kind === "rec") {
      const e = $(keyed("ev:" + id)).value, day = $(keyed("day:" + id)).value;
      if (!isDay(day)) return say(ui.bad_date);
      c.log[e] = day;
      advance(c, e);
      const next = due().find(item => item.c === c);
      update(keyed("rec:" + id), fill(ui.recorded, { what: events[e].label, name: c.name, day: shown(day) }) +
        (next ? " " + fill(ui.next, { what: next.rule.label, day: shown(next.day) }) : ""));
    }
    if (kind === "un") {
      delete c.log[extra];
      update("#cgt-" + id + " h3", fill(ui.unrecorded, { what: events[extra].label, name: c.name }));
    }
    if (kind === "del") {
      state.contacts = state.contacts.filter(x => x !== c);
      state.contacts.forEach(x => { if (x.by === id) x.by = ""; });
      update("#cgt-list", fill(ui.removed, { name: c.name }));
    }
    if (set.export === "csv") download("csv", "text/csv;charset=utf-8", csv());
    if (set.export === "json") download("json", "application/json", JSON.stringify({ format: "coursegen-tracker", version: 1, edition: data.edition, ...state }, null, 2));
    if (set.export === "ics") download("ics", "text/calendar;charset=utf-8", ics());
    if ("clear" in set && window.confirm(ui.clear_confirm)) {
      try { localStorage.removeItem(data.key); } catch (e) { /* storage off */ }
      load();
      paint();
      say(ui.cleared);
    }
  });
  load();
  paint();
})();
