// The phonebook view: search, add, edit and delete contacts, and import a CSV with a report of its rows.
import { api } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { setPlain, setText, t } from "./i18n.js";

const state = { offset: 0, editing: null }; // contacts shown so far; the id of the contact in the form, or null

export const show = () => loadContacts(true);

async function loadContacts(fromStart) {
  if (fromStart) state.offset = 0;
  const q = new FormData($("#contact-search")).get("q").trim();
  try {
    const page = await api(`/api/v1/contacts?limit=100&offset=${state.offset}&q=${encodeURIComponent(q)}`);
    if (fromStart) $("#contact-rows").replaceChildren();
    $("#contact-rows").append(...page.items.map(render));
    state.offset += page.items.length;
    $("#more-contacts").hidden = state.offset >= page.total;
    if (q) setText($("#contact-count"), "phonebook.countMatching", { count: page.total, q });
    else setText($("#contact-count"), "phonebook.count", { count: page.total });
    setPlain($("#phonebook-error"), "");
  } catch (error) {
    setPlain($("#phonebook-error"), error.message);
  }
}

function render(contact) {
  const row = fill(clone("contact-row"), { name: contact.name, organisation: contact.organisation, note: contact.note });
  row.dataset.id = contact.id;
  $(".numbers", row).append(...contact.numbers.map((n) => {
    const line = clone("contact-number");
    line.textContent = t("phonebook.numberWithLabel", { number: n.display ?? n.number, label: labelOf(n.label) });
    return line;
  }));
  const edit = $(".edit", row); // none for a viewer
  edit?.setAttribute("aria-label", t("phonebook.editLabel", { name: contact.name }));
  edit?.addEventListener("click", () => openForm(contact));
  const remove = $(".delete", row);
  remove?.setAttribute("aria-label", t("phonebook.deleteLabel", { name: contact.name }));
  remove?.addEventListener("click", () => deleteContact(contact));
  return row;
}

const labels = { phone: "numberLabel.phone", mobile: "numberLabel.mobile", fax: "numberLabel.fax", other: "numberLabel.other" };
const labelOf = (label) => (labels[label] ? t(labels[label]) : label);

const statuses = {
  imported: "phonebook.status.imported", updated: "phonebook.status.updated",
  unchanged: "phonebook.status.unchanged", rejected: "phonebook.status.rejected",
};

function numberRow(number = "", label = "phone") {
  const row = clone("number-row");
  $("input", row).value = number;
  $("select", row).value = label;
  $(".remove", row).addEventListener("click", () => row.remove());
  return row;
}

function openForm(contact) {
  state.editing = contact?.id ?? null;
  const form = $("#contact-form");
  form.reset();
  if (contact) setText($("#contact-form-title"), "phonebook.editTitle", { name: contact.name });
  else setText($("#contact-form-title"), "phonebook.newTitle");
  form.elements.name.value = contact?.name ?? "";
  form.elements.organisation.value = contact?.organisation ?? "";
  form.elements.note.value = contact?.note ?? "";
  $("#number-rows").replaceChildren(...(contact?.numbers.length ? contact.numbers.map((n) => numberRow(n.number, n.label)) : [numberRow()]));
  setPlain($("#contact-error"), "");
  form.hidden = false;
  form.elements.name.focus();
}

async function saveContact() {
  const form = $("#contact-form");
  const numbers = [...$("#number-rows").querySelectorAll(".number-row")]
    .map((row) => ({ number: $("input", row).value.trim(), label: $("select", row).value }))
    .filter((n) => n.number);
  const body = JSON.stringify({
    name: form.elements.name.value, organisation: form.elements.organisation.value || null, numbers, note: form.elements.note.value || null,
  });
  try {
    if (state.editing) await api(`/api/v1/contacts/${state.editing}`, { method: "PUT", body });
    else await api("/api/v1/contacts", { method: "POST", body });
    form.hidden = true;
    await loadContacts(true);
  } catch (error) {
    setPlain($("#contact-error"), error.message);
  }
}

async function deleteContact(contact) {
  if (!confirm(t("phonebook.confirmDelete", { name: contact.name }))) return;
  try {
    await api(`/api/v1/contacts/${contact.id}`, { method: "DELETE" });
    await loadContacts(true);
  } catch (error) {
    setPlain($("#phonebook-error"), error.message);
  }
}

async function importFile() {
  const file = $("#import-form").elements.file.files[0];
  if (!file) return;
  setText($("#import-summary"), "phonebook.importing", { file: file.name });
  $("#import-report").hidden = false;
  $("#import-problems").hidden = true;
  try {
    const report = await api("/api/v1/contacts/import", { method: "POST", body: file, headers: { "Content-Type": "text/csv" } });
    setText($("#import-summary"), "phonebook.imported", {
      file: file.name, imported: report.imported, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected,
    });
    const problems = report.rows.filter((r) => r.status === "rejected");
    $("#import-problems tbody").replaceChildren(...problems.map((r) =>
      fill(clone("import-problem"), { row: r.row, status: statuses[r.status] ? t(statuses[r.status]) : r.status, reason: r.reason })));
    $("#import-problems").hidden = problems.length === 0;
    await loadContacts(true);
  } catch (error) {
    setText($("#import-summary"), "phonebook.notImported", { file: file.name, message: error.message });
  }
}

$("#contact-search").addEventListener("submit", (event) => { event.preventDefault(); loadContacts(true); });
$("#more-contacts").addEventListener("click", () => loadContacts(false));
$("#new-contact").addEventListener("click", () => openForm(null));
$("#add-number").addEventListener("click", () => $("#number-rows").append(numberRow()));
$("#cancel-contact").addEventListener("click", () => { $("#contact-form").hidden = true; });
$("#contact-form").addEventListener("submit", (event) => { event.preventDefault(); saveContact(); });
$("#import-form").addEventListener("submit", (event) => { event.preventDefault(); importFile(); });
