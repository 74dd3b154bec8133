export const FILTER_SCRIPT = `(function () {
  var box = document.getElementById("filter");
  if (!box) return;
  var text = document.getElementById("filter-text");
  var series = document.getElementById("filter-series");
  var period = document.getElementById("filter-period");
  var none = document.getElementById("filter-none");
  var count = document.getElementById("filter-count");
  function run() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll("section.period").forEach(function (section) {
      var any = false;
      section.querySelectorAll("tbody tr").forEach(function (row) {
        var said = (section.dataset.label + " " + row.textContent).toLowerCase();
        var ok =
          words.every(function (word) { return said.indexOf(word) >= 0; }) &&
          (!series.value || row.dataset.series === series.value) &&
          (!period.value || section.dataset.period === period.value);
        row.hidden = !ok;
        if (ok) { any = true; shown += 1; }
      });
      section.hidden = !any;
    });
    none.hidden = shown > 0;
    count.textContent = count.dataset.template.replace("{count}", String(shown));
  }
  text.addEventListener("input", run);
  series.addEventListener("change", run);
  period.addEventListener("change", run);
  box.hidden = false;
  run();
})();`;

/** The script's hash as a Content-Security-Policy source. */
import { cspHash } from "../render/harden.js";
export const FILTER_HASH = cspHash(FILTER_SCRIPT);
