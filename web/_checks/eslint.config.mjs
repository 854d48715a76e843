// SPDX-License-Identifier: MIT
// Lint of the studio's JS, from web/: _checks/node_modules/.bin/eslint -c _checks/eslint.config.mjs
// (after npm install in web/_checks; scripts/test.sh does both). The checks live in a
// folder whose name starts with _ so that Go's ./... never walks their node_modules.
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
