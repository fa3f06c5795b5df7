// ESLint (flat config), run by `make lint`: the site's own browser scripts and
// their node tests. Versions pinned in package.json / package-lock.json.
import js from "@eslint/js";

const browser = Object.fromEntries([
  "window", "self", "document", "location", "history", "navigator", "sessionStorage", "URL", "Blob",
  "BroadcastChannel", "MessageEvent", "CustomEvent", "Intl", "setTimeout", "clearTimeout", "console", "performance",
  "importScripts", "postMessage", "addEventListener", "fetch", "Response", "Request", "Headers", "lunr"
].map((name) => [name, "readonly"]));

export default [
  { ignores: ["site/**", ".site-build*/**", "node_modules/**", ".venv/**"] },
  js.configs.recommended,
  {
    files: ["overrides/assets/javascripts/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: browser },
    rules: {
      "no-restricted-syntax": ["error", {
        selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]",
        message: "Build text with DOM text (textContent), never HTML."
      }, {
        selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|write|writeln)$/]",
        message: "Build text with DOM text (textContent), never HTML."
      }],
      "no-eval": "error",
      "no-implied-eval": "error",
      "eqeqeq": ["error", "always"],
      "prefer-const": "error"
    }
  },
  {
    // classic scripts (no import/export): kb-history.js, kb-material.js, the search worker
    files: ["overrides/assets/javascripts/*.js", "overrides/assets/javascripts/workers/*.js"],
    languageOptions: { sourceType: "script" }
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { process: "readonly", console: "readonly", URL: "readonly" } }
  }
];
