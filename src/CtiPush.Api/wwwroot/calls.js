// The calls view: a page of calls from the server, kept current by the live stream (server-sent events).
// What a call is (missed, which numbers match a filter) the server decides; this view only shows it.
import { api } from "./api.js";
import { $, clone, fill } from "./dom.js";

const state = {
  source: null, // the live stream
  next: null, // cursor of the next page
  shown: new Map(), // call id → its row
  buffered: null, // live changes that arrive while the list loads from the start, applied on top of it after
  generation: 0, // counts loads from the start: an answer for an older list or filter is dropped
  asking: new Map(), // call id → the latest question to the server whether it matches the filter
};

/** Opens the live stream; its "ready" loads the list, so nothing changes unseen between the two. */
export function start() {
  stop();
  const source = new EventSource("/api/v1/calls/stream");
  state.source = source;
  source.addEventListener("error", () => { $("#live").textContent = "reconnecting…"; $("#live").classList.remove("on"); });
  source.addEventListener("ready", async () => {
    await loadCalls(true);
    $("#live").textContent = "live";
    $("#live").classList.add("on");
  });
  source.addEventListener("call", (event) => liveChange(JSON.parse(event.data)));
}

export function stop() {
  state.source?.close();
  state.source = null;
  state.buffered = null;
  state.generation++;
}

/** Back on this tab: names follow the phonebook, which may have changed meanwhile. */
export const show = () => loadCalls(true);

/** The API's query for the filters as they stand; empty when none is set. */
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
  if (fromStart) { state.generation++; state.buffered ??= []; }
  else if (state.next) query.set("cursor", state.next);
  const generation = state.generation;
  try {
    const page = await api("/api/v1/calls?" + query);
    if (generation !== state.generation) return; // a newer load has taken over
    if (fromStart) { $("#rows").replaceChildren(); state.shown.clear(); }
    page.items.forEach((call) => put(call, "bottom"));
    state.next = page.next;
    $("#more").hidden = !page.next;
    $("#empty").hidden = state.shown.size > 0;
    $("#calls-error").textContent = "";
  } catch (error) {
    if (generation === state.generation) $("#calls-error").textContent = error.message;
  } finally {
    if (fromStart && generation === state.generation && state.buffered) {
      const live = state.buffered;
      state.buffered = null;
      live.forEach(liveChange);
    }
  }
}

function liveChange(call) {
  if (state.buffered) state.buffered.push(call);
  else if (state.shown.has(call.id) || filters().size === 0) put(call, "top");
  else putIfMatching(call);
}

/**
 * A call not shown yet, under a filter: the server decides whether it matches (it compares numbers normalised,
 * in any format), so the view asks for the filtered list narrowed to this one call rather than guess.
 */
async function putIfMatching(call) {
  const query = filters();
  query.set("source", call.source);
  query.set("callId", call.callId);
  const question = {};
  state.asking.set(call.id, question);
  const generation = state.generation;
  try {
    const [match] = (await api("/api/v1/calls?" + query)).items;
    // Only the latest question per call counts: it was asked after the latest change, so its answer is fresh.
    if (match && state.asking.get(call.id) === question && generation === state.generation) put(match, "top");
  } catch (error) {
    $("#calls-error").textContent = error.message;
  } finally {
    if (state.asking.get(call.id) === question) state.asking.delete(call.id);
  }
}

/** Shows the call in its row, or in a new row at the top (live) or the bottom (a page of the list). */
function put(call, where) {
  const row = render(call);
  const existing = state.shown.get(call.id);
  if (existing) existing.replaceWith(row);
  else if (where === "top") $("#rows").prepend(row);
  else $("#rows").append(row);
  state.shown.set(call.id, row);
  $("#empty").hidden = true;
}

const seconds = (s) => (s == null ? "" : s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`);

function render(call) {
  const row = fill(clone("call-row"), {
    time: new Date(call.startedAt).toLocaleString(),
    direction: call.direction === "in" || call.direction === "out" ? call.direction : "?",
    fromName: call.fromName,
    from: call.fromDisplay || call.from,
    toName: call.toName,
    to: call.toDisplay || call.to,
    queue: call.queue,
    users: call.users.join(", "),
    state: { newCall: "ringing", answer: "talking", hangup: call.missed ? "missed" : "ended" }[call.state],
    waiting: seconds(call.waitingSeconds),
    talking: seconds(call.talkingSeconds),
    cause: call.cause,
    decision: !call.action ? "" : call.action === "reject" ? `rejected (${call.reason})` : `caller id ${call.callerId}`,
  });
  row.dataset.id = call.id;
  if (call.state === "newCall") row.className = "ringing";
  else if (call.missed && !call.done) row.className = "missed"; // still to call back
  $(".decision", row).title = call.decidedBy ?? "";
  row.querySelectorAll(".name:empty, .decision:empty").forEach((element) => element.remove());

  const done = $("input[type=checkbox]", row);
  done.checked = call.done;
  done.setAttribute("aria-label", `Call ${call.callId} done`);
  done.addEventListener("change", () => markDone(call.id, done));
  return row;
}

async function markDone(id, box) {
  try {
    put(await api(`/api/v1/calls/${id}`, { method: "PATCH", body: JSON.stringify({ done: box.checked }) }), "bottom");
  } catch (error) {
    box.checked = !box.checked;
    $("#calls-error").textContent = error.message;
  }
}

async function markAllShown() {
  const ids = [...state.shown.keys()];
  try {
    for (let i = 0; i < ids.length; i += 1000) { // the API takes up to 1,000 at a time
      const calls = await api("/api/v1/calls/done", { method: "POST", body: JSON.stringify({ ids: ids.slice(i, i + 1000) }) });
      calls.forEach((call) => put(call, "bottom"));
    }
  } catch (error) {
    $("#calls-error").textContent = error.message;
  }
}

$("#filters").addEventListener("submit", (event) => { event.preventDefault(); loadCalls(true); });
$("#filters").addEventListener("change", () => loadCalls(true));
$("#more").addEventListener("click", () => loadCalls(false));
$("#mark-all").addEventListener("click", markAllShown);
