// The call log page: no framework, no build step, no inline script (the page's CSP allows none).
"use strict";

const $ = (selector) => document.querySelector(selector);
// While the list loads from the start, live changes wait in "buffered" and are applied on top of it after.
const state = { next: null, shown: new Map(), source: null, buffered: null };

async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: "same-origin",
    headers: typeof options.body === "string" ? { "Content-Type": "application/json" } : {},
    ...options,
  });
  if (response.status === 401) {
    showSignIn();
    throw new Error("Signed out");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field} ${messages.join(" ")}`);
    throw new Error(fields.join(" ") || problem.detail || problem.title || `HTTP ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

function showSignIn() {
  state.source?.close();
  $("#app").hidden = true;
  $("#signin").hidden = false;
  $("#key").focus();
}

async function showApp() {
  $("#signin").hidden = true;
  $("#app").hidden = false;
  listen(); // its "ready" loads the list, so nothing changes unseen between the two
}

// --- the call log ---------------------------------------------------------------

function filters() {
  const form = new FormData($("#filters"));
  const query = new URLSearchParams();
  if (form.get("direction")) query.set("direction", form.get("direction"));
  if (form.get("missed")) { query.set("direction", "in"); query.set("state", "hangup"); query.set("done", "false"); }
  if (form.get("number")) query.set("number", form.get("number").trim());
  if (form.get("since")) query.set("since", new Date(form.get("since") + "T00:00").toISOString());
  if (form.get("until")) {
    const until = new Date(form.get("until") + "T00:00");
    until.setDate(until.getDate() + 1);
    query.set("until", until.toISOString());
  }
  return query;
}

async function loadCalls(fromStart) {
  const query = filters();
  $("#export").href = "/api/v1/calls/export.csv?" + query;
  if (!fromStart && state.next) query.set("cursor", state.next);
  if (fromStart) state.buffered = [];
  try {
    const page = await api("/api/v1/calls?" + query);
    if (fromStart) { $("#rows").replaceChildren(); state.shown.clear(); }
    page.items.forEach((call) => put(call, false));
    if (fromStart) { const live = state.buffered; state.buffered = null; live.forEach((call) => put(call, true)); }
    state.next = page.next;
    $("#more").hidden = !page.next;
    $("#empty").hidden = state.shown.size > 0;
    $("#calls-error").textContent = "";
  } catch (error) {
    $("#calls-error").textContent = error.message;
  } finally {
    if (fromStart && state.buffered) { const live = state.buffered; state.buffered = null; live.forEach((call) => put(call, true)); }
  }
}

/** Whether a call belongs in the table as the filters stand (for calls that arrive live). */
function matches(call) {
  const query = filters();
  if (query.get("direction") && call.direction !== query.get("direction")) return false;
  if (query.get("done") === "false" && call.done) return false;
  if (query.get("state") && call.state !== query.get("state")) return false;
  if (query.get("number")) {
    const wanted = query.get("number").replace(/[^\d]/g, "").replace(/^0+/, "");
    const numbers = [call.fromNumber, call.toNumber, call.from, call.to].filter(Boolean);
    if (!numbers.some((n) => n.replace(/[^\d]/g, "").endsWith(wanted))) return false;
  }
  if (query.get("until") && new Date(call.startedAt) >= new Date(query.get("until"))) return false;
  return !query.get("since") || new Date(call.startedAt) >= new Date(query.get("since"));
}

function put(call, live) {
  const existing = state.shown.get(call.id);
  if (!existing && live && !matches(call)) return;
  const row = render(call);
  if (existing) existing.replaceWith(row);
  else if (live) $("#rows").prepend(row);
  else $("#rows").append(row);
  state.shown.set(call.id, row);
  $("#empty").hidden = true;
}

