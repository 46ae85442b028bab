/* coursegen on every page, before quiz.js in one file: gives Material's search
   dialog the name of its search field (a dialog needs an accessible name).
   Material keeps the header across instant navigation, so once is enough. */
(() => {
  const dialog = document.querySelector(".md-search[role=dialog]");
  const field = document.querySelector(".md-search__input");
  if (dialog && field && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.placeholder);
  }
})();
