// The operator login page: sends the token to POST /operator/v1/session with the login CSRF token the
// page carries, then goes to the console. The session cookie is set by the answer (HttpOnly).
/* global document, location */
import { callApi, clearError, showError } from './api.js';

const form = document.getElementById('login-form');
const errorBox = document.getElementById('error');
const button = document.getElementById('login-button');
const tokenInput = document.getElementById('token');
let sending = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (sending) return;
  sending = true;
  button.disabled = true;
  clearError(errorBox);
  try {
    await callApi('POST', form.getAttribute('action'), { body: { token: tokenInput.value }, csrfToken: form.dataset.csrf });
    location.assign('/operator');
  } catch (error) {
    showError(errorBox, error);
    tokenInput.select();
  } finally {
    sending = false;
    button.disabled = false;
  }
});
