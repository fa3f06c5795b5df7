/* Small pure helpers: input from outside (the URL hash, sessionStorage, the
   page's data) is read through own properties only ("constructor", "__proto__"...). */

export function own(obj, key) {
  return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/* A map with no prototype, filled with the own properties of the given objects. */
export function dict(...from) {
  const out = Object.create(null);
  for (const o of from) {
    if (o && typeof o === "object") for (const k of Object.keys(o)) out[k] = o[k];
  }
  return out;
}

export function decode(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

/* `template` with its {name} placeholders replaced by plain text from `vars`. */
export function fill(template, vars) {
  return String(template).replace(/\{([a-z_]+)\}/g, (whole, name) => {
    const value = own(vars, name);
    return value === undefined ? whole : String(value);
  });
}

/* The catalogue's text for `key` (kb_tools/strings.yml), placeholders filled. */
export function say(strings, key, vars) {
  const text = own(strings, key);
  return fill(typeof text === "string" ? text : key, vars);
}
