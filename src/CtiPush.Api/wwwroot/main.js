// The page's shell: sign-in and sign-out, and the tabs that pick a view. No framework, no build step, no inline
// script (the CSP allows none). Each view is a module that keeps its own state; they share only api.js and dom.js.
import { api, checkSession, onSignedOut, signIn, signOut } from "./api.js";
import { $ } from "./dom.js";
import * as calls from "./calls.js";
import * as stats from "./stats.js";
import * as phonebook from "./phonebook.js";

const views = { calls, stats, phonebook }; // by the id of their <section> and the data-view of their tab

function showSignIn() {
  calls.stop();
  $("#app").hidden = true;
  $("#signin").hidden = false;
  $("#key").focus();
}

function showApp() {
  $("#signin").hidden = true;
  $("#app").hidden = false;
  calls.start();
}

onSignedOut(showSignIn); // any request answered 401, the sign-in's own included

$("#signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await signIn({ key: $("#key").value });
  } catch (error) {
    $("#signin-error").textContent = error.status === 401 ? "That is not the admin key." : `Sign-in failed: ${error.message}`;
    return;
  }
  $("#key").value = "";
  $("#signin-error").textContent = "";
  showApp();
});

$("#signout").addEventListener("click", async () => {
  await signOut();
  showSignIn();
});

document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
  document.querySelectorAll(".tab").forEach((t) => t.setAttribute("aria-pressed", String(t === tab)));
  Object.keys(views).forEach((id) => { $(`#${id}`).hidden = id !== tab.dataset.view; });
  views[tab.dataset.view].show();
}));

// Single sign-on, where the server has it set up: a link, as going to the provider is a navigation, not a fetch.
api("/api/v1/session/providers").then(([provider]) => {
  if (!provider) return;
  $("#sso-link").href = provider.signInUrl;
  $("#sso-link").textContent = `Sign in with ${provider.displayName}`;
  $("#sso").hidden = false;
}, () => {}); // without the list, the page offers the key only

checkSession().then(showApp, showSignIn);
