// The wallboard: a page of its own for a TV. Signed in by the browser's session, or by a read-only token in the URL
// fragment (/wallboard#token=ctp_…), sent as a bearer. Live over the calls' and the callbacks' event streams, read
// with fetch (EventSource cannot send a header); today's figures per queue and per agent come from /api/v1/stats
// and are read again on change.

import { browserLanguage, setPlain, t, use } from "./i18n.js";

const token = new URLSearchParams(location.hash.slice(1)).get("token");
const headers = token ? { Authorization: `Bearer ${token}` } : {};
const $ = (selector) => document.querySelector(selector);

/** Calls not yet ended, by row id: ringing ones wait, answered ones talk. */
const open = new Map();
let today = null;
let agents = null;
let callbacks = null;

async function get(path) {
  const response = await fetch(path, { headers, credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** Reads a server-sent event stream with fetch, calling onEvent(type, data) for each event; resolves when it ends. */
async function stream(path, onEvent, signal) {
  const response = await fetch(path, { headers, credentials: "same-origin", signal });
  if (!response.ok || !response.body) throw new Error(`${path}: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "", type = "message", data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      if (line === "") {
        if (data.length) onEvent(type, data.join("\n"));
        type = "message"; data = [];
      } else if (line.startsWith("event:")) type = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
  }
}

/** Keeps a stream open: reconnects after a pause when it ends or fails. */
async function follow(path, onEvent) {
  for (;;) {
    try {
      await stream(path, onEvent);
    } catch (error) {
      setPlain($("#wb-status"), t("wallboard.reconnecting", { reason: error.message }));
    }
    delete document.body.dataset.live;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function track(call) {
  if (call.direction !== "out" && call.state === "newCall") open.set(call.id, call);
  else if (call.state === "answer") open.set(call.id, call);
  else open.delete(call.id);
}

async function loadOpenCalls() {
  open.clear();
  for (const state of ["newCall", "answer"]) {
    const page = await get(`/api/v1/calls?state=${state}&limit=500`);
    page.items.forEach(track);
  }
}

let pending = null;
function refreshToday() {
  clearTimeout(pending);
  pending = setTimeout(async () => {
    try {
      [today, agents] = await Promise.all([get("/api/v1/stats?by=queue"), get("/api/v1/stats?by=agent")]);
      render();
    } catch (error) {
      setPlain($("#wb-status"), error.message);
    }
  }, 200);
}

const two = (value) => String(Math.floor(value)).padStart(2, "0");
/** m:ss, or h:mm:ss from an hour on: digits only, the same in every language. */
const duration = (seconds) => seconds == null ? "–"
  : seconds < 3600 ? `${Math.floor(seconds / 60)}:${two(seconds % 60)}`
  : `${Math.floor(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
const percent = (share) => (share == null ? "–" : `${Math.round(100 * share)} %`);
const since = (time) => (time ? Math.max(0, (Date.now() - Date.parse(time)) / 1000) : null);

function render() {
  const calls = [...open.values()];
  const waiting = calls.filter((c) => c.state === "newCall");
  const longest = waiting.length ? Math.max(...waiting.map((c) => since(c.startedAt))) : null;
  $("#wb-waiting").textContent = String(waiting.length);
  $("#wb-waiting").classList.toggle("alert", waiting.length > 0);
  $("#wb-longest").textContent = duration(longest);
  $("#wb-talking").textContent = String(new Set(calls.filter((c) => c.state === "answer").map((c) => (c.answeredBy ?? `#${c.id}`).toUpperCase())).size);
  if (today) {
    $("#wb-answered").textContent = String(today.total.answered);
    $("#wb-abandoned").textContent = String(today.total.abandoned);
    $("#wb-service").textContent = percent(today.total.serviceLevel);
  }
  if (callbacks) {
    $("#wb-callbacks").textContent = String(callbacks.open);
    $("#wb-oldest").textContent = duration(since(callbacks.oldestFirstAt));
  }
  const noQueue = t("wallboard.noQueue");
  const queues = new Map((today?.rows ?? []).map((row) => [row.group ?? noQueue, { row, waiting: [] }]));
  for (const call of waiting) {
    const name = call.queue ?? noQueue;
    if (!queues.has(name)) queues.set(name, { row: null, waiting: [] });
    queues.get(name).waiting.push(call);
  }
  const template = $("#wb-queue-row");
  $("#wb-queues").replaceChildren(...[...queues.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, { row, waiting: w }]) => {
    const tr = template.content.firstElementChild.cloneNode(true);
    const cells = tr.children;
    cells[0].textContent = name;
    cells[1].textContent = String(w.length);
    cells[2].textContent = duration(w.length ? Math.max(...w.map((c) => since(c.startedAt))) : null);
    cells[3].textContent = String(row?.answered ?? 0);
    cells[4].textContent = String(row?.abandoned ?? 0);
    cells[5].textContent = percent(row?.serviceLevel);
    tr.dataset.queue = name;
    return tr;
  }));
  // Each agent's answered calls today and share of the team's, the busiest first.
  const agentTemplate = $("#wb-agent-row");
  $("#wb-agents").replaceChildren(...[...(agents?.rows ?? [])].sort((a, b) => b.answered - a.answered || a.group.localeCompare(b.group)).map((row) => {
    const tr = agentTemplate.content.firstElementChild.cloneNode(true);
    const cells = tr.children;
    cells[0].textContent = row.group;
    cells[1].textContent = String(row.answered);
    cells[2].textContent = percent(row.answeredShare);
    tr.dataset.agent = row.group;
    return tr;
  }));
}

await use(browserLanguage());
// The calls open now are read once the stream is "ready" (its starting point fixed on the server), not before it
// is asked for: a call that came in between would be in neither.
follow("/api/v1/calls/stream", (type, data) => {
  if (type === "ready") {
    loadOpenCalls().then(() => {
      render();
      refreshToday();
      setPlain($("#wb-status"), "");
      document.body.dataset.live = "true"; // the board is complete and follows changes from here on
    }, (error) => setPlain($("#wb-status"), error.message));
    return;
  }
  if (type !== "call") return;
  track(JSON.parse(data));
  render();
  refreshToday();
});
follow("/api/v1/callbacks/stream", (type, data) => {
  if (type !== "summary") return;
  callbacks = JSON.parse(data);
  render();
});
setInterval(render, 1000); // the waits grow while nothing happens
