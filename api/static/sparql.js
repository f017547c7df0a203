// dckg query editor: YASGUI from local files, our endpoint only, dckg prefixes, one tab per named question.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("dckg-config").textContent);
  var endpoint = new URL(cfg.endpoint, window.location.href).href;
  var prefixLines = Object.keys(cfg.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + cfg.prefixes[p] + ">";
  }).join("\n");
  var starter = prefixLines + "\n\nSELECT ?country ?iso2 ?label WHERE {\n  ?country a dckg:Country ; dckg:iso2 ?iso2 ; rdfs:label ?label .\n}\nORDER BY ?iso2\nLIMIT 100\n";
  // nothing may be fetched from outside: no remote autocompleters, no endpoint catalogue
  if (Yasgui.Yasqe && Yasgui.Yasqe.defaults) {
    Yasgui.Yasqe.defaults.autocompleters = ["variables"];
    Yasgui.Yasqe.defaults.value = starter;
  }
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: starter }
  });
  cfg.tabs.forEach(function (t) {
    yasgui.addTab(false, { name: t.name, yasqe: { value: t.query }, requestConfig: { endpoint: endpoint } });
  });
  window.dckgYasgui = yasgui;
})();
