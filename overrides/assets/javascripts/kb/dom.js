/* Elements built from DOM text only: never HTML parsed from the tree or from
   what the player types. */

export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "on") for (const [name, fn] of Object.entries(value)) node.addEventListener(name, fn);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children || []) {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/* The theme's own hooks, never one a page's content forged (an incident's text
   or an article may hold any markup):
   - `chrome(selector)`: the first match only if it comes before Material's
     container (the announce block): content is always written inside it;
   - `articleHooks(selector)`: the build's blocks, direct children of the page's
     article (a flow, an incident box, the page's feedback form), never one
     nested in a text. The first container and content in the document are
     the theme's: their start comes before anything they hold. */
// 4: Node.DOCUMENT_POSITION_FOLLOWING (b comes after a, and is not inside it)
const before = (a, b) => Boolean(a && b && a.compareDocumentPosition(b) & 4);

export function chrome(selector) {
  const found = document.querySelector(selector);
  return before(found, document.querySelector('[data-md-component="container"]')) ? found : null;
}

export function articleHooks(selector) {
  const content = document.querySelector('[data-md-component="content"]');
  return content ? [...content.querySelectorAll(":scope > article > " + selector)] : [];
}

/* A flow that failed (its data, its markup, a step): its article as it is
   without JavaScript, every node shown (kb-flow.css), what the flow added gone. */
export function staticArticle(root, error) {
  console.error("kb-flow " + root.getAttribute("data-kb-flow") + ": shown as a plain article", error);
  root.classList.remove("kb-flow--live");
  root.classList.add("kb-flow--static");
  root.querySelectorAll("[data-kb-added]").forEach((e) => e.remove());
  root.querySelectorAll("[data-kb-node]").forEach((s) => { s.hidden = false; });
}
