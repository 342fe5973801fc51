// The signed-in person's own settings: the page's language (kept in this browser), the screen pop (screenpop.js)
// and their personal API tokens (list, create with the secret shown once, revoke); and how long the service keeps
// calls, for everyone to read.
import { api, may, signedInAs } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { dateTime, dayStart, languageFor, pick, pickedFor, setPlain, setText, t, use } from "./i18n.js";
import { showSetting as showScreenPopSetting } from "./screenpop.js";

const roles = { admin: "role.admin", agent: "role.agent", viewer: "role.viewer" };
const scopes = { read: "tokens.scopeRead", full: "tokens.scopeFull" };

/** Who is signed in, the language picked here, the tokens. */
export async function show() {
  const who = signedInAs();
  const role = t(roles[who.role]);
  if (who.userName) setText($("#settings-who"), "settings.who", { name: who.displayName, userName: who.userName, role });
  else setText($("#settings-who"), "settings.whoKey", { role });
  $("#language-form").elements.language.value = pickedFor(who) ?? "";
  $("#tokens-key-only").hidden = may("person");
  setPlain($("#tokens-error"), "");
  await Promise.all([showScreenPopSetting(), showKeeping(), may("person") ? loadTokens() : null]);
}

/** CallLog:AnonymiseAfterDays and CallLog:RetentionDays, in words: what each keeps. */
async function showKeeping() {
  try {
    const keeping = await api("/api/v1/calls/keeping");
    if (keeping.anonymiseAfterDays > 0) setText($("#keeping-anonymise"), "keeping.anonymise", { days: keeping.anonymiseAfterDays });
    else setText($("#keeping-anonymise"), "keeping.anonymiseOff");
    if (keeping.retentionDays > 0) setText($("#keeping-retention"), "keeping.retention", { days: keeping.retentionDays });
    else setText($("#keeping-retention"), "keeping.retentionOff");
  } catch (error) {
    setPlain($("#keeping-retention"), error.message);
  }
}

/** A person's own tokens. An admin's list has everyone's: only the ones that are theirs are shown here. */
async function loadTokens() {
  try {
    let tokens = await api("/api/v1/tokens");
    if (may("admin")) {
      const me = (await api("/api/v1/users")).find((person) => person.userName === signedInAs().userName);
      tokens = tokens.filter((token) => token.personId === me?.id);
    }
    $("#token-rows").replaceChildren(...tokens.map(render));
    $("#tokens-empty").hidden = tokens.length > 0;
  } catch (error) {
    setPlain($("#tokens-error"), error.message);
  }
}

function render(token) {
  const row = fill(clone("token-row"), {
    name: token.name,
    scope: scopes[token.scope] ? t(scopes[token.scope]) : token.scope,
    created: dateTime(token.createdAt),
    expires: token.expiresAt ? dateTime(token.expiresAt) : t("tokens.never"),
  });
  row.dataset.id = token.id;
  const revoke = $(".revoke", row);
  revoke.setAttribute("aria-label", t("tokens.revokeLabel", { name: token.name }));
  revoke.addEventListener("click", () => revokeToken(token));
  return row;
}

async function createToken() {
  const form = $("#token-form");
  const expires = form.elements.expires.value;
  const body = {
    name: form.elements.name.value.trim(),
    scope: form.elements.scope.value,
    expiresAt: expires ? dayStart(expires, 1).toISOString() : null, // at the end of that day, in the session's time zone
  };
  try {
    const created = await api("/api/v1/tokens", { method: "POST", body: JSON.stringify(body) });
    form.reset();
    setPlain($("#tokens-error"), "");
    showSecret(created);
    await loadTokens();
  } catch (error) {
    setPlain($("#tokens-error"), error.message);
  }
}

/** The new token's secret: this answer is the only time the server gives it; the page keeps it only while shown. */
function showSecret(created) {
  $("#token-secret").value = created.token;
  setPlain($("#copy-status"), "");
  $("#token-created").hidden = false;
  $("#token-secret").focus();
  $("#token-secret").select();
}

/** Leaving the view (or signing out) forgets a shown secret: it is shown once. */
export const hide = () => hideSecret();

function hideSecret() {
  $("#token-secret").value = "";
  setPlain($("#copy-status"), "");
  $("#token-created").hidden = true;
}

async function copySecret() {
  const secret = $("#token-secret");
  try {
    await navigator.clipboard.writeText(secret.value);
    setText($("#copy-status"), "tokens.copied");
  } catch {
    secret.select(); // no clipboard access: selected, for Ctrl+C
    setText($("#copy-status"), "tokens.copyByHand");
  }
}

async function revokeToken(token) {
  if (!confirm(t("tokens.confirmRevoke", { name: token.name }))) return;
  try {
    await api(`/api/v1/tokens/${token.id}`, { method: "DELETE" });
    await loadTokens();
  } catch (error) {
    setPlain($("#tokens-error"), error.message);
  }
}

$("#language-form").addEventListener("change", async (event) => {
  const who = signedInAs();
  pick(who, event.target.value || null);
  await use(languageFor(who), who.timeZone); // the shell then shows this view again, in the new language
});
$("#language-form").addEventListener("submit", (event) => event.preventDefault());
$("#token-form").addEventListener("submit", (event) => { event.preventDefault(); createToken(); });
$("#copy-token").addEventListener("click", copySecret);
$("#dismiss-token").addEventListener("click", hideSecret);
