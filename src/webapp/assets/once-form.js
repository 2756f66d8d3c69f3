// Forms that cannot submit twice. While a submission is in flight its button is disabled and the form is
// marked busy, so a double click or a second Enter sends nothing. Each form carries an idempotency key,
// made by the server when it rendered the form; the key is kept in sessionStorage until the server has
// answered, so a resubmission after a lost answer, or after a reload of the page, sends the same key and
// the server returns the first answer instead of acting twice. A definite answer (success, or a 4xx
// refusal that did nothing) retires the key and the form gets a new one for the next, different request.
/* global sessionStorage, location, crypto */
import { ApiError } from './api.js';

/** A new random key (crypto.randomUUID needs a secure context; getRandomValues works everywhere). */
export function newIdempotencyKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function storage() {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Makes `form` submit once at a time through `submit({ key, form })`, which returns a promise (usually of
 * callApi with the key in an Idempotency-Key header). `onDone(result)` and `onError(error)` show the
 * outcome. The form needs data-once="NAME" and a hidden input name="idempotencyKey".
 */
export function onceForm(form, submit, onDone, onError) {
  const input = form.querySelector('input[name="idempotencyKey"]');
  const button = form.querySelector('button[type="submit"]');
  const busy = form.querySelector('[data-busy]');
  const slot = `indicia:idempotency:${location.pathname}:${form.dataset.once}`;
  const store = storage();
  // A key left by a submission whose answer this page never saw (reload, crash): use it again.
  const pending = store && store.getItem(slot);
  if (pending) input.value = pending;
  let inFlight = false;

  const retire = () => {
    input.value = newIdempotencyKey();
    if (store) store.removeItem(slot);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) return;
    inFlight = true;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    if (busy) busy.hidden = false;
    if (store) store.setItem(slot, input.value);
    try {
      const result = await submit({ key: input.value, form });
      retire();
      onDone(result);
    } catch (error) {
      // Unknown outcome (no answer, 5xx): keep the key so that trying again cannot act twice.
      if (!(error instanceof ApiError) || !error.outcomeUnknown) retire();
      onError(error);
    } finally {
      inFlight = false;
      button.disabled = false;
      form.removeAttribute('aria-busy');
      if (busy) busy.hidden = true;
    }
  });
}
