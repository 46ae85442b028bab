/* coursegen self-check quizzes: checking, scores, saved progress and notes.
   Joined after site.js into one cached file for every page; plain JavaScript,
   no dependencies. Runs on every page load and after each instant navigation
   (Material's document$). */
(() => {
  const all = (selector, el) => [...el.querySelectorAll(selector)];
  const fill = (text, values) => text.replace(/\{(\w)\}/g, (_, name) => values[name]);
  // Data sits in the first <script> of a quiz as a one-element JSON array.
  const read = el => JSON.parse(el.querySelector("script").textContent)[0];
  const store = {
    keys(prefix) {
      try { return Object.keys(localStorage).filter(key => key.startsWith(prefix)); } catch (e) { return []; }
    },
    get(key) {
      try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
    },
    set(key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off */ }
    },
    drop(prefix) {
      store.keys(prefix).forEach(key => localStorage.removeItem(key));
    }
  };
  const shuffle = list => {
    for (let i = list.children.length; i > 1; i--) list.append(list.children[Math.random() * i | 0]);
  };
  const pair = input => input.name + "=" + input.value;

  function quiz(root) {
    root.dataset.ready = "";
    const data = read(root), ui = data.ui, items = all(".cgq-item", root);
    const live = root.querySelector(".cgq-live"), summary = root.querySelector(".cgq-summary");
    const checkButton = root.querySelector("[data-check]"), retryButton = root.querySelector("[data-retry]");
    const orders = all(".cgq-order", root).map(list => [list, [...list.children]]);
    const say = text => { live.textContent = text; };
    const answerOf = el => {
      const order = el.querySelector(".cgq-order");
      return order ? [[...order.children].map(li => li.dataset.key).join()] : all("input:checked", el).map(pair).sort();
    };

    const show = (answers, saving) => {
      let right = 0, graded = 0;
      const review = summary.querySelector("ol");
      review.textContent = "";
      items.forEach((el, i) => {
        const spec = data.items[i], answer = spec.answer;
        all("input, .cgq-move button", el).forEach(control => { control.disabled = true; });
        el.querySelector(".cgq-answer").open = true;
        const got = answers[spec.id] || [], ok = answer && got.join() === answer.join();
        const entry = document.createElement("li"), link = document.createElement("a");
        link.href = "#" + spec.id;
        link.textContent = fill(ui.item, { n: i + 1, q: spec.title });
        entry.append(link, " ");
        review.append(entry);
        if (!answer) {
          entry.append(ui.unscored);
          return;
        }
        graded++;
        if (ok) right++;
        el.classList.add(ok ? "cgq-ok" : "cgq-no");
        all("input", el).forEach(input => {
          const li = input.closest("li");
          li.classList.toggle("cgq-picked", input.checked);
          li.classList.toggle("cgq-right", answer.includes(pair(input)));
        });
        orders.forEach(([list]) => {
          if (!el.contains(list)) return;
          const keys = answer[0].split(",");
          [...list.children].forEach((li, at) => li.classList.add(li.dataset.key === keys[at] ? "cgq-right" : "cgq-wrong"));
        });
        const result = got.length ? (ok ? ui.correct : ui.incorrect) : ui.unanswered;
        el.querySelector(".cgq-result").textContent = result;
        entry.append(result);
      });
      const score = fill(ui.score, { n: right, t: graded });
      summary.querySelector(".cgq-score").textContent = score;
      summary.hidden = retryButton.hidden = false;
      checkButton.hidden = true;
      root.classList.add("cgq-done");
      if (saving) {
        store.set(data.key, { a: answers, n: right, t: graded });
        summary.focus();
        say(score);
      }
    };

    const check = () => {
      const answers = {};
      items.forEach((el, i) => { if (data.items[i].answer) answers[data.items[i].id] = answerOf(el); });
      show(answers, true);
    };

    const retry = () => {
      store.drop(data.key);
      root.classList.remove("cgq-done");
      items.forEach(el => {
        el.classList.remove("cgq-ok", "cgq-no");
        el.querySelector(".cgq-result").textContent = "";
        el.querySelector(".cgq-answer").open = false;
        all("input", el).forEach(input => { input.checked = false; });
        all("input, .cgq-move button", el).forEach(control => { control.disabled = false; });
        all("li", el).forEach(li => li.classList.remove("cgq-picked", "cgq-right", "cgq-wrong"));
      });
      orders.forEach(([list, start]) => list.append(...start));
      all("[data-shuffle]", root).forEach(shuffle);
      summary.hidden = retryButton.hidden = true;
      checkButton.hidden = false;
      root.querySelector("input, .cgq-move button, textarea").focus();
    };

    const move = button => {
      const li = button.closest("li"), list = li.parentNode;
      // Move the neighbour rather than this entry, so the pressed button keeps focus.
      if (button.dataset.move < 0) {
        if (li.previousElementSibling) list.insertBefore(li.previousElementSibling, li.nextElementSibling);
      } else if (li.nextElementSibling) {
        list.insertBefore(li.nextElementSibling, li);
      }
      say(fill(ui.moved, { n: [...list.children].indexOf(li) + 1, t: list.children.length }));
    };

    const note = el => el.querySelector(".cgq-prompt").textContent.trim() + "\n\n" + el.querySelector("textarea").value + "\n";
    const copy = el => {
      const done = () => say(ui.copied);
      (navigator.clipboard ? navigator.clipboard.writeText(note(el)) : Promise.reject()).then(done, () => {
        el.querySelector("textarea").select();
        if (document.execCommand("copy")) done();
      });
    };
    const download = () => {
      const text = data.title + "\n\n" + all("[data-note]", root).map(area => note(area.closest(".cgq-item"))).join("\n");
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
      link.download = data.id + "-notes.txt";
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    };

    root.addEventListener("click", event => {
      const button = event.target.closest("button"), set = button ? button.dataset : {};
      if (set.move) move(button);
      else if ("check" in set) check();
      else if ("retry" in set) retry();
      else if ("copy" in set) copy(button.closest(".cgq-item"));
      else if ("download" in set) download();
    });
    all("[data-note]", root).forEach(area => {
      const key = data.notes + area.dataset.note;
      area.value = store.get(key) || "";
      area.addEventListener("input", () => store.set(key, area.value));
      area.closest(".cgq-item").querySelector(".cgq-tools").hidden = false;
    });
    all("[data-shuffle]", root).forEach(shuffle);
    checkButton.hidden = false;
    const saved = store.get(data.key);
    if (saved && saved.a) {
      items.forEach((el, i) => {
        const got = saved.a[data.items[i].id] || [];
        all("input", el).forEach(input => { input.checked = got.includes(pair(input)); });
        const list = el.querySelector(".cgq-order");
        if (list && got[0]) got[0].split(",").forEach(key => list.append(...all('[data-key="' + key + '"]', list)));
      });
      show(saved.a, false);
    }
  }

  function progress(root) {
    root.dataset.ready = "";
    const data = read(root), ui = data.ui, rows = all("[data-key]", root);
    // The certificate: offered once every quiz was checked; the name never leaves the page.
    const cert = root.querySelector("[data-certificate]"), name = cert.querySelector("[data-name]");
    const paint = () => {
      let done = 0;
      all("[data-reset]", root).forEach(button => { button.hidden = !button.dataset.reset.split(" ").some(p => store.keys(p).length); });
      rows.forEach(row => {
        const state = store.get(row.dataset.key);
        if (state) done++;
        row.querySelector(".cgq-status").textContent = state ? fill(ui.score, { n: state.n, t: state.t }) : ui.none;
      });
      root.querySelector(".cgq-total").textContent = fill(ui.summary, { n: done, t: rows.length });
      cert.hidden = done < rows.length;
    };
    cert.querySelector("[data-date]").textContent = new Intl.DateTimeFormat(data.lang, { dateStyle: "long" }).format(new Date());
    cert.querySelector("input").addEventListener("input", event => { name.textContent = event.target.value.trim(); });
    root.addEventListener("click", event => {
      if (event.target.closest("[data-print]")) window.print();
      const button = event.target.closest("[data-reset]");
      if (!button) return;
      button.dataset.reset.split(" ").forEach(store.drop);
      paint();
      // The pressed button hides with nothing left to reset: keep the keyboard in the table.
      if (button.hidden) root.querySelector(".cgq-total").focus();
      root.querySelector(".cgq-live").textContent = ui.cleared;
    });
    paint();
  }

  const init = () => {
    all(".cgq:not([data-ready])", document).forEach(quiz);
    all("[data-progress]:not([data-ready])", document).forEach(progress);
  };
  if (window.document$) window.document$.subscribe(init);
  else init();
})();
