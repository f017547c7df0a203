/* dckg explorer: draws /api/graph with the local vis-network bundle; no external assets. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const container = $("network");
  const slider = $("as-of-slider");
  const dateInput = $("as-of");
  const minDate = new Date(slider.dataset.minDate + "T00:00:00Z");
  const state = { network: null, nodes: new vis.DataSet(), edges: new vis.DataSet(), renders: 0,
                  firstRenderMs: null, lastRenderMs: null, requested: 0 };
  window.dckgExplorer = state;

  const dayToDate = (n) => new Date(minDate.getTime() + n * 86400000).toISOString().slice(0, 10);
  const dateToDay = (s) => Math.round((new Date(s + "T00:00:00Z") - minDate) / 86400000);

  function params() {
    const classes = [...document.querySelectorAll('input[name="class"]:checked')].map((c) => c.value);
    $("classes").value = classes.join(",");
    const frameworks = [...$("frameworks").selectedOptions].map((o) => o.value);
    const p = new URLSearchParams({ as_of: dateInput.value, classes: classes.join(","), depth: $("depth").value });
    if (frameworks.length) p.set("frameworks", frameworks.join(","));
    if ($("focus").value) p.set("focus", $("focus").value);
    return p;
  }

  function text(tag, content, cls) {
    const el = document.createElement(tag);
    el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  async function showDetails(id) {
    const node = state.nodes.get(id);
    if (!node || state.shown === id) return;
    state.shown = id;
    const aside = $("details");
    aside.replaceChildren(text("h2", node.label), text("p", node.title, "muted"));
    const res = await fetch("/api/graph/node/" + node.key);
    if (!res.ok) return;
    const d = await res.json();
    if (d.definition) aside.append(text("p", d.definition));
    const links = document.createElement("p");
    const page = text("a", "Open page");
    page.href = d.href; page.id = "details-page-link";
    const focus = text("button", "Focus here");
    focus.type = "button"; focus.id = "details-focus";
    focus.addEventListener("click", () => { $("focus").value = node.key; redraw(); });
    links.append(page, " ", focus);
    aside.append(links);
    if (d.sources.length) {
      aside.append(text("h3", "Sources"));
      const ul = document.createElement("ul");
      for (const s of d.sources) {
        const li = document.createElement("li");
        const a = text("a", s.title); a.href = s.href;
        li.append(a, text("div", s.locator + " · " + s.confidence, "muted"));
        ul.append(li);
      }
      aside.append(ul);
    }
  }

  function draw(data, started) {
    state.shown = null;
    state.nodes.clear(); state.edges.clear();
    state.nodes.add(data.nodes); state.edges.add(data.edges);
    $("node-count").textContent = data.nodes.length;
    $("edge-count").textContent = data.edges.length;
    $("shown-date").textContent = data.as_of;
    $("class-counts").textContent = "(" + data.legend.filter((l) => data.counts[l.class])
      .map((l) => data.counts[l.class] + " " + l.label.toLowerCase()).join(", ") + ")";
    const list = $("node-list");
    list.replaceChildren(...data.nodes.map((n) => { const o = document.createElement("option"); o.value = n.label; return o; }));
    if (!state.network) {
      state.network = new vis.Network(container, { nodes: state.nodes, edges: state.edges }, {
        layout: { improvedLayout: false },
        nodes: { shape: "dot", scaling: { min: 8, max: 40 }, font: { size: 12 } },
        edges: { arrows: { to: { enabled: false } }, smooth: false, width: 1 },
        physics: { solver: "forceAtlas2Based", stabilization: { iterations: 120, updateInterval: 1000 } },
        interaction: { hover: true, tooltipDelay: 150 },
      });
      state.network.on("click", (e) => { if (e.nodes.length) showDetails(e.nodes[0]); });
      state.network.on("stabilizationIterationsDone", () => state.network.setOptions({ physics: false }));
    } else {
      state.network.setOptions({ physics: { enabled: true } });
      state.network.stabilize(120);
    }
    state.network.once("afterDrawing", () => {
      state.renders += 1;
      state.lastRenderMs = performance.now() - started;
      if (state.firstRenderMs === null) state.firstRenderMs = performance.now();
      container.dataset.renders = String(state.renders);
      document.body.dataset.state = "ready";
    });
  }

  async function redraw() {
    const started = performance.now();
    const ticket = ++state.requested;
    document.body.dataset.state = "loading";
    const p = params();
    history.replaceState(null, "", "/explore?" + p.toString());
    const res = await fetch("/api/graph?" + p.toString());
    if (ticket !== state.requested) return;
    if (!res.ok) { $("details").replaceChildren(text("p", "Could not load the graph: " + res.status)); return; }
    draw(await res.json(), started);
  }

  slider.addEventListener("input", () => { dateInput.value = dayToDate(Number(slider.value)); });
  slider.addEventListener("change", () => { dateInput.value = dayToDate(Number(slider.value)); redraw(); });
  dateInput.addEventListener("change", () => { slider.value = dateToDay(dateInput.value); redraw(); });
  document.querySelectorAll('input[name="class"]').forEach((c) => c.addEventListener("change", redraw));
  $("frameworks").addEventListener("change", redraw);
  $("depth").addEventListener("change", () => { if ($("focus").value) redraw(); });
  $("clear-focus").addEventListener("click", () => { $("focus").value = ""; redraw(); });
  $("search").addEventListener("change", () => {
    const wanted = $("search").value.trim().toLowerCase();
    const hit = state.nodes.get({ filter: (n) => n.label.toLowerCase() === wanted })[0]
      || state.nodes.get({ filter: (n) => n.label.toLowerCase().startsWith(wanted) })[0];
    if (!hit) return;
    state.network.selectNodes([hit.id]);
    state.network.focus(hit.id, { scale: 1.2, animation: false });
    showDetails(hit.id);
  });
  $("controls").addEventListener("submit", (e) => { e.preventDefault(); redraw(); });
  redraw();
})();
