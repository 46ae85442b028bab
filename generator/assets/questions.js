/* coursegen question bank: the tag buttons filter the questions. Loaded by the
   question bank page only; without it the page lists every question and the
   tags are plain words. Runs again after each instant navigation (document$). */
(() => {
  const all = (selector, el) => [...el.querySelectorAll(selector)];
  const pressed = button => button.getAttribute("aria-pressed") === "true";

  function filter(root) {
    root.dataset.ready = "";
    const questions = all(".cg-question[data-tags]", document);
    const chips = all("[data-tag]", root), clear = root.querySelector("[data-clear]");
    const count = root.querySelector("[role=status]");
    const apply = () => {
      const picked = chips.filter(pressed).map(chip => chip.dataset.tag);
      let shown = 0;
      questions.forEach(question => {
        const tags = question.dataset.tags.split(" ");
        question.hidden = !picked.every(tag => tags.includes(tag));
        if (!question.hidden) shown++;
      });
      // A category left without questions hides with its heading and introduction.
      all("ol.cg-questions", document).forEach(list => {
        const empty = !list.querySelector(".cg-question:not([hidden])");
        for (let el = list; el; el = el.previousElementSibling) {
          el.hidden = empty;
          if (el.tagName === "H2") break;
        }
      });
      count.textContent = root.dataset.count.replace("{n}", shown).replace("{t}", questions.length);
      clear.hidden = !picked.length;
    };
    root.addEventListener("click", event => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button === clear) {
        chips.forEach(chip => chip.setAttribute("aria-pressed", "false"));
        chips[0].focus(); // the pressed button hides
      } else {
        button.setAttribute("aria-pressed", String(!pressed(button)));
      }
      apply();
    });
    apply();
    root.hidden = false;
    all(".cg-tags--legend", document).forEach(legend => { legend.hidden = true; });
  }

  const init = () => all("[data-tag-filter]:not([data-ready])", document).forEach(filter);
  // Instant navigation runs this file again on each visit: subscribe once.
  if (window.document$ && !window.cgTagFilter) {
    window.cgTagFilter = true;
    window.document$.subscribe(init);
  }
  init();
})();
