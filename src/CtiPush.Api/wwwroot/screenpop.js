// The screen pop: a notice at the top of the page, in every view, for each call that rings for the signed-in person
// (or every inbound call, if they chose so), and a browser notification when they allowed it. The server decides
// whose calls they are and sends only those (/api/v1/screenpop/stream); the notice follows the call until it is
// answered or missed. A click opens the caller's history: the call log filtered by their number.
// Also the person's own setting in the settings view: all calls or mine, and the browser's permission.
import { api, may } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { setPlain, setText, t } from "./i18n.js";

/** A notice that has ended goes after this long; a ringing one stays while it rings. */
const endedShownFor = 60_000;
/** The most notices shown at once; the oldest ended ones leave first. */
const mostShown = 5;

const state = {
  source: null, // the live stream of pops
  shown: new Map(), // call row id → { item, pop, notification, timer }
  openHistory: () => {}, // given by the shell: shows the calls view filtered by a number
};

const statuses = {
  answered: "pop.status.answered", voicemail: "pop.status.voicemail", missed: "pop.status.missed", ended: "pop.status.ended",
};

/** Agents and admins signed in as a person have pops; the admin key has no PBX names. */
const hasPops = () => may("agent") && may("person");

/** Opens the stream; its ready (again after a reconnect) shows the calls ringing now, so none is missed between the two. */
export function start(openHistory) {
  stop();
  if (!hasPops()) return;
  state.openHistory = openHistory;
  const source = new EventSource("/api/v1/screenpop/stream");
  state.source = source;
  source.addEventListener("ready", loadRinging);
  source.addEventListener("pop", (event) => put(JSON.parse(event.data)));
}

export function stop() {
  state.source?.close();
  state.source = null;
  state.shown.forEach(({ notification, timer }) => { notification?.close(); clearTimeout(timer); });
  state.shown.clear();
  $("#pops").replaceChildren();
}

async function loadRinging() {
  try {
    (await api("/api/v1/screenpop")).items.reverse().forEach(put); // oldest first, so the newest ends on top
  } catch {
    // the stream's pops still come; the next ready tries again
  }
}

/**
 * Shows a pop, or updates its notice. A call is shown when it rings; later changes (answered, missed) update it. A
 * call never goes back to ringing here: the list of ringing calls may answer after the stream said it was answered.
 */
function put(pop) {
  const shown = state.shown.get(pop.id);
  if (!shown && pop.status !== "ringing") return; // its ringing was never seen: nothing to update
  if (shown && shown.pop.status !== "ringing" && pop.status === "ringing") return;
  const before = shown?.pop.status;
  const item = render(pop);
  if (shown) {
    shown.item.replaceWith(item);
    Object.assign(shown, { item, pop });
  } else {
    $("#pops").prepend(item);
    state.shown.set(pop.id, { item, pop, notification: null, timer: null });
  }
  const entry = state.shown.get(pop.id);
  if (!shown) notify(entry);
  else if (before !== pop.status && entry.notification) notify(entry); // the same tag: replaced, not a second one
  if (pop.status !== "ringing") {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => dismiss(pop.id), endedShownFor);
  }
  trim();
}

function trim() {
  const ended = [...state.shown.values()].filter((entry) => entry.pop.status !== "ringing");
  while (state.shown.size > mostShown && ended.length > 0) dismiss(ended.shift().pop.id);
}

function dismiss(id) {
  const entry = state.shown.get(id);
  if (!entry) return;
  clearTimeout(entry.timer);
  entry.notification?.close();
  entry.item.remove();
  state.shown.delete(id);
}

/** Who is calling: the phonebook's name, else the number; the number as the page writes numbers. */
const caller = (pop) => pop.name ?? pop.fromDisplay ?? pop.from ?? t("pop.anonymous");
const number = (pop) => pop.fromDisplay ?? pop.from ?? "";

