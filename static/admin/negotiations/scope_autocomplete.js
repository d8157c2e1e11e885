/* Scope the admin's autocompletes to one negotiation (see
   templates/admin/negotiations/scope_autocomplete.html). A file, not an inline
   script, so that the Content-Security-Policy allows scripts only from the site. */
(function () {
  "use strict";
  if (!window.django || !django.jQuery) { return; }
  var $ = django.jQuery;
  var autocompleteUrl = document.currentScript.dataset.autocompleteUrl;
  var known = JSON.parse(document.getElementById("scope-negotiation").textContent);

  function scope() {
    var negotiation = document.getElementById("id_negotiation");
    if (negotiation && negotiation.value) { return {negotiation: negotiation.value}; }
    if (known) { return {negotiation: known}; }
    var proposal = document.getElementById("id_proposal");
    if (proposal && proposal.value) { return {proposal: proposal.value}; }
    return {};
  }

  $.ajaxPrefilter(function (options) {
    if (!options.url || options.url.indexOf(autocompleteUrl) !== 0) { return; }
    var extra = $.param(scope());
    if (extra) { options.data = options.data ? options.data + "&" + extra : extra; }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.add-related");
    var negotiation = scope().negotiation;
    if (!link || !negotiation) { return; }
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("negotiation", negotiation);
    link.href = url.toString();
  }, true);
})();
