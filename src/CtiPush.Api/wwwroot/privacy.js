// The privacy view, for admins: what is stored about one caller's number (GDPR article 15), as a download, and its
// erasure everywhere (article 17) — a number, "Look up", "Erase". The server finds the number in any format and
// erases it in one transaction; the page shows what it found and what changed.
import { api } from "./api.js";
import { $ } from "./dom.js";
import { setPlain, setText, t } from "./i18n.js";

let download = null; // the object URL of the shown export, revoked when another replaces it

const sections = ["calls", "callbacks", "notes", "contacts", "notifications", "auditEntries"];

export function show() {
  if (!$("#privacy-reason").value) $("#privacy-reason").value = t("privacy.reasonDefault");
}

/** Leaving the view forgets what was shown: it is personal data. */
export function hide() {
  $("#privacy-form").reset();
  forget();
  setPlain($("#privacy-error"), "");
  $("#privacy-erased").hidden = true;
}

function forget() {
  if (download) URL.revokeObjectURL(download);
  download = null;
  setPlain($("#privacy-summary"), "");
  $("#privacy-found").hidden = true;
}

async function lookUp() {
  forget();
  $("#privacy-erased").hidden = true;
  setPlain($("#privacy-error"), "");
  const number = $("#privacy-number").value.trim();
  try {
    const found = await api(`/api/v1/privacy/export?number=${encodeURIComponent(number)}`);
    const counts = Object.fromEntries(sections.map((section) => [section, found.sections[section]?.length ?? 0]));
    const any = Object.values(counts).some((count) => count > 0);
    if (any) setText($("#privacy-summary"), "privacy.found", { number: found.display ?? found.number, ...counts });
    else setText($("#privacy-summary"), "privacy.nothing", { number: found.display ?? found.number });
    download = URL.createObjectURL(new Blob([JSON.stringify(found, null, 2)], { type: "application/json" }));
    const link = $("#privacy-download");
    link.href = download;
    link.download = `privacy-${found.number}.json`;
    $("#privacy-found").dataset.number = found.number;
    $("#privacy-found").hidden = false;
    $("#privacy-erase").focus();
  } catch (error) {
    setPlain($("#privacy-error"), error.message);
  }
}

async function erase() {
  setPlain($("#privacy-error"), "");
  const body = { number: $("#privacy-found").dataset.number, reason: $("#privacy-reason").value.trim() };
  try {
    const report = await api("/api/v1/privacy/erase", { method: "POST", body: JSON.stringify(body) });
    forget();
    setText($("#privacy-result"), report.repeated ? "privacy.erasedAgain" : "privacy.erased",
      { total: report.total, reference: report.reference, ...report.changed });
    $("#privacy-erased").hidden = false;
  } catch (error) {
    setPlain($("#privacy-error"), error.message);
  }
}

$("#privacy-form").addEventListener("submit", (event) => { event.preventDefault(); lookUp(); });
$("#privacy-erase").addEventListener("click", erase);
