// The team leader's board: reads the filters, fetches the board and the run charts, renders them.
import { describeSignals, drawRunChart } from "./runchart.js";

const $ = (id) => document.getElementById(id);
const iso = (d) => d.toISOString().slice(0, 10);

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.detail || response.statusText), { status: response.status });
  return body;
}

function notice(text) {
  $("notice").textContent = text;
  $("notice").hidden = !text;
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function summaryLink(row, item) {
  const td = document.createElement("td");
  const link = document.createElement("a");
  link.href = `/pathways/${encodeURIComponent(item.pathway_id)}/summary`;
  link.textContent = item.patient_name || "Pasient";
  td.append(link);
  row.append(td);
}

function table(id, headers, items, fill, empty) {
  const node = $(id);
  node.replaceChildren();
  const head = node.createTHead().insertRow();
  for (const h of headers) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = h;
    head.append(th);
  }
  const body = node.createTBody();
  if (!items.length) {
    cell(body.insertRow(), empty, "empty").colSpan = headers.length;
    return;
  }
  for (const item of items) fill(body.insertRow(), item);
}

const norDate = (value) => (value ? value.split("-").reverse().join(".") : "–");

function renderBoard(board) {
  $("total").textContent = `(${board.pathways} startet i perioden)`;
  $("stages").replaceChildren(...board.stages.map((s) => {
    const li = document.createElement("li");
    li.dataset.stage = s.code;
    const n = document.createElement("span");
    n.className = "n";
    n.textContent = s.count;
    const label = document.createElement("span");
    label.textContent = s.label;
    const phase = document.createElement("span");
    phase.className = "phase";
    phase.textContent = ` ${s.phase}`;
    li.append(n, label, phase);
    return li;
  }));
  $("due-week").textContent = `(uke ${norDate(board.week.from)}–${norDate(board.week.to)})`;
  table("due", ["Pasient", "Forløp startet", "Oppfølging forfaller"], board.follow_up_due, (row, item) => {
    summaryLink(row, item);
    cell(row, norDate(item.start_date));
    cell(row, norDate(item.due_on) + (item.overdue ? " (forfalt)" : ""), item.overdue ? "overdue" : "");
  }, "Ingen oppfølging forfaller denne uken.");
  table("missing", ["Pasient", "Forløp startet", "Frist", "Samtale holdt"], board.conversation_missing,
    (row, item) => {
      summaryLink(row, item);
      cell(row, norDate(item.start_date));
      cell(row, norDate(item.deadline));
      cell(row, item.held_on ? norDate(item.held_on) : "Ikke holdt", item.held_on ? "" : "overdue");
    }, "Alle forløp hadde samtalen innen 3 dager.");
  table("notdone", ["Punkt", "Ikke utført", "Av besvarte"], board.checklist_not_done, (row, item) => {
    cell(row, `${item.phase}: ${item.text}`);
    cell(row, String(item.not_done));
    cell(row, String(item.answered));
  }, "Ingen punkter er registrert som ikke utført.");
  table("cfs", ["Pasient", "CFS", "Vurdert"], board.cfs_high, (row, item) => {
    summaryLink(row, item);
    cell(row, String(item.cfs));
    cell(row, norDate(item.cfs_on));
  }, "Ingen pasienter med CFS 6 eller høyere.");
}

function renderCharts(charts, rules) {
  for (const block of document.querySelectorAll(".chart-block")) {
    const chart = charts[block.dataset.chart];
    const title = document.createElement("h3");
    title.textContent = chart.title;
    const figure = document.createElement("div");
    figure.className = "figure";
    figure.append(drawRunChart(chart, rules));
    block.replaceChildren(title, figure, describeSignals(chart, rules));
  }
}

function query(form) {
  const data = new FormData(form);
  const params = new URLSearchParams();
  for (const name of ["team_id", "from", "to"]) if (data.get(name)) params.set(name, data.get(name));
  return params;
}

function updateDownloads(params) {
  for (const link of document.querySelectorAll("a[data-measure]")) {
    link.href = `/api/v1/reports/export/${link.dataset.measure}.csv?${params}`;
  }
}

let latest = 0;

async function load(form) {
  const ticket = ++latest;  // only the newest request may draw, whatever order the answers come in
  document.body.dataset.ready = "false";
  const params = query(form);
  const rules = new FormData(form).get("rules");
  updateDownloads(params);
  notice("");
  try {
    const chartParams = new URLSearchParams(params);
    chartParams.set("rules", rules);
    const [board, charts] = await Promise.all([
      getJson(`/api/v1/reports/board?${params}`), getJson(`/api/v1/reports/runcharts?${chartParams}`)]);
    if (ticket !== latest) return;
    renderBoard(board);
    renderCharts(charts, rules);
    $("content").hidden = false;
    document.body.dataset.ready = "true";
  } catch (error) {
    notice(`Kunne ikke hente tavla: ${error.message}`);
  }
}

async function start() {
  let me;
  try {
    me = await getJson("/api/v1/auth/me");
  } catch (error) {
    notice(error.status === 401 ? "Du er ikke logget inn. Logg inn i Viktig og åpne tavla igjen." : error.message);
    return;
  }
  $("who").textContent = `${me.display_name} (${me.role === "admin" ? "administrator" : "leder"})`;
  if (me.role === "nurse") {
    notice("Teamtavla er for teamledere. Dine pasienter finner du i Viktig på nettbrettet.");
    return;
  }
  const team = $("team");
  if (me.role === "admin" || me.teams.length > 1) team.append(new Option("Alle mine team", ""));
  for (const t of me.teams) team.append(new Option(t.name, t.id));
  const today = new Date();
  $("to").value = iso(today);
  $("from").value = iso(new Date(today.getTime() - 26 * 7 * 86400000));
  const form = $("filters");
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load(form);
  });
  await load(form);
}

start();
