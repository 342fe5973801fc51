// The page's shell: sign-in and sign-out, the page's language, and the tabs that pick a view. No framework, no build
// step, no inline script (the CSP allows none). Each view is a module that keeps its own state; they share only
// api.js, dom.js and i18n.js.
import { api, checkSession, may, onSignedOut, signedInAs, signIn, signOut } from "./api.js";
import { $, showPermitted } from "./dom.js";
import { browserLanguage, languageFor, onLanguageChange, setPlain, setText, use } from "./i18n.js";
import * as callbacks from "./callbacks.js";
import * as calls from "./calls.js";
import * as stats from "./stats.js";
import * as phonebook from "./phonebook.js";
import * as people from "./people.js";
import * as privacy from "./privacy.js";
import * as settings from "./settings.js";
import * as screenpop from "./screenpop.js";
import * as webhooks from "./webhooks.js";

const views = { callbacks, calls, stats, phonebook, people, privacy, webhooks, settings }; // by the id of their <section> and the data-view of their tab
let shown = "calls";

/** Before any session the page speaks the browser's language. */
async function showSignIn() {
  calls.stop();
  callbacks.stop();
  screenpop.stop();
  views[shown].hide?.();
  $("#app").hidden = true;
  await use(browserLanguage());
  $("#signin").hidden = false;
  // Asked after the await: whoever types in the form by then (the sign-in's own 401 too) keeps the focus.
  if (!$("#signin").contains(document.activeElement)) $("#user-name").focus();
}

/**
 * Signed in: the person's language and time zone, the tabs their role may use, and their first view: the call backs
 * for agents, whose work they are; the call log for viewers and admins. The live streams run from here on, and the
 * screen pop for those who take calls.
 */
async function showApp() {
  const who = signedInAs();
  await use(languageFor(who), who.timeZone);
  if (who.userName) setPlain($("#who"), who.displayName);
  else setText($("#who"), "nav.adminKey");
  showPermitted();
  $("#signin").hidden = true;
  $("#app").hidden = false;
  showView(who.role === "agent" ? "callbacks" : "calls");
  calls.start();
  callbacks.start();
  screenpop.start(showHistory);
}

/** A caller's history, from their screen pop: the call log filtered by their number. */
function showHistory(number) {
  showView("calls");
  calls.showNumber(number);
}

function showView(id) {
  if (id !== shown) views[shown].hide?.();
  shown = may($(`.tab[data-view="${id}"]`).dataset.needs ?? "viewer") ? id : "calls";
  document.querySelectorAll(".tab").forEach((tab) => tab.setAttribute("aria-pressed", String(tab.dataset.view === shown)));
  Object.keys(views).forEach((view) => { $(`#${view}`).hidden = view !== shown; });
}

onSignedOut(showSignIn); // any request answered 401, the sign-in's own included

// A new language (settings): the markup is translated by then; the view on show re-renders its rows.
onLanguageChange(() => { if (!$("#app").hidden) views[shown].show(); });

/** Why a sign-in failed, in words: wrong credentials, a locked account (423), too many attempts (429). */
function signInProblem(error, wrongCredentials) {
  const element = $("#signin-error");
  if (error.status === 401) setText(element, wrongCredentials);
  else if (error.status === 423) setText(element, "signin.locked");
  else if (error.status === 429 && error.retryAfter != null) setText(element, "signin.tooManyWait", { count: error.retryAfter });
  else if (error.status === 429) setText(element, "signin.tooMany");
  else setText(element, "signin.failed", { message: error.message });
}

async function signInWith(credentials, wrongCredentials, form) {
  try {
    await signIn(credentials);
  } catch (error) {
    signInProblem(error, wrongCredentials);
    return;
  }
  form.reset();
  setPlain($("#signin-error"), "");
  await showApp();
}

$("#password-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target;
  signInWith({ userName: form.elements.userName.value.trim(), password: form.elements.password.value }, "signin.wrongPassword", form);
});

$("#signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  signInWith({ key: $("#key").value }, "signin.wrongKey", event.target);
});

$("#signout").addEventListener("click", async () => {
  try {
    await signOut();
  } finally {
    await showSignIn();
  }
});

document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
  showView(tab.dataset.view);
  views[shown].show();
}));

// Single sign-on, where the server has it set up: a link, as going to the provider is a navigation, not a fetch.
api("/api/v1/session/providers").then(([provider]) => {
  if (!provider) return;
  $("#sso-link").href = provider.signInUrl;
  setText($("#sso-link"), "signin.singleSignOn", { name: provider.displayName });
  $("#sso").hidden = false;
}, () => {}); // without the list, the page offers the key only

// No session: its 401 has shown the sign-in already (onSignedOut); a second showing would race the first.
checkSession().then(showApp, (error) => { if (error.status !== 401) showSignIn(); });