function statusOf(pop) {
  if (pop.status === "ringing") return t("pop.status.ringing");
  if (pop.status === "answered") return t(statuses.answered, { name: pop.answeredByName ?? pop.answeredBy ?? "" });
  return statuses[pop.status] ? t(statuses[pop.status]) : pop.status;
}

/** The facts of the notice, one per line: organisation, number, queue, earlier calls, an open callback. */
function facts(pop) {
  return {
    organisation: pop.organisation,
    number: pop.name ? number(pop) : "", // without a name the number is the title already
    queue: pop.queue ? t("pop.queue", { queue: pop.queue }) : "",
    history: pop.fromNumber ? (pop.callsLast30Days > 0 ? t("pop.earlierCalls", { count: pop.callsLast30Days }) : t("pop.firstCall")) : "",
    callback: pop.callbackOpen ? t("pop.callbackOpen") : "",
  };
}

function render(pop) {
  const item = fill(clone("pop-item"), { status: statusOf(pop), name: caller(pop), ...facts(pop) });
  item.dataset.id = pop.id;
  item.dataset.callId = pop.callId;
  item.dataset.status = pop.status;
  $(".pop-open", item).setAttribute("aria-label", t("pop.openLabel", { caller: caller(pop) }));
  $(".pop-open", item).addEventListener("click", () => open(pop));
  $(".pop-dismiss", item).addEventListener("click", () => dismiss(pop.id));
  return item;
}

/** The caller's history: the call log for their number (or for "anonymous", as the PBX sent it). */
function open(pop) {
  state.openHistory(pop.fromNumber ? "+" + pop.fromNumber : pop.from ?? "");
}

/**
 * A browser notification, when the person allowed them: one per call (its tag), replaced quietly as the call goes
 * on, so the notification centre shows how it ended. A click brings the page forward with the caller's history.
 */
function notify(entry) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  const { pop } = entry;
  const lines = [statusOf(pop), ...Object.values(facts(pop)).filter(Boolean)];
  try {
    const notification = new Notification(caller(pop), { body: lines.join("\n"), tag: `ctipush-call-${pop.id}`, lang: document.documentElement.lang });
    notification.addEventListener("click", () => { window.focus(); open(pop); notification.close(); });
    entry.notification = notification;
  } catch {
    entry.notification = null; // a browser that shows notifications only from a service worker: the notice is there
  }
}

// The setting, in the settings view.

/** Shows the person's setting and the browser's permission; hidden for those without pops. */
export async function showSetting() {
  const form = $("#screenpop-form");
  form.hidden = !hasPops();
  if (form.hidden) return;
  showPermission();
  setPlain($("#screenpop-error"), "");
  try {
    form.elements.allCalls.checked = (await api("/api/v1/me/screenpop")).allCalls;
  } catch (error) {
    setPlain($("#screenpop-error"), error.message);
  }
}

function showPermission() {
  const supported = "Notification" in window;
  const permission = supported ? Notification.permission : "unsupported";
  const words = { granted: "pop.notifications.on", denied: "pop.notifications.blocked", unsupported: "pop.notifications.unsupported" };
  setText($("#notify-state"), words[permission] ?? "pop.notifications.off");
  $("#notify-allow").hidden = permission !== "default";
}

async function changeSetting() {
  const box = $("#screenpop-form").elements.allCalls;
  try {
    box.checked = (await api("/api/v1/me/screenpop", { method: "PUT", body: JSON.stringify({ allCalls: box.checked }) })).allCalls;
    setPlain($("#screenpop-error"), "");
  } catch (error) {
    box.checked = !box.checked;
    setPlain($("#screenpop-error"), error.message);
  }
}

$("#screenpop-form").addEventListener("submit", (event) => event.preventDefault());
$("#screenpop-form").elements.allCalls.addEventListener("change", changeSetting);
// Asked on a click, as browsers want: a page that asks by itself is ignored or blocked.
$("#notify-allow").addEventListener("click", async () => {
  await Notification.requestPermission();
  showPermission();
});
