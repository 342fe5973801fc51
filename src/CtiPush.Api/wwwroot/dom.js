// The few DOM helpers the views share. Data goes in with textContent only, so it is never read as HTML.

export const $ = (selector, root = document) => root.querySelector(selector);

/** A fresh copy of the element in <template id="…"> (index.html), e.g. one table row. */
export const clone = (id) => document.getElementById(id).content.firstElementChild.cloneNode(true);

/** Sets the text of each [data-field="name"] element in root; null and undefined become empty. */
export function fill(root, fields) {
  for (const [name, value] of Object.entries(fields)) {
    $(`[data-field="${name}"]`, root).textContent = value ?? "";
  }
  return root;
}
