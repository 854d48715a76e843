// SPDX-License-Identifier: MIT
// Lint of the studio's JS: cd web && npx eslint (with eslint 9 and globals installed).
import globals from "globals";

export default [{
  files: ["static/js/**/*.js"],
  languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  rules: {
    "no-undef": "error",
    "no-unused-vars": "error",
    "no-redeclare": "error",
    "no-unreachable": "error",
    "no-dupe-keys": "error",
    "eqeqeq": "error",
  },
}];