const seconds = (s) => (s == null ? "" : s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`);

function party(name, display, raw) {
  const cell = document.createElement("td");
  if (name) {
    const strong = document.createElement("span");
    strong.className = "name";
    strong.textContent = name;
    cell.append(strong);
  }
  cell.append(display || raw || "");
  return cell;
}

function render(call) {
  const row = document.createElement("tr");
  row.dataset.id = call.id;
  const missed = call.direction !== "out" && !call.done && call.state === "hangup";
  if (call.state === "newCall") row.className = "ringing";
  else if (missed || (call.direction !== "out" && !call.done)) row.className = "missed";

  const cell = (text) => { const td = document.createElement("td"); td.textContent = text ?? ""; return td; };
  const time = cell(new Date(call.startedAt).toLocaleString());
  const cause = cell(call.cause ?? "");
  if (call.action) {
    const decision = document.createElement("span");
    decision.className = "decision";
    decision.textContent = call.action === "reject" ? `rejected (${call.reason})` : `caller id ${call.callerId}`;
    decision.title = call.decidedBy ?? "";
    cause.append(decision);
  }
  const doneCell = document.createElement("td");
  const done = document.createElement("input");
  done.type = "checkbox";
  done.checked = call.done;
  done.setAttribute("aria-label", `Call ${call.callId} done`);
  done.addEventListener("change", () => markDone(call.id, done));
  doneCell.append(done);

  row.append(
    time,
    cell(call.direction === "in" ? "in" : call.direction === "out" ? "out" : "?"),
    party(call.fromName, call.fromDisplay, call.from),
    party(call.toName, call.toDisplay, call.to),
    cell(call.queue),
    cell(call.users.join(", ")),
    cell({ newCall: "ringing", answer: "talking", hangup: call.answeredAt ? "ended" : "missed" }[call.state]),
    cell(seconds(call.waitingSeconds)),
    cell(seconds(call.talkingSeconds)),
    cause,
    doneCell,
  );
  return row;
}

async function markDone(id, box) {
  try {
    put(await api(`/api/v1/calls/${id}`, { method: "PATCH", body: JSON.stringify({ done: box.checked }) }), false);
  } catch (error) {
    box.checked = !box.checked;
    $("#calls-error").textContent = error.message;
  }
}

async function markAllShown() {
  const ids = [...state.shown.keys()];
  try {
    for (let i = 0; i < ids.length; i += 1000) { // the API takes up to 1,000 at a time
      const chunk = ids.slice(i, i + 1000);
      (await api("/api/v1/calls/done", { method: "POST", body: JSON.stringify({ ids: chunk }) })).forEach((call) => put(call, false));
    }
  } catch (error) {
    $("#calls-error").textContent = error.message;
  }
}

function listen() {
  state.source?.close();
  const source = new EventSource("/api/v1/calls/stream");
  state.source = source;
  source.addEventListener("error", () => { $("#live").textContent = "reconnecting…"; $("#live").classList.remove("on"); });
  source.addEventListener("ready", async () => {
    await loadCalls(true);
    $("#live").textContent = "live";
    $("#live").classList.add("on");
  });
  source.addEventListener("call", (event) => {
    const call = JSON.parse(event.data);
    if (state.buffered) state.buffered.push(call);
    else put(call, true);
  });
}

// --- statistics -----------------------------------------------------------------

async function loadStats() {
  const bucket = new FormData($("#stats-form")).get("bucket");
  const stats = await api(`/api/v1/stats?bucket=${bucket}`);
  const totals = stats.buckets.reduce((sum, b) => ({
    inbound: sum.inbound + b.total.inbound, outbound: sum.outbound + b.total.outbound,
    answered: sum.answered + b.total.answered, missed: sum.missed + b.total.missed,
  }), { inbound: 0, outbound: 0, answered: 0, missed: 0 });
  const rate = totals.inbound ? Math.round((100 * totals.answered) / totals.inbound) : null;
  $("#stats-summary").textContent =
    `${totals.inbound} inbound, ${totals.outbound} outbound, ${totals.missed} missed` +
    (rate == null ? "" : ` — answer rate ${rate} %`);
  drawChart(stats);
}

function drawChart(stats) {
  const svg = $("#chart");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const width = svg.clientWidth || 600, height = 200, count = Math.max(stats.buckets.length, 1);
  const highest = Math.max(1, ...stats.buckets.map((b) => b.total.inbound + b.total.outbound));
  const barWidth = Math.max(2, width / count - 2);
  stats.buckets.forEach((bucket, i) => {
    const parts = [["bar-in", bucket.total.answered], ["bar-missed", bucket.total.missed], ["bar-out", bucket.total.outbound]];
    let y = height;
    for (const [css, value] of parts) {
      if (value <= 0) continue;
      const h = (value / highest) * (height - 10);
      y -= h;
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("x", (i * width) / count);
      rect.setAttribute("y", y);
      rect.setAttribute("width", barWidth);
      rect.setAttribute("height", h);
      rect.setAttribute("class", css);
      const title = document.createElementNS(ns, "title");
      title.textContent = `${new Date(bucket.start).toLocaleString()}: ${value}`;
      rect.append(title);
      svg.append(rect);
    }
  });
}

// --- the phonebook --------------------------------------------------------------

const phonebook = { offset: 0, editing: null };
const labels = ["phone", "mobile", "fax", "other"];

async function loadContacts(fromStart) {
  if (fromStart) phonebook.offset = 0;
  const q = new FormData($("#contact-search")).get("q").trim();
  try {
    const page = await api(`/api/v1/contacts?limit=100&offset=${phonebook.offset}&q=${encodeURIComponent(q)}`);
    if (fromStart) $("#contact-rows").replaceChildren();
    page.items.forEach((contact) => $("#contact-rows").append(renderContact(contact)));
    phonebook.offset += page.items.length;
    $("#more-contacts").hidden = phonebook.offset >= page.total;
    $("#contact-count").textContent = `${page.total} contact${page.total === 1 ? "" : "s"}${q ? ` match "${q}"` : ""}`;
    $("#phonebook-error").textContent = "";
  } catch (error) {
    $("#phonebook-error").textContent = error.message;
  }
}

function renderContact(contact) {
  const row = document.createElement("tr");
  row.dataset.id = contact.id;
  const cell = (text) => { const td = document.createElement("td"); td.textContent = text ?? ""; return td; };
  const numbers = document.createElement("td");
  contact.numbers.forEach((n) => {
    const line = document.createElement("span");
    line.className = "number";
    line.textContent = `${n.display ?? n.number} (${n.label})`;
    numbers.append(line);
  });
  const actions = document.createElement("td");
  const edit = document.createElement("button");
  edit.type = "button";
  edit.textContent = "Edit";
  edit.setAttribute("aria-label", `Edit ${contact.name}`);
  edit.addEventListener("click", () => openContact(contact));
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete ${contact.name}`);
  remove.addEventListener("click", () => deleteContact(contact));
  actions.append(edit, " ", remove);
  row.append(cell(contact.name), cell(contact.organisation), numbers, cell(contact.note), actions);
  return row;
}

