// SPDX-License-Identifier: MIT
// The sign-in page: posts the email and password, then opens the studio.
import { onSubmit, send } from './form.js';

const form = document.getElementById('signin-form');
if (form) {
  onSubmit(form, async ({ email, password }) => {
    await send('POST', '/api/session', { email, password });
    location.assign('/' + location.search);
  });
}
