/* coursegen worksheet tables as CSV: the rows typed into a table, downloaded
   as a file any spreadsheet opens (the pipeline tracker imports it too).
   Linked by the worksheet pages that have a table; nothing leaves the browser. */
(() => {
  const cell = value => {
    let text = value.trim();
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // a spreadsheet must not run it as a formula
    return /[",;\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };
  const values = row => [...row.querySelectorAll("input, textarea")].map(input => input.value);
  document.querySelectorAll("[data-ws-csv]:not([data-ready])").forEach(button => {
    button.dataset.ready = "";
    button.hidden = false;
    button.addEventListener("click", () => {
      const table = button.closest(".ws-field").querySelector("table");
      // The first column holds the row numbers.
      const head = [...table.tHead.rows[0].cells].slice(1).map(th => th.textContent.trim());
      const rows = [...table.tBodies[0].rows].map(values).filter(row => row.some(v => v.trim()));
      const text = "\ufeff" + [head, ...rows].map(row => row.map(cell).join(",")).join("\r\n") + "\r\n";
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      link.download = button.dataset.wsCsv + ".csv";
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    });
  });
})();
