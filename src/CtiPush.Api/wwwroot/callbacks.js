// The call backs view: the open callbacks — one per caller whose calls nobody answered — longest waiting first, as the
// server keeps them (it also resolves one by itself when a person reaches the number). Agents claim, note and
// resolve them here. A live stream of the worklist's summary reloads the list on every change, on any instance, and
// keeps the open count on the tab. A reload updates the callbacks shown in place, so a note half typed survives it.
import { api, may, signedInAs } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { ago, dateTime, number, setPlain, setText, t } from "./i18n.js";

const pageSize = 50;

const state = {
  source: null, // the live stream of the summary
  shown: new Map(), // callback id → { item, callback } in the list
  next: null, // cursor after the last callback shown
  generation: 0, // counts loads from the start: an answer for an older list or filter is dropped
  ticker: null, // refreshes the ages
};

const outcomes = {
  reached: "callbacks.outcome.reached", leftMessage: "callbacks.outcome.leftMessage", noAnswer: "callbacks.outcome.noAnswer",
  wrongNumber: "callbacks.outcome.wrongNumber", notNeeded: "callbacks.outcome.notNeeded",
};

const tab = () => $('.tab[data-view="callbacks"]');
const visible = () => !$("#callbacks").hidden;

/** Opens the live stream; its first summary (sent at once) and every later one reload the list and the tab's count. */
export function start() {
  stop();
  $("#callback-filters").reset(); // a new session, perhaps another person's
  $("#callback-list").replaceChildren();
  state.shown.clear();
  state.next = null;
  const source = new EventSource("/api/v1/callbacks/stream");
  state.source = source;
  source.addEventListener("summary", (event) => {
    const summary = JSON.parse(event.data);
    if (summary.open > 0) setText(tab(), "nav.callbacksCount", { count: summary.open });
    else setText(tab(), "nav.callbacks");
    if (visible()) load(true);
  });
  state.ticker = setInterval(() => state.shown.forEach(showAge), 30_000);
}

export function stop() {
  if (state.source) setText(tab(), "nav.callbacks"); // no count without a stream to keep it current
  state.source?.close();
  state.source = null;
  clearInterval(state.ticker);
  state.ticker = null;
  state.generation++;
}

/** Back on this tab (or in another language): what changed while it was hidden, and names as the phonebook has them now. */
export const show = () => load(true);

/** The API's query for the filter as it stands. */
function filters() {
  const query = new URLSearchParams();
  if (new FormData($("#callback-filters")).get("mine") && may("person")) query.set("claimedBy", "me");
  return query;
}

/**
 * From the start: as many callbacks as are shown (at least a page), replacing the list; else the next page below it.
 */
async function load(fromStart) {
  const query = filters();
  if (fromStart) {
    state.generation++;
    query.set("limit", String(Math.min(500, Math.max(pageSize, Math.ceil(state.shown.size / pageSize) * pageSize))));
  } else {
    if (!state.next) return;
    query.set("cursor", state.next);
    query.set("limit", String(pageSize));
  }
  const generation = state.generation;
  try {
    const page = await api("/api/v1/callbacks?" + query);
    if (generation !== state.generation) return; // a newer load has taken over
    if (fromStart) sync(page.items);
    else page.items.forEach((callback) => put(callback, null));
    state.next = page.next;
    $("#more-callbacks").hidden = !page.next;
    $("#callbacks-empty").hidden = state.shown.size > 0;
    setPlain($("#callbacks-error"), "");
  } catch (error) {
    if (generation === state.generation) setPlain($("#callbacks-error"), error.message);
  }
}

/** The list becomes callbacks, in their order; one shown already is updated where it is, not made anew. */
function sync(callbacks) {
  const wanted = new Set(callbacks.map((callback) => callback.id));
  [...state.shown.keys()].filter((id) => !wanted.has(id)).forEach(remove);
  const list = $("#callback-list");
  callbacks.forEach((callback, i) => put(callback, list.children[i] ?? null));
}

/** Shows callback in its item, new or updated, placed before the element before (null: at the end) if not there yet. */
function put(callback, before) {
  let entry = state.shown.get(callback.id);
  if (!entry) {
    entry = create(callback.id);
    state.shown.set(callback.id, entry);
  }
  update(entry, callback);
  // Moved only when out of place: moving an element takes the focus from a field inside it.
  if (entry.item !== before) $("#callback-list").insertBefore(entry.item, before);
}

function remove(id) {
  state.shown.get(id)?.item.remove();
  state.shown.delete(id);
  $("#callbacks-empty").hidden = state.shown.size > 0;
}

/** A new item with its buttons and forms wired; update() fills it. */
function create(id) {
  const item = clone("callback-item");
  item.dataset.id = id;
  const entry = { item, callback: null, copied: null };
  $(".number", item).addEventListener("click", () => copy(entry));
  $(".claim", item)?.addEventListener("click", () => act(entry, "claim"));
  $(".release", item)?.addEventListener("click", () => act(entry, "release"));
  $(".resolve", item)?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const note = form.elements.note.value.trim();
    if (await act(entry, "resolve", { outcome: form.elements.outcome.value || null, note: note || null }, form)) form.reset();
  });
  $(".add-note", item)?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    if (await act(entry, "notes", { text: form.elements.text.value }, form)) form.reset();
  });
  return entry;
}

