// MedVision page: the token comes in the URL fragment (#token=…), which browsers never send to a server; it is kept
// in sessionStorage (this tab only) and sent as a bearer header. The page itself holds no data.
"use strict";

const tokenKey = "medvision-token";
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.has("token")) {
  sessionStorage.setItem(tokenKey, fragment.get("token"));
  history.replaceState(null, "", location.pathname);
}

const $ = (id) => document.getElementById(id);
let models = [];
let reportUrl = null;

function status(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function api(path, init = {}) {
  const token = sessionStorage.getItem(tokenKey);
  if (!token) {
    throw new Error("no token: open the address that `medvision serve` printed (it ends in #token=…)");
  }
  const response = await fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      detail = `${problem.title || response.status}: ${problem.detail || ""}`;
    } catch { /* not JSON */ }
    throw new Error(detail);
  }
  return response;
}

const number = (x) => (x === null || x === undefined ? "—" : Number(x).toFixed(3));

function showCard(card) {
  const list = $("card");
  list.replaceChildren();
  if (!card) return;
  const input = card.input;
  const rows = [
    ["Name", card.name],
    ["Kind", `${card.kind}${card.architecture ? ` (${card.architecture})` : ""}`],
    ["Classes", card.class_names.join(", ")],
    ["Positive class", card.positive_class ?? "— (most probable class)"],
    ["Threshold", number(card.threshold)],
    ["Calibrated", card.calibrated ? "yes (Platt)" : "no"],
    ["Input", `${input.channels} channel(s), ${input.height ?? "any"} × ${input.width ?? "any"}${input.preprocess ? `, ${input.preprocess}` : ""}`],
    ["Trained", `${card.training.model}: ${card.training.train_samples} train, ${card.training.validation_samples} validation (seed ${card.training.seed}, MedVision ${card.training.medvision_version})`],
    ["Explains", card.can_explain ? "Grad-CAM overlay" : "no overlay for this model"],
  ];
  const metrics = card.metrics || {};
  for (const key of ["auc", "accuracy", "sensitivity", "specificity"]) {
    const m = metrics[key];
    if (m && typeof m === "object" && m.value !== undefined && m.value !== null) {
      const ci = m.ci_low !== null && m.ci_low !== undefined ? ` (${number(m.ci_low)}–${number(m.ci_high)})` : "";
      rows.push([key.toUpperCase() === "AUC" ? "AUC" : key[0].toUpperCase() + key.slice(1), number(m.value) + ci]);
    }
  }
  for (const [term, value] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }
}

async function loadModels() {
  models = await (await api("/api/models")).json();
  const select = $("model");
  select.replaceChildren(...models.map((m) => new Option(m.name, m.name)));
  showCard(models[0]);
}

async function predict(file) {
  const model = $("model").value;
  status(`Scoring with ${model}…`);
  const body = new FormData();
  body.append("file", file);
  try {
    const result = await (await api(`/api/predict?model=${encodeURIComponent(model)}`, { method: "POST", body })).json();
    $("label").textContent = result.label;
    $("probability").textContent = number(result.probability);
    $("calibrated").textContent = number(result.calibrated);
    $("threshold").textContent = number(result.threshold);
    $("image").textContent = `${result.format}, ${result.width} × ${result.height}`;
    const rows = Object.entries(result.probabilities).map(([name, p]) => {
      const tr = document.createElement("tr");
      const a = document.createElement("td");
      a.textContent = name;
      const b = document.createElement("td");
      b.textContent = number(p);
      tr.append(a, b);
      return tr;
    });
    $("classes").tBodies[0].replaceChildren(...rows);
    if (result.grad_cam_png) {
      $("overlay").src = `data:image/png;base64,${result.grad_cam_png}`;
      $("overlay-figure").hidden = false;
    } else {
      $("overlay").removeAttribute("src");
      $("overlay-figure").hidden = true;
    }
    $("result").hidden = false;
    status(`Scored with ${result.model}.`);
  } catch (e) {
    status(e.message, true);
  }
}

async function openReport(id) {
  try {
    const html = await (await api(`/runs/${encodeURIComponent(id)}/report.html`)).blob();
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = URL.createObjectURL(new Blob([html], { type: "text/html" }));
    $("report").src = reportUrl;
    $("report").hidden = false;
  } catch (e) {
    status(e.message, true);
  }
}

async function loadRuns() {
  const runs = await (await api("/api/runs")).json();
  const rows = runs.map((run) => {
    const tr = document.createElement("tr");
    const cells = [
      run.id,
      new Date(run.date).toISOString().slice(0, 16).replace("T", " "),
      run.dataset ?? "—",
      run.models.map((m) => `${m.name} ${number(m.auc)}`).join(", "),
    ].map((text) => {
      const td = document.createElement("td");
      td.textContent = text;
      return td;
    });
    const action = document.createElement("td");
    if (run.has_report) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Open report";
      button.addEventListener("click", () => openReport(run.id));
      action.append(button);
    }
    tr.append(...cells, action);
    return tr;
  });
  $("runs").tBodies[0].replaceChildren(...rows);
}

function wire() {
  const drop = $("drop");
  $("file").addEventListener("change", () => {
    if ($("file").files.length > 0) predict($("file").files[0]);
  });
  $("model").addEventListener("change", () => showCard(models.find((m) => m.name === $("model").value)));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length > 0) predict(e.dataTransfer.files[0]);
  });
}

wire();
Promise.all([loadModels(), loadRuns()])
  .then(() => status("Ready."))
  .catch((e) => status(e.message, true));
