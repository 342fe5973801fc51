// The people view, for admins: everyone who may sign in, their role, language and the names PBXs know them by;
// add, edit, disable or enable, and delete. The server checks everything (a taken name, a weak password, the last
// admin) and its problem is shown beside the form.
import { api } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { setPlain, setText, t } from "./i18n.js";

const state = { editing: null }; // the person in the form, or null for a new one

const roles = { admin: "role.admin", agent: "role.agent", viewer: "role.viewer" };
const languages = { en: "language.en", de: "language.de" };

/** The form's fields by the names the API gives them in a problem's errors. */
const fields = ["userName", "displayName", "email", "role", "language", "pbxNames", "password"];

export const show = () => loadPeople();

async function loadPeople() {
  try {
    const people = await api("/api/v1/users");
    $("#person-rows").replaceChildren(...people.map(render));
    setPlain($("#people-error"), "");
  } catch (error) {
    setPlain($("#people-error"), error.message);
  }
}

function render(person) {
  const row = fill(clone("person-row"), {
    userName: person.userName,
    displayName: person.displayName,
    email: person.email,
    role: roles[person.role] ? t(roles[person.role]) : person.role,
    language: languages[person.language] ? t(languages[person.language]) : t("language.browser"),
    pbxNames: person.pbxNames.join(", "),
    status: person.enabled ? t("people.enabledStatus") : t("people.disabledStatus"),
  });
  row.dataset.id = person.id;
  row.dataset.userName = person.userName;
  if (!person.enabled) row.classList.add("disabled");
  const edit = $(".edit", row);
  edit.setAttribute("aria-label", t("people.editLabel", { name: person.userName }));
  edit.addEventListener("click", () => openForm(person));
  const toggle = $(".toggle", row);
  toggle.textContent = person.enabled ? t("people.disable") : t("people.enable");
  toggle.setAttribute("aria-label", t(person.enabled ? "people.disableLabel" : "people.enableLabel", { name: person.userName }));
  toggle.addEventListener("click", () => setEnabled(person, !person.enabled));
  const remove = $(".delete", row);
  remove.setAttribute("aria-label", t("people.deleteLabel", { name: person.userName }));
  remove.addEventListener("click", () => deletePerson(person));
  return row;
}

function openForm(person) {
  state.editing = person;
  const form = $("#person-form");
  form.reset();
  if (person) setText($("#person-form-title"), "people.editTitle", { name: person.userName });
  else setText($("#person-form-title"), "people.newTitle");
  setText($("#person-password-label"), person ? "people.newPassword" : "people.firstPassword");
  form.elements.userName.value = person?.userName ?? "";
  form.elements.displayName.value = person?.displayName ?? "";
  form.elements.email.value = person?.email ?? "";
  form.elements.role.value = person?.role ?? "agent";
  form.elements.language.value = person?.language ?? "";
  form.elements.pbxNames.value = (person?.pbxNames ?? []).join("\n");
  form.elements.enabled.checked = person?.enabled ?? true;
  showProblem(null);
  form.hidden = false;
  form.elements.userName.focus();
}

/** PBX names as typed: one per line, or separated by commas. */
const pbxNamesOf = (text) => text.split(/[\n,]/).map((name) => name.trim()).filter((name) => name);

async function savePerson() {
  const form = $("#person-form");
  const body = {
    userName: form.elements.userName.value.trim(),
    displayName: form.elements.displayName.value.trim() || null,
    email: form.elements.email.value.trim() || null,
    role: form.elements.role.value,
    language: form.elements.language.value || null,
    pbxNames: pbxNamesOf(form.elements.pbxNames.value),
    enabled: form.elements.enabled.checked,
    password: form.elements.password.value || null, // none: a new person signs in by single sign-on; a person kept keeps theirs
  };
  try {
    if (state.editing) await api(`/api/v1/users/${state.editing.id}`, { method: "PUT", body: JSON.stringify(body) });
    else await api("/api/v1/users", { method: "POST", body: JSON.stringify(body) });
    form.hidden = true;
    await loadPeople();
  } catch (error) {
    showProblem(error);
  }
}

/**
 * The server's problem beside the form: each field it names with that field's label (and the field marked
 * invalid), else its detail (a taken name, the last admin).
 */
function showProblem(error) {
  const form = $("#person-form");
  fields.forEach((name) => form.elements[name].removeAttribute("aria-invalid"));
  const errors = Object.entries(error?.problem?.errors ?? {});
  errors.forEach(([name]) => form.elements[name]?.setAttribute("aria-invalid", "true"));
  const labelled = errors.map(([name, messages]) => {
    const label = form.elements[name]?.closest("label")?.querySelector("span")?.textContent ?? name;
    return t("people.fieldProblem", { field: label, problem: messages.join(" ") });
  });
  setPlain($("#person-error"), labelled.length > 0 ? labelled.join(" ") : error?.message ?? "");
  if (errors.length > 0) form.elements[errors[0][0]]?.focus();
}

/** Disables or enables a person: the PUT sets every field, so it sends the person as listed with enabled changed. */
async function setEnabled(person, enabled) {
  const { userName, displayName, email, role, language, pbxNames } = person;
  try {
    await api(`/api/v1/users/${person.id}`, { method: "PUT", body: JSON.stringify({ userName, displayName, email, role, language, pbxNames, enabled }) });
    await loadPeople();
  } catch (error) {
    setPlain($("#people-error"), error.message);
  }
}

async function deletePerson(person) {
  if (!confirm(t("people.confirmDelete", { name: person.userName }))) return;
  try {
    await api(`/api/v1/users/${person.id}`, { method: "DELETE" });
    await loadPeople();
  } catch (error) {
    setPlain($("#people-error"), error.message);
  }
}

$("#new-person").addEventListener("click", () => openForm(null));
$("#cancel-person").addEventListener("click", () => { $("#person-form").hidden = true; });
$("#person-form").addEventListener("submit", (event) => { event.preventDefault(); savePerson(); });
