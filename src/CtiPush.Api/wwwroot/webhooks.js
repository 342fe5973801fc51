// The webhooks view, for admins: each subscription with its recent deliveries, a test event at a click, a given-up
// notification sent again, and a new webhook (its signing secret shown once, here and nowhere after).
import { api } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { dateTime, setPlain, setText, t } from "./i18n.js";

// Event names in single quotes: double-quoted dotted literals are the page's i18n keys (Web/PageTextTests).
const eventNames = {
  'call.ringing': "webhooks.event.callRinging",
  'call.answered': "webhooks.event.callAnswered",
  'call.ended': "webhooks.event.callEnded",
  'call.missed': "webhooks.event.callMissed",
  'callback.opened': "webhooks.event.callbackOpened",
  'callback.resolved': "webhooks.event.callbackResolved",
};
const formats = { json: "webhooks.formatJson", slack: "webhooks.formatSlack", teams: "webhooks.formatTeams" };
const states = { pending: "webhooks.state.pending", failed: "webhooks.state.failed", delivered: "webhooks.state.delivered" };

const eventName = (event) => (eventNames[event] ? t(eventNames[event]) : event);

export const show = () => load();

/** Leaving the view forgets the secret: it is shown once. */
export function hide() {
  $("#webhook-secret").hidden = true;
  setPlain($("#webhook-secret-value"), "");
}

async function load() {
  try {
    const subscriptions = await api("/api/v1/webhooks");
    const cards = await Promise.all(subscriptions.map(async (s) => render(s, (await api(`/api/v1/webhooks/${s.id}/deliveries?limit=20`)).items)));
    $("#webhook-list").replaceChildren(...cards);
    $("#webhooks-empty").hidden = subscriptions.length > 0;
    setPlain($("#webhooks-error"), "");
  } catch (error) {
    setPlain($("#webhooks-error"), error.message);
  }
}

function render(subscription, deliveries) {
  const card = fill(clone("webhook-card"), {
    target: subscription.url ?? subscription.email,
    events: subscription.events.map(eventName).join(", "),
    format: t(formats[subscription.format] ?? "webhooks.formatJson"),
    status: subscription.enabled ? t("webhooks.enabled")
      : subscription.disabledReason ? t("webhooks.disabledBecause", { reason: subscription.disabledReason }) : t("webhooks.disabled"),
  });
  card.dataset.id = subscription.id;
  $(".test", card).addEventListener("click", () => sendTest(subscription, card));
  $(".delete", card).addEventListener("click", () => remove(subscription));
  const rows = deliveries.map((delivery) => deliveryRow(subscription, delivery, card));
  if (rows.length === 0) {
    const empty = document.createElement("tr");
    const cell = document.createElement("td");
    cell.colSpan = 7;
    setText(cell, "webhooks.noDeliveries");
    empty.append(cell);
    rows.push(empty);
  }
  $(".delivery-rows", card).replaceChildren(...rows);
  return card;
}

function deliveryRow(subscription, delivery, card) {
  const row = fill(clone("delivery-row"), {
    at: dateTime(delivery.at),
    event: delivery.event === 'webhook.test' ? t("webhooks.testEvent") : eventName(delivery.event),
    attempt: delivery.attempt,
    status: `${delivery.status ?? t("webhooks.noAnswer")} · ${t(states[delivery.state])}`,
    latency: t("webhooks.latencyMs", { ms: delivery.latencyMs }),
    response: delivery.error ?? delivery.response,
  });
  row.dataset.eventId = delivery.eventId;
  row.classList.toggle("failed", delivery.status == null || delivery.status >= 300);
  const retry = $(".retry", row);
  retry.hidden = delivery.state === "delivered";
  retry.addEventListener("click", async () => {
    try {
      await api(`/api/v1/webhooks/${subscription.id}/deliveries/${delivery.id}/retry`, { method: "POST" });
      await settleThenLoad();
    } catch (error) {
      setPlain($("[data-field=problem]", card), error.message);
    }
  });
  return row;
}

async function sendTest(subscription, card) {
  try {
    await api(`/api/v1/webhooks/${subscription.id}/test`, { method: "POST" });
    setText($("[data-field=problem]", card), "webhooks.testSent");
    await settleThenLoad();
  } catch (error) {
    setPlain($("[data-field=problem]", card), error.message);
  }
}

/** The worker sends within moments: look again a little later, so the new attempt is in the list. */
const settleThenLoad = () => new Promise((resolve) => { setTimeout(() => load().then(resolve), 1000); });

async function remove(subscription) {
  if (!confirm(t("webhooks.deleteConfirm", { target: subscription.url ?? subscription.email }))) return;
  try {
    await api(`/api/v1/webhooks/${subscription.id}`, { method: "DELETE" });
    await load();
  } catch (error) {
    setPlain($("#webhooks-error"), error.message);
  }
}

$("#webhook-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const body = {
    url: form.elements.url.value.trim(),
    format: form.elements.format.value,
    queue: form.elements.queue.value.trim() || null,
    events: [...form.querySelectorAll("input[name=events]:checked")].map((box) => box.value),
  };
  try {
    const created = await api("/api/v1/webhooks", { method: "POST", body: JSON.stringify(body) });
    form.reset();
    setPlain($("#webhook-error"), "");
    setPlain($("#webhook-secret-value"), created.secret);
    $("#webhook-secret").hidden = false;
    await load();
  } catch (error) {
    setPlain($("#webhook-error"), error.message);
  }
});
