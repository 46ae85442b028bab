/* coursegen worksheet pages: every entry is kept in this browser (one
   localStorage key per edition and worksheet), restored on the next visit,
   cleared on request, and printed in full. Loaded by worksheet pages only;
   runs again after each instant navigation (Material's document$). */
(() => {
  const all = (selector, el) => [...el.querySelectorAll(selector)];
  const load = key => {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return null; }
  };

  function keep(root) {
    root.dataset.ready = "";
    const key = root.dataset.wsKey, sheet = document.querySelector(".ws-body"), saved = load(key);
    if (!sheet || !saved) return; // no storage: the note saying nothing is kept stays
    const fields = all("input[name], textarea[name]", sheet);
    const copies = new Map();
    const value = field => (field.type === "checkbox" ? field.checked : field.value);
    // A date prints as its box shows it (the browser's format), and whole even in a narrow column.
    const day = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" });
    const shown = field => (field.type === "date" && field.value ? day.format(field.valueAsNumber) : field.value);
    const copy = field => {
      if (!copies.has(field)) return;
      copies.get(field).textContent = shown(field);
      // An empty date box prints itself, with the browser's date format in it.
      if (field.type === "date") field.classList.toggle("ws-printed", field.value !== "");
    };
    const save = () => {
      const data = {};
      fields.forEach(field => { if (value(field)) data[field.name] = value(field); });
      try {
        if (Object.keys(data).length) localStorage.setItem(key, JSON.stringify(data));
        else localStorage.removeItem(key);
      } catch (e) { /* storage full: the page keeps working */ }
    };

    fields.forEach(field => {
      const got = saved[field.name];
      if (field.type === "checkbox") field.checked = got === true;
      else if (typeof got === "string") field.value = got;
      // A form control prints only what fits in its box: print a copy of its
      // text instead, which grows with it (see site.css).
      if (field.type === "text" || field.type === "date" || field.tagName === "TEXTAREA") {
        const print = document.createElement("div");
        print.className = field.className + " ws-print";
        if (field.hasAttribute("style")) print.setAttribute("style", field.getAttribute("style"));
        print.setAttribute("aria-hidden", "true");
        field.classList.add("ws-printed");
        field.after(print);
        copies.set(field, print);
        copy(field);
      }
    });
    sheet.addEventListener("input", event => {
      copy(event.target);
      save();
    });
    root.addEventListener("click", event => {
      if (!event.target.closest("[data-ws-clear]") || !window.confirm(root.dataset.wsConfirm)) return;
      fields.forEach(field => {
        if (field.type === "checkbox") field.checked = false;
        else field.value = "";
        copy(field);
      });
      save();
      root.querySelector("[role=status]").textContent = root.dataset.wsCleared;
    });
    all("[data-ws-on]", root).forEach(el => { el.hidden = false; });
    all("[data-ws-off]", root).forEach(el => { el.hidden = true; });
  }

  const init = () => all("[data-ws-key]:not([data-ready])", document).forEach(keep);
  // Instant navigation runs this file again on each visit: subscribe once.
  if (window.document$ && !window.cgWorksheets) {
    window.cgWorksheets = true;
    window.document$.subscribe(init);
  }
  init();
})();
