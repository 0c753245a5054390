// Storyline pages: charts (Vega-Lite), the actor graph (Cytoscape) and ingest progress.
// Data comes from JSON blocks the server wrote into the page; text is set with textContent only.
(function () {
  "use strict";

  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function embed(element, spec) {
    if (!window.vegaEmbed) {
      element.textContent = "Chart library not loaded.";
      return Promise.resolve();
    }
    // ast + interpreter: no eval, so the page's Content-Security-Policy can forbid it.
    return window.vegaEmbed(element, spec, { renderer: "svg", actions: false, ast: true })
      .then(function () { element.dataset.rendered = "true"; })
      .catch(function (error) { element.textContent = "Chart failed: " + error; });
  }

  function timeline(element, points) {
    var most = Math.max.apply(null, points.map(function (p) { return p.sources; }).concat([2]));
    points.forEach(function (p) { p.href = "/events/" + encodeURIComponent(p.event).replace(/%3A/g, ":"); });
    return embed(element, {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container",
      height: 260,
      data: { values: points },
      // Drag to pan, wheel to zoom the dates: a story that recalls a decades-old event would
      // otherwise squeeze its own weeks into a sliver of the axis.
      params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
      mark: { type: "point", filled: true, opacity: 0.8, cursor: "pointer" },
      encoding: {
        x: { field: "day", type: "temporal", title: "date" },
        y: { field: "type", type: "nominal", title: null },
        color: { field: "type", type: "nominal", title: "PLOVER type", scale: { scheme: "tableau20" } },
        size: { field: "sources", type: "quantitative", title: "sources",
          scale: { domain: [1, most], range: [60, 400] }, legend: { format: "d", tickMinStep: 1 } },
        href: { field: "href" },
        tooltip: [
          { field: "label", title: "event" },
          { field: "date", title: "date" },
          { field: "precision", title: "precision" },
          { field: "events", title: "events" },
          { field: "sources", title: "sources" }
        ]
      }
    });
  }

  function series(element, all) {
    var points = [];
    all.forEach(function (s) {
      s.points.forEach(function (p) {
        points.push({ series: s.label, date: p.date, value: p.value, text: p.text });
      });
    });
    return embed(element, {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container",
      height: 160,
      data: { values: points },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "date", type: "temporal" },
        y: { field: "value", type: "quantitative" },
        color: { field: "series", type: "nominal" },
        tooltip: [{ field: "series" }, { field: "date" }, { field: "text" }]
      }
    });
  }

  var TONE = { cooperation: "#2e7d32", conflict: "#c62828", mixed: "#9e9e9e", unknown: "#9e9e9e" };

  function graph(element, g) {
    if (!window.cytoscape) {
      element.textContent = "Graph library not loaded.";
      return;
    }
    var most = Math.max.apply(null, g.edges.map(function (e) { return e.events; }).concat([1]));
    var elements = g.nodes.map(function (n, i) {
      return { data: { id: n.id, label: n.name, focus: i === 0 ? 1 : 0 } };
    }).concat(g.edges.map(function (e) {
      return { data: { id: e.source + "->" + e.target, source: e.source, target: e.target,
        width: 1 + 9 * e.events / most, colour: TONE[e.tone] || TONE.unknown, events: e.events } };
    }));
    var cy = window.cytoscape({
      container: element,
      elements: elements,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#546e7a", width: 18, height: 18 } },
        { selector: "node[focus = 1]", style: { "background-color": "#1565c0", width: 28, height: 28 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "curve-style": "straight", opacity: 0.8 } }
      ],
      layout: { name: "concentric", concentric: function (node) { return node.data("focus"); }, levelWidth: function () { return 1; }, minNodeSpacing: 30 }
    });
    cy.on("tap", "node", function (event) {
      window.location.href = "/actors/" + encodeURIComponent(event.target.id()).replace(/%3A/g, ":");
    });
    element.dataset.nodes = String(cy.nodes().length);
    element.dataset.rendered = "true";
  }

  function renderJob(panel, job) {
    panel.hidden = false;
    panel.dataset.state = job.state;
    panel.textContent = "";
    var head = document.createElement("p");
    head.className = "job-state";
    head.textContent = job.state + ": " + job.done + " of " + job.inputs.length + " inputs done" +
      (job.error ? " — " + job.error : "");
    panel.appendChild(head);
    var list = document.createElement("ul");
    list.className = "inputs";
    job.inputs.forEach(function (input) {
      var item = document.createElement("li");
      item.className = "input input-" + input.state;
      item.textContent = input.kind + " " + input.name + ": " + input.state +
        (input.error ? " — " + input.error : "") + (input.duplicates ? " (already stored)" : "");
      input.documents.forEach(function (id) {
        var a = document.createElement("a");
        a.href = "/documents/" + encodeURIComponent(id);
        a.textContent = "document " + id;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(a);
      });
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function follow(panel, id) {
    fetch("/api/ingest/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        renderJob(panel, job);
        if (job.state === "queued" || job.state === "running") {
          setTimeout(function () { follow(panel, id); }, 500);
        }
      });
  }

  function ingestForm(form) {
    var panel = document.getElementById("ingest-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      panel.hidden = false;
      panel.textContent = "Sending…";
      // The header stands in for Origin should a browser leave it out (see security.py).
      fetch("/api/ingest", { method: "POST", body: new FormData(form),
        headers: { "X-Storyline-CSRF": form.dataset.csrf || "" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          if (!result.ok) {
            panel.dataset.state = "error";
            panel.textContent = "Refused: " + JSON.stringify(result.body.detail);
            return;
          }
          form.reset();
          renderJob(panel, result.body);
          follow(panel, result.body.id);
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("timeline");
    if (element) timeline(element, data("timeline-data"));
    element = document.getElementById("series");
    if (element) series(element, data("series-data"));
    element = document.getElementById("graph");
    if (element) graph(element, data("graph-data"));
    element = document.getElementById("ingest-form");
    if (element) ingestForm(element);
    element = document.querySelector("#ingest-status[data-job]");
    if (element && (element.dataset.state === "queued" || element.dataset.state === "running")) {
      follow(element, element.dataset.job);
    }
  });
})();