/** Whether the signed-in person holds the claim: the server names the holder as it names whoever acts. */
const mine = (callback) => callback.claimedBy != null && callback.claimedBy === signedInAs()?.displayName;

const displayOf = (callback) => callback.display ?? "+" + callback.number;

function update(entry, callback) {
  entry.callback = callback;
  const { item } = entry;
  const display = displayOf(callback);
  const caller = callback.names ?? display;
  fill(item, {
    name: callback.names ?? t("callbacks.unknown"),
    display,
    attempts: number(callback.attempts),
    queues: callback.queues.join(", "),
    claimedBy: callback.claimedBy ?? t("callbacks.unclaimed"),
  });
  showAge(entry);
  $(".queues", item).hidden = callback.queues.length === 0;
  item.dataset.number = callback.number;
  item.classList.toggle("unknown", !callback.names);
  item.classList.toggle("claimed", callback.claimedBy != null);
  item.classList.toggle("mine", mine(callback));
  $(".number", item).setAttribute("aria-label", t("callbacks.copyLabel", { number: display }));
  const tel = $(".tel", item);
  tel.href = "tel:+" + callback.number;
  tel.setAttribute("aria-label", t("callbacks.callLabel", { number: display }));

  // Claim what is not one's own (an admin takes over; an agent hears from the server who holds it); release one's own.
  const claim = $(".claim", item); // none for a viewer
  if (claim) {
    claim.hidden = mine(callback);
    claim.setAttribute("aria-label", t("callbacks.claimLabel", { caller }));
  }
  const release = $(".release", item);
  if (release) {
    release.hidden = callback.claimedBy == null || (!mine(callback) && !may("admin"));
    release.setAttribute("aria-label", t("callbacks.releaseLabel", { caller }));
  }
  $(".notes", item).replaceChildren(...callback.notes.map(noteItem));
}

function showAge(entry) {
  const age = $(".age", entry.item);
  age.textContent = ago(entry.callback.firstAt);
  age.title = dateTime(entry.callback.firstAt);
}

/** A note; one a resolution wrote ("leftMessage: …") with the outcome in words. */
function noteItem(note) {
  const line = clone("callback-note");
  $(".note-meta", line).textContent = t("callbacks.noteMeta", { at: dateTime(note.at), author: note.author });
  const [, outcome, rest] = /^(\w+)(?:: ([\s\S]*))?$/.exec(note.text) ?? [];
  if (outcomes[outcome]) {
    $(".note-text", line).textContent = rest ? t("callbacks.noteWithOutcome", { outcome: t(outcomes[outcome]), note: rest }) : t(outcomes[outcome]);
  } else {
    $(".note-text", line).textContent = note.text;
  }
  return line;
}

/**
 * One action on the server (claim, release, notes, resolve); its answer is the callback as it is now: shown, or gone
 * from the list once resolved. The server's problem (a claim someone holds, a missing outcome) is shown beside it.
 */
async function act(entry, action, body, form) {
  const id = entry.callback.id;
  try {
    const callback = await api(`/api/v1/callbacks/${id}/${action}`, { method: "POST", ...(body ? { body: JSON.stringify(body) } : {}) });
    showProblem(entry, null, form);
    if (callback.state === "open" && state.shown.get(id) === entry) update(entry, callback);
    else remove(id);
    return true;
  } catch (error) {
    showProblem(entry, error, form);
    return false;
  }
}

/** Each field the problem names, with that field's label (and marked invalid); else its detail. */
function showProblem(entry, error, form) {
  entry.item.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
  const errors = Object.entries(error?.problem?.errors ?? {});
  const labelled = errors.map(([name, messages]) => {
    const field = form?.elements[name];
    field?.setAttribute("aria-invalid", "true");
    const label = field?.closest("label")?.querySelector("span")?.textContent ?? name;
    return t("callbacks.fieldProblem", { field: label, problem: messages.join(" ") });
  });
  setPlain($(".error", entry.item), labelled.length > 0 ? labelled.join(" ") : error?.message ?? "");
}

/** The number as a PBX or phone takes it (+4930…), to the clipboard; a short confirmation beside it. */
async function copy(entry) {
  const text = "+" + entry.callback.number;
  const status = $(".copied", entry.item);
  try {
    await navigator.clipboard.writeText(text);
    setText(status, "callbacks.copied", { number: text });
  } catch {
    const range = document.createRange(); // no clipboard access: selected, for Ctrl+C
    range.selectNodeContents($(".number", entry.item));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    setText(status, "callbacks.copyByHand");
  }
  clearTimeout(entry.copied);
  entry.copied = setTimeout(() => setPlain(status, ""), 3000);
}

$("#callback-filters").addEventListener("submit", (event) => event.preventDefault());
$("#callback-filters").addEventListener("change", () => load(true));
$("#more-callbacks").addEventListener("click", () => load(false));