function numberRow(number = "", label = "phone") {
  const row = document.createElement("div");
  row.className = "number-row";
  const input = document.createElement("input");
  input.name = "number";
  input.inputMode = "tel";
  input.value = number;
  input.placeholder = "+49 30 1234567";
  input.setAttribute("aria-label", "Number");
  const select = document.createElement("select");
  select.name = "label";
  select.setAttribute("aria-label", "Label");
  labels.forEach((l) => select.append(new Option(l, l, false, l === label)));
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "Remove";
  remove.addEventListener("click", () => row.remove());
  row.append(input, select, remove);
  return row;
}

function openContact(contact) {
  phonebook.editing = contact?.id ?? null;
  const form = $("#contact-form");
  form.reset();
  $("#contact-form-title").textContent = contact ? `Edit ${contact.name}` : "New contact";
  form.elements.name.value = contact?.name ?? "";
  form.elements.organisation.value = contact?.organisation ?? "";
  form.elements.note.value = contact?.note ?? "";
  $("#number-rows").replaceChildren(...(contact?.numbers.length ? contact.numbers.map((n) => numberRow(n.number, n.label)) : [numberRow()]));
  $("#contact-error").textContent = "";
  form.hidden = false;
  form.elements.name.focus();
}

async function saveContact() {
  const form = $("#contact-form");
  const numbers = [...$("#number-rows").querySelectorAll(".number-row")]
    .map((row) => ({ number: row.querySelector("input").value.trim(), label: row.querySelector("select").value }))
    .filter((n) => n.number);
  const body = JSON.stringify({
    name: form.elements.name.value, organisation: form.elements.organisation.value || null, numbers, note: form.elements.note.value || null,
  });
  try {
    if (phonebook.editing) await api(`/api/v1/contacts/${phonebook.editing}`, { method: "PUT", body });
    else await api("/api/v1/contacts", { method: "POST", body });
    form.hidden = true;
    await loadContacts(true);
  } catch (error) {
    $("#contact-error").textContent = error.message;
  }
}

