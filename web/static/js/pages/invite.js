// SPDX-License-Identifier: MIT
// The invite page: join as the signed-in user, create an account, or
// sign in first and then join.
import { onSubmit, send, showError } from './form.js';

const invite = document.body.dataset.invite;
const csrf = document.body.dataset.csrf;

const join = document.getElementById('join');
if (join) {
  join.addEventListener('click', async () => {
    const card = join.closest('section');
    join.disabled = true;
    showError(card, '');
    try {
      await send('POST', '/api/invite', { invite }, csrf);
      location.assign('/');
    } catch (err) {
      showError(card, err.message);
      join.disabled = false;
    }
  });
}

const account = document.getElementById('account-form');
if (account) {
  onSubmit(account, async ({ name, email, password }) => {
    await send('POST', '/api/invite', { invite, name, email, password });
    location.assign('/');
  });
}

const signin = document.getElementById('signin-form');
if (signin) {
  onSubmit(signin, async ({ email, password }) => {
    const session = await send('POST', '/api/session', { email, password });
    await send('POST', '/api/invite', { invite }, session.csrf);
    location.assign('/');
  });
}
