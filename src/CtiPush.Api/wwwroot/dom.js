// The few DOM helpers the views share. Data goes in with textContent only, so it is never read as HTML.
import { may } from "./api.js";

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * A fresh copy of the element in <template id="…"> (index.html), e.g. one table row, without the parts marked
 * data-needs="agent" (or admin, person) that the signed-in person may not use.
 */
export function clone(id) {
  const copy = document.getElementById(id).content.firstElementChild.cloneNode(true);
  copy.querySelectorAll("[data-needs]").forEach((element) => { if (!may(element.dataset.needs)) element.remove(); });
  return copy;
}

/** Shows the page's fixed elements marked data-needs="…" to those who may use them, and hides them from the others. */
export function showPermitted(root = document) {
  root.querySelectorAll("[data-needs]").forEach((element) => { element.hidden = !may(element.dataset.needs); });
}

/** Sets the text of each [data-field="name"] element in root; null and undefined become empty. */
export function fill(root, fields) {
  for (const [name, value] of Object.entries(fields)) {
    $(`[data-field="${name}"]`, root).textContent = value ?? "";
  }
  return root;
}