async function deleteContact(contact) {
  if (!confirm(`Delete ${contact.name} and the block entries that name this contact?`)) return;
  try {
    await api(`/api/v1/contacts/${contact.id}`, { method: "DELETE" });
    await loadContacts(true);
  } catch (error) {
    $("#phonebook-error").textContent = error.message;
  }
}

async function importFile() {
  const file = $("#import-form").elements.file.files[0];
  if (!file) return;
  $("#import-summary").textContent = `Importing ${file.name}…`;
  $("#import-report").hidden = false;
  $("#import-problems").hidden = true;
  try {
    const report = await api("/api/v1/contacts/import", { method: "POST", body: file, headers: { "Content-Type": "text/csv" } });
    $("#import-summary").textContent =
      `${file.name}: ${report.imported} imported, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected.`;
    const problems = report.rows.filter((r) => r.status === "rejected");
    $("#import-problems tbody").replaceChildren(...problems.map((r) => {
      const row = document.createElement("tr");
      [r.row, r.status, r.reason].forEach((text) => { const td = document.createElement("td"); td.textContent = text; row.append(td); });
      return row;
    }));
    $("#import-problems").hidden = problems.length === 0;
    await loadContacts(true);
  } catch (error) {
    $("#import-summary").textContent = `${file.name} was not imported: ${error.message}`;
  }
}

// --- wiring ---------------------------------------------------------------------

$("#signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const response = await fetch("/api/v1/session", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key: $("#key").value }),
  });
  if (response.ok) { $("#key").value = ""; $("#signin-error").textContent = ""; await showApp(); }
  else $("#signin-error").textContent = response.status === 401 ? "That is not the admin key." : `Sign-in failed (HTTP ${response.status}).`;
});

$("#signout").addEventListener("click", async () => {
  await fetch("/api/v1/session", { method: "DELETE" });
  showSignIn();
});

$("#filters").addEventListener("submit", (event) => { event.preventDefault(); loadCalls(true); });
$("#filters").addEventListener("change", () => loadCalls(true));
$("#more").addEventListener("click", () => loadCalls(false));
$("#mark-all").addEventListener("click", markAllShown);
$("#stats-form").addEventListener("change", () => loadStats().catch(() => {}));

$("#contact-search").addEventListener("submit", (event) => { event.preventDefault(); loadContacts(true); });
$("#more-contacts").addEventListener("click", () => loadContacts(false));
$("#new-contact").addEventListener("click", () => openContact(null));
$("#add-number").addEventListener("click", () => $("#number-rows").append(numberRow()));
$("#cancel-contact").addEventListener("click", () => { $("#contact-form").hidden = true; });
$("#contact-form").addEventListener("submit", (event) => { event.preventDefault(); saveContact(); });
$("#import-form").addEventListener("submit", (event) => { event.preventDefault(); importFile(); });

document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
  document.querySelectorAll(".tab").forEach((t) => t.setAttribute("aria-pressed", String(t === tab)));
  const view = tab.dataset.view;
  ["calls", "stats", "phonebook"].forEach((id) => { $(`#${id}`).hidden = view !== id; });
  if (view === "stats") loadStats().catch((error) => { $("#stats-summary").textContent = error.message; });
  if (view === "phonebook") loadContacts(true);
  if (view === "calls") loadCalls(true); // names follow the phonebook, which may have changed meanwhile
}));

fetch("/api/v1/session").then((response) => (response.status === 204 ? showApp() : showSignIn()));
