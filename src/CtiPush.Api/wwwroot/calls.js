// The calls view: a page of calls from the server, kept current by the live stream (server-sent events).
// What a call is (missed, which numbers match a filter) the server decides; this view only shows it.
import { api, may } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { dateTime, dayStart, setPlain, setText, t } from "./i18n.js";

const state = {
  source: null, // the live stream
  next: null, // cursor of the next page
  shown: new Map(), // call id → its row
  buffered: null, // live changes that arrive while the list loads from the start, applied on top of it after
  generation: 0, // counts loads from the start: an answer for an older list or filter is dropped
  asking: new Map(), // call id → the latest question to the server whether it matches the filter
};

/** Opens the live stream, with no filters set; its "ready" loads the list, so nothing changes unseen between the two. */
export function start() {
  stop();
  $("#filters").reset(); // a new session, perhaps another person's
  const source = new EventSource("/api/v1/calls/stream");
  state.source = source;
  setText($("#live"), "live.connecting");
  $("#live").classList.remove("on");
  source.addEventListener("error", () => { setText($("#live"), "live.reconnecting"); $("#live").classList.remove("on"); });
  source.addEventListener("ready", async () => {
    await loadCalls(true);
    setText($("#live"), "live.on");
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

/** Back on this tab (or in another language): names follow the phonebook, which may have changed meanwhile. */
export const show = () => loadCalls(true);

/** The calls to and from number (any format), the other filters cleared: a caller's history. */
export function showNumber(number) {
  $("#filters").reset();
  $("#filters").elements.number.value = number;
  loadCalls(true);
}

/** The API's query for the filters as they stand; empty when none is set. */
function filters() {
  const form = new FormData($("#filters"));
  const query = new URLSearchParams();
  if (form.get("direction")) query.set("direction", form.get("direction"));
  if (form.get("missed")) { query.set("direction", "in"); query.set("state", "hangup"); query.set("done", "false"); }
  if (form.get("mine") && may("person")) query.set("mine", "true"); // calls of the signed-in person's PBX names
  if (form.get("number")) query.set("number", form.get("number").trim());
  // Days as the page shows them: in the session's time zone; "until" includes its day.
  if (form.get("since")) query.set("since", dayStart(form.get("since")).toISOString());
  if (form.get("until")) query.set("until", dayStart(form.get("until"), 1).toISOString());
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
    setPlain($("#calls-error"), "");
  } catch (error) {
    if (generation === state.generation) setPlain($("#calls-error"), error.message);
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
    setPlain($("#calls-error"), error.message);
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

const seconds = (s) => (s == null ? "" : s < 60 ? t("duration.seconds", { s }) : t("duration.minutes", { m: Math.floor(s / 60), s: s % 60 }));

const directions = { in: "calls.direction.in", out: "calls.direction.out" };

/** Taken by the mailbox: the PBX names it as the one who answered. No person, so the call is missed all the same. */
const voicemail = (call) => call.answeredBy?.toLowerCase() === "voicemail";

/** A blocked caller was rejected by the rules: done, not missed, whatever the PBX sends after. */
function stateOf(call) {
  if (call.blocked) return t("calls.state.blocked");
  if (voicemail(call) && call.state !== "newCall") return t("calls.state.voicemail");
  if (call.state === "newCall") return t("calls.state.ringing");
  if (call.state === "answer") return t("calls.state.talking");
  if (call.state === "hangup") return call.missed ? t("calls.state.missed") : t("calls.state.ended");
  return call.state;
}

/** Who took the call, if a person did; and, for a transferred call, how many legs it had (this one and the others). */
const answeredBy = (call) => (call.answeredBy && !voicemail(call) ? t("calls.answeredBy", { name: call.answeredBy }) : "");
const legsOf = (call) => (call.legs?.length > 0 ? t("calls.legs", { count: call.legs.length + 1 }) : "");

/** The cause as the PBX sent it, with the normalised one when that is spelt otherwise: "NOANSWER (noAnswer)". */
function causeOf(call) {
  if (!call.normalizedCause || call.normalizedCause === call.cause) return call.cause;
  return call.cause ? t("calls.causeNormalized", { cause: call.cause, normalized: call.normalizedCause }) : call.normalizedCause;
}

function decisionOf(call) {
  if (!call.action) return "";
  return call.action === "reject" ? t("calls.decision.rejected", { reason: call.reason }) : t("calls.decision.callerId", { callerId: call.callerId });
}

function render(call) {
  const row = fill(clone("call-row"), {
    time: dateTime(call.startedAt),
    direction: directions[call.direction] ? t(directions[call.direction]) : "?",
    fromName: call.fromName,
    from: call.fromDisplay || call.from,
    toName: call.toName,
    to: call.toDisplay || call.to,
    queue: call.queue,
    users: call.users.join(", "),
    state: stateOf(call),
    answeredBy: answeredBy(call),
    legs: legsOf(call),
    waiting: seconds(call.waitingSeconds),
    talking: seconds(call.talkingSeconds),
    cause: causeOf(call),
    decision: decisionOf(call),
  });
  row.dataset.id = call.id;
  row.dataset.callId = call.callId;
  if (call.blocked) row.className = "blocked";
  else if (call.state === "newCall") row.className = "ringing";
  else if (call.missed && !call.done) row.className = "missed"; // still to call back
  if (voicemail(call)) row.classList.add("voicemail");
  if (call.legs?.length > 0) $('[data-field="legs"]', row).title = call.legs.map((id) => "#" + id).join(", ");
  $(".decision", row).title = call.decidedBy ?? "";
  row.querySelectorAll(".name:empty, .decision:empty, .detail:empty").forEach((element) => element.remove());

  const done = $("input[type=checkbox]", row); // none for a viewer, who may not change calls
  if (done) {
    done.checked = call.done;
    done.setAttribute("aria-label", t("calls.doneLabel", { callId: call.callId }));
    done.addEventListener("change", () => markDone(call.id, done));
  }
  return row;
}

async function markDone(id, box) {
  try {
    put(await api(`/api/v1/calls/${id}`, { method: "PATCH", body: JSON.stringify({ done: box.checked }) }), "bottom");
  } catch (error) {
    box.checked = !box.checked;
    setPlain($("#calls-error"), error.message);
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
    setPlain($("#calls-error"), error.message);
  }
}

$("#filters").addEventListener("submit", (event) => { event.preventDefault(); loadCalls(true); });
$("#filters").addEventListener("change", () => loadCalls(true));
$("#more").addEventListener("click", () => loadCalls(false));
$("#mark-all").addEventListener("click", markAllShown);
