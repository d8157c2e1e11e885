// After htmx swaps in new results because the reader submitted a form or followed
// a page link, move focus to the results' heading, so that keyboard and
// screen-reader users land on what changed. A swap triggered by changing a
// filter leaves focus where it is, so the reader can keep adjusting filters.
document.addEventListener("htmx:afterSwap", function (event) {
  var config = event.detail.requestConfig || {};
  var trigger = config.triggeringEvent;
  if (!trigger || (trigger.type !== "submit" && trigger.type !== "click")) {
    return;
  }
  // Results are swapped inside their container, which stays in the page.
  var region = event.detail.target;
  var heading = region && region.querySelector("h2[tabindex='-1']");
  if (heading) {
    heading.focus();
  }
});

// Tell screen-reader users what a swap brought, whatever triggered it: the new
// results' heading or summary (the count) goes into the page's one polite live
// region, which stays in the page. Emptied first, so the same count is
// announced again when a new filter gives it.
document.addEventListener("htmx:afterSwap", function (event) {
  var live = document.getElementById("live-status");
  var region = event.detail.target;
  if (!live || !region) {
    return;
  }
  var summary =
    region.querySelector("h2[tabindex='-1']") ||
    region.querySelector(".search-summary, .search-message");
  if (!summary) {
    return;
  }
  var text = summary.textContent.replace(/\s+/g, " ").trim();
  live.textContent = "";
  window.setTimeout(function () {
    live.textContent = text;
  }, 100);
});
