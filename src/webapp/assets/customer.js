// The customer pages (body data-page says which): each loads its data from the public API with the
// session cookie and sends the customer's actions with the session's CSRF token. Every failure shows
// its catalogued code and message in the page's error box. Nodes are built with textContent only.
/* global document, location, window, URLSearchParams, FormData */
import { ApiError, callApi, cell, clearError, dollars, element, paragraph, showError, table, when } from './api.js';
import { onceForm } from './once-form.js';

const LOGIN = '/login';
const errorBox = document.getElementById('error');
const fail = (error) => showError(errorBox, error, { loginPath: LOGIN });

// ---- Formatting ------------------------------------------------------------------------------------


/** Dollars typed by a person ("25", "25.5", "$1,000.00") as mills, or the text unchanged for the server to refuse. */
export function millsOfDollars(text) {
  const t = String(text).trim().replace(/^\$/, '').replace(/,/g, '');
  const m = /^(\d{1,12})(?:\.(\d{1,3}))?$/.exec(t);
  if (!m) return String(text).trim();
  return (BigInt(m[1]) * 1000n + BigInt((m[2] || '').padEnd(3, '0'))).toString();
}

/** Mills as a dollar amount for an input: 25000 → "25.00". */
function dollarsInput(millsText) {
  return dollars(millsText).replace(/^\$/, '').replace(/,/g, '');
}



function link(href, text, label) {
  const a = element('a', null, text);
  a.href = href;
  if (label) a.setAttribute('aria-label', label);
  return a;
}

function button(text, label, className = 'secondary') {
  const b = element('button', className, text);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  return b;
}

function badge(text, tone) {
  return element('span', `badge ${tone}`, text);
}

function placeholder(text) {
  return element('p', 'placeholder', text);
}

function formValues(form) {
  const values = {};
  for (const [k, v] of new FormData(form)) values[k] = typeof v === 'string' ? v.trim() : v;
  return values;
}

/** Sends `form` through `action` once at a time (button disabled meanwhile); for forms without an idempotency key. */
function busyForm(form, action) {
  const submit = form.querySelector('button[type="submit"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await action(formValues(form));
    } catch (error) {
      fail(error);
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}

function notice(text) {
  const box = document.getElementById('notice');
  if (box) box.replaceChildren(paragraph(text));
}

/** The low-balance warning of a balance answer, in the page's box when there is one. */
function showLowBalance(balance) {
  const box = document.getElementById('low-balance');
  if (!box) return;
  box.hidden = !balance.lowBalance;
  box.replaceChildren(
    ...(balance.lowBalance
      ? [paragraph(`Low balance: ${dollars(balance.balanceMills)} is under your warning level of ${dollars(balance.lowBalanceWarningMills)}. Top up or turn on automatic refill on the account page.`)]
      : []),
  );
}

// ---- Logout (every signed-in page) --------------------------------------------------------------

const logoutForm = document.getElementById('logout-form');
if (logoutForm) {
  logoutForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await callApi('DELETE', '/v1/session');
    } catch (error) {
      // An ended session is logged out already; anything else is shown.
      if (!(error instanceof ApiError) || error.status !== 401) return fail(error);
    }
    location.assign(LOGIN);
  });
}

// ---- Login, sign-up, email verification ----------------------------------------------------------

function loginPage() {
  const form = document.getElementById('login-form');
  busyForm(form, async (v) => {
    await callApi('POST', '/v1/session', { body: { email: v.email, password: v.password } });
    location.assign(form.dataset.next || '/buy');
  });
}

function signupPage() {
  busyForm(document.getElementById('signup-form'), async (v) => {
    await callApi('POST', '/v1/signup', { body: { email: v.email, password: v.password, accountName: v.accountName } });
    location.assign('/account?welcome=1');
  });
}

async function verifyEmailPage() {
  const result = document.getElementById('verify-result');
  const token = new URLSearchParams(location.search).get('token');
  if (!token) {
    result.replaceChildren(paragraph('This link has no token. Open the link of the verification email as it is.'));
    return;
  }
  try {
    const { user } = await callApi('POST', '/v1/email/verify', { body: { token } });
    document.querySelector('main .lede').textContent = 'Done.';
    result.replaceChildren(paragraph(`Your email address ${user.email} is verified.`));
  } catch (error) {
    document.querySelector('main .lede').textContent = 'The address could not be verified.';
    fail(error);
  }
}

// ---- Account -------------------------------------------------------------------------------------

function accountPage() {
  const profile = document.getElementById('profile');
  const addressForm = document.getElementById('address-form');
  const billingForm = document.getElementById('billing-form');
  let settings = null;

  if (new URLSearchParams(location.search).get('welcome')) {
    notice('Your account is open. We sent a verification link to your email; then set your address and add a card.');
  }

  const loadMe = async () => {
    const me = await callApi('GET', '/v1/me');
    const rows = [
      ['Account', me.account.name],
      ['Email', `${me.user.email} (${me.user.emailVerified ? 'verified' : 'not verified yet'})`],
      ['Role', me.user.role === 'owner' ? 'Owner' : 'Member'],
      ['Address', me.account.address ? `${me.account.address.name}, ${me.account.address.street}, ${me.account.address.city}, ${me.account.address.state} ${me.account.address.zip}` : 'Not set'],
      ['Ready to buy', me.readyToBuy.ready ? 'Yes' : `No: ${me.readyToBuy.missing.map(describeMissing).join('; ')}`],
    ];
    profile.replaceChildren(...rows.flatMap(([k, v]) => [element('dt', null, k), element('dd', null, v)]));
    document.getElementById('resend-wrap').hidden = me.user.emailVerified;
    if (me.account.address) {
      for (const k of ['name', 'street', 'city', 'state', 'zip']) addressForm.elements[k].value = me.account.address[k];
    }
  };

  const loadBalance = async () => {
    const b = await callApi('GET', '/v1/balance');
    const held = BigInt(b.heldMills) > 0n ? ` (${dollars(b.heldMills)} held for purchases in progress)` : '';
    document.getElementById('balance').textContent = `Prepaid balance: ${dollars(b.balanceMills)}${held}.`;
    showLowBalance(b);
  };

  const loadCards = async () => {
    const cards = await callApi('GET', '/v1/cards');
    const region = document.getElementById('cards');
    if (cards.length === 0) return region.replaceChildren(placeholder('No card yet. Add one below to top up or pay per purchase.'));
    const rows = cards.map((c) => {
      const tr = element('tr');
      const actions = element('div', 'row-actions');
      const name = `${c.brand} ending ${c.last4}`;
      if (!c.isDefault) {
        const d = button('Make default', `Make ${name} the default card`);
        d.addEventListener('click', () => act(d, () => callApi('POST', `/v1/cards/${encodeURIComponent(c.id)}/default`), `${name} is now the default card.`));
        actions.append(d);
      }
      const r = button('Remove', `Remove ${name}`);
      r.addEventListener('click', () => act(r, () => callApi('DELETE', `/v1/cards/${encodeURIComponent(c.id)}`), `${name} is removed.`));
      actions.append(r);
      tr.append(
        cell('Card', name),
        cell('Expires', `${String(c.expMonth).padStart(2, '0')}/${c.expYear}${c.expired ? ' (expired)' : ''}`),
        cell('Default', c.isDefault ? badge('Default', 'good') : '–'),
        cell('Actions', actions),
      );
      return tr;
    });
    region.replaceChildren(table('Cards on file', ['Card', 'Expires', 'Default', 'Actions'], rows, 'cards-table'));
  };

  const act = async (b, call, done) => {
    b.disabled = true;
    try {
      await call();
      clearError(errorBox);
      notice(done);
      await loadCards();
    } catch (error) {
      b.disabled = false;
      fail(error);
    }
  };

  const loadSettings = async () => {
    settings = await callApi('GET', '/v1/billing');
    const f = billingForm.elements;
    f.enabled.checked = settings.autoRefill.enabled;
    f.threshold.value = dollarsInput(settings.autoRefill.thresholdMills);
    f.amount.value = dollarsInput(settings.autoRefill.amountMills);
    f.cap.value = dollarsInput(settings.autoRefill.monthlyCapMills);
    f.warning.value = dollarsInput(settings.lowBalanceWarningMills);
  };

  busyForm(addressForm, async (v) => {
    await callApi('PUT', '/v1/account/address', { body: { name: v.name, street: v.street, city: v.city, state: v.state.toUpperCase(), zip: v.zip } });
    clearError(errorBox);
    notice('The address is saved.');
    await loadMe();
  });

  const cardForm = document.getElementById('card-form');
  busyForm(cardForm, async (v) => {
    const body = { number: v.number, expMonth: v.expMonth, expYear: v.expYear, cvc: v.cvc };
    if (v.holderName) body.holderName = v.holderName;
    // The number and code leave the page once, in this request; the fields are emptied whatever the answer.
    cardForm.elements.number.value = '';
    cardForm.elements.cvc.value = '';
    const card = await callApi('POST', '/v1/cards', { body });
    clearError(errorBox);
    cardForm.reset();
    notice(`The ${card.brand} card ending ${card.last4} is added${card.isDefault ? ' and is the default card' : ''}.`);
    await loadCards();
  });

  onceForm(
    document.getElementById('topup-form'),
    ({ key, form }) => callApi('POST', '/v1/topups', { body: { amountDollars: form.elements.amountDollars.value.trim().replace(/^\$/, '') }, headers: { 'idempotency-key': key } }),
    async (topup) => {
      clearError(errorBox);
      notice(`Topped up ${dollars(topup.amountMills)} from the ${topup.card.brand} card ending ${topup.card.last4}.`);
      await loadBalance().catch(fail);
    },
    fail,
  );

  busyForm(billingForm, async (v) => {
    const body = {
      mode: settings ? settings.mode : 'prepaid',
      autoRefill: { enabled: billingForm.elements.enabled.checked, thresholdMills: millsOfDollars(v.threshold), amountMills: millsOfDollars(v.amount), monthlyCapMills: millsOfDollars(v.cap) },
      lowBalanceWarningMills: millsOfDollars(v.warning),
    };
    settings = await callApi('PUT', '/v1/billing', { body });
    clearError(errorBox);
    notice(settings.autoRefill.enabled ? `Automatic refill is on: ${dollars(settings.autoRefill.amountMills)} when the balance falls under ${dollars(settings.autoRefill.thresholdMills)}.` : 'The settings are saved; automatic refill is off.');
    await loadBalance().catch(fail);
  });

  document.getElementById('resend-button').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      const sent = await callApi('POST', '/v1/email/verification');
      notice(`We sent a new verification link to ${sent.sentTo}.`);
    } catch (error) {
      fail(error);
    } finally {
      event.target.disabled = false;
    }
  });

  // Each part loads on its own: a member, who may not see cards, still sees the rest.
  for (const load of [loadMe, loadBalance, loadCards, loadSettings]) load().catch(fail);
}

/** What a readiness code means for the customer. */
function describeMissing(code) {
  switch (code) {
    case 'ACCOUNT_EMAIL_UNVERIFIED':
      return 'verify your email address (open the link we sent)';
    case 'ACCOUNT_ADDRESS_MISSING':
      return 'set the postal address of the account';
    case 'ACCOUNT_SUSPENDED':
      return 'the account is suspended; contact the vendor';
    default:
      return code;
  }
}

// ---- Buy -----------------------------------------------------------------------------------------

function buyPage() {
  const form = document.getElementById('buy-form');
  const layouts = JSON.parse(form.dataset.layouts || '{}');
  const price = document.getElementById('price');
  const mediumSelect = document.getElementById('medium');
  const sheet = document.getElementById('sheet');
  const grid = document.getElementById('sheet-grid');
  const slotChoice = document.getElementById('slot-choice');
  const countryField = document.getElementById('country-field');
  const mediaLayouts = new Map();
  let chosenSlot = null;
  let quoteTimer = null;
  let quoteSeq = 0;

  const piece = () => {
    const v = formValues(form);
    const stamp = { rateCategory: Number(v.rateCategory), weightOz: Number(v.weightOz), originZip: v.originZip };
    if (v.destinationZip) stamp.destinationZip = v.destinationZip;
    if (v.rateCategory === '8' && v.destinationCountry) stamp.destinationCountry = v.destinationCountry.toUpperCase();
    return stamp;
  };

  const showPrice = (nodes, state) => {
    price.dataset.state = state;
    price.replaceChildren(...nodes);
  };

  const quote = async () => {
    const p = piece();
    countryField.hidden = p.rateCategory !== 8;
    if (!p.originZip) return showPrice([paragraph('Fill in the From ZIP code to see the price.')], 'empty');
    const q = new URLSearchParams({ rateCategory: String(p.rateCategory), weightOz: String(p.weightOz), originZip: p.originZip });
    if (p.destinationZip) q.set('destinationZip', p.destinationZip);
    if (p.destinationCountry) q.set('destinationCountry', p.destinationCountry);
    const seq = ++quoteSeq;
    try {
      const r = await callApi('GET', `/v1/rates/quote?${q}`);
      if (seq !== quoteSeq) return;
      const zone = r.zone === null || r.zone === undefined ? '' : ` (zone ${r.zone})`;
      const strong = element('strong', 'amount', dollars(r.postageMills));
      const line = paragraph('Price: ');
      line.append(strong, `${zone}`);
      showPrice([line], 'priced');
    } catch (error) {
      if (seq !== quoteSeq) return;
      const nodes = [paragraph(error instanceof ApiError ? error.message : 'The price could not be found.')];
      if (error instanceof ApiError && error.code) {
        const c = paragraph('Error code: ');
        c.className = 'code';
        c.append(element('code', null, error.code));
        nodes.push(c);
      }
      showPrice(nodes, 'error');
    }
  };

  const requote = () => {
    clearTimeout(quoteTimer);
    quoteTimer = setTimeout(quote, 250);
  };
  form.addEventListener('input', (event) => {
    if (event.target !== mediumSelect) requote();
  });
  form.addEventListener('change', (event) => {
    if (event.target === mediumSelect) return;
    clearTimeout(quoteTimer);
    quote();
  });

  const chooseSlot = (n) => {
    chosenSlot = n;
    for (const b of grid.querySelectorAll('button')) b.setAttribute('aria-pressed', String(Number(b.dataset.slot) === n));
    slotChoice.textContent = n === null ? 'No slot chosen yet: choose a free one.' : n === 0 ? 'The stamp goes on this label.' : `The stamp goes on slot ${n}.`;
  };

  const drawSheet = async (serial) => {
    chooseSlot(null);
    if (!serial) {
      sheet.hidden = true;
      grid.replaceChildren();
      return;
    }
    const m = await callApi('GET', `/v1/media/${encodeURIComponent(serial)}`);
    const picture = layouts[m.layout];
    mediaLayouts.set(serial, m.layout);
    document.getElementById('sheet-caption').textContent = `${m.serial}: ${picture ? picture.description : m.layout}. ${m.freeSlots} of ${m.slotCount} free; used and reserved slots cannot be chosen.`;
    // The picture keeps the medium's proportions; each slot button sits where the slot is on the stock.
    // Styles are set through the CSSOM, which the page's CSP allows (it forbids style attributes in markup).
    if (picture) grid.style.aspectRatio = `${picture.widthIn} / ${picture.heightIn}`;
    const geometry = new Map((picture ? picture.slots : []).map((s) => [s.slot, s]));
    const buttons = m.slots.map((s) => {
      const free = s.state === 'free' && !m.voided;
      const b = element('button', `slot slot-${s.state}`, s.slot === 0 ? 'Label' : String(s.slot));
      b.type = 'button';
      b.dataset.slot = String(s.slot);
      b.setAttribute('aria-pressed', 'false');
      b.setAttribute('aria-label', `Slot ${s.slot}${s.slot === 0 ? ' (the label)' : ''}: ${free ? 'free' : s.state}`);
      if (!free) b.disabled = true;
      const g = geometry.get(s.slot);
      if (g) {
        b.style.left = `${g.left * 100}%`;
        b.style.top = `${g.top * 100}%`;
        b.style.width = `${g.width * 100}%`;
        b.style.height = `${g.height * 100}%`;
      }
      b.addEventListener('click', () => chooseSlot(s.slot));
      return b;
    });
    grid.replaceChildren(...buttons);
    sheet.hidden = false;
    // A single label has one place: it is chosen when free.
    if (m.slots.length === 1 && m.slots[0].state === 'free' && !m.voided) chooseSlot(m.slots[0].slot);
  };

  mediumSelect.addEventListener('change', () => drawSheet(mediumSelect.value).catch(fail));

  const loadMedia = async () => {
    const page = await callApi('GET', '/v1/media?hasFreeSlots=true');
    for (const m of page.media) {
      const o = element('option', null, `${m.serial} · ${m.layout} · ${m.freeSlots} of ${m.slotCount} free`);
      o.value = m.serial;
      mediumSelect.append(o);
    }
  };

  const loadMe = async () => {
    const me = await callApi('GET', '/v1/me');
    const box = document.getElementById('readiness');
    if (!me.readyToBuy.ready) {
      const p = paragraph('Before you can buy: ');
      p.append(me.readyToBuy.missing.map(describeMissing).join('; '), '. ');
      p.append(link('/account', 'Go to your account'));
      const div = element('div', 'warn-box');
      div.append(p);
      box.replaceChildren(div);
    } else box.replaceChildren();
    const zip = form.elements.originZip;
    if (!zip.value && me.account.address) zip.value = me.account.address.zip;
    await quote();
  };

  onceForm(
    form,
    ({ key }) => {
      const stamp = piece();
      const serial = mediumSelect.value;
      if (serial) stamp.medium = chosenSlot === null ? { serial } : { serial, slot: chosenSlot };
      return callApi('POST', '/v1/stamps', { body: { stamps: [stamp] }, headers: { 'idempotency-key': key } });
    },
    async (result) => {
      clearError(errorBox);
      const serial = mediumSelect.value;
      const layout = serial ? mediaLayouts.get(serial) : null;
      const region = document.getElementById('bought');
      const total = result.stamps.reduce((sum, s) => sum + BigInt(s.fields.postage), 0n);
      const p = paragraph(`Bought ${result.stamps.length} stamp${result.stamps.length === 1 ? '' : 's'} for ${dollars(total.toString())} (order ${result.purchaseId}). `);
      const q = new URLSearchParams({ purchaseId: result.purchaseId });
      if (layout) q.set('layout', layout);
      p.append(link(`/print?${q}`, 'Print it now', `Print the stamps of order ${result.purchaseId}`));
      const list = element('ul', 'human-readable');
      for (const s of result.stamps) list.append(element('li', null, `${s.id}: ${s.humanReadable.join(' · ')}`));
      region.replaceChildren(p, list);
      document.getElementById('bought-heading').focus();
      if (serial) await drawSheet(serial).catch(fail);
      await callApi('GET', '/v1/balance').then(showLowBalance, () => undefined);
    },
    fail,
  );

  loadMe().catch(fail);
  loadMedia().catch(fail);
  callApi('GET', '/v1/balance').then(showLowBalance, () => undefined);
}

// ---- Print ---------------------------------------------------------------------------------------

function printPage() {
  const b = document.getElementById('print-button');
  if (b) b.addEventListener('click', () => window.print());
}

// ---- History -------------------------------------------------------------------------------------

const REFUND_LABELS = { requested: ['Requested', 'warn'], approved: ['Refunded', 'good'], rejected: ['Rejected', 'bad'] };

function historyPage() {
  const filter = document.getElementById('orders-filter');
  const ordersRegion = document.getElementById('orders');
  const more = document.getElementById('more-orders');
  let cursor = null;
  let rows = [];

  const filters = () => {
    const v = formValues(filter);
    const q = new URLSearchParams();
    for (const k of ['from', 'to', 'state']) if (v[k]) q.set(k, v[k]);
    return q;
  };

  const orderRow = (o) => {
    const tr = element('tr');
    const actions = element('div', 'row-actions');
    const view = button('Stamps', `Stamps of order ${o.id}`);
    view.addEventListener('click', () => showOrder(o.id).catch(fail));
    actions.append(view);
    if (o.links && o.links.receipt) actions.append(link(o.links.receipt, 'Receipt', `Receipt of order ${o.id}`));
    if (o.state === 'completed') actions.append(link(`/print?purchaseId=${encodeURIComponent(o.id)}`, 'Print', `Print order ${o.id}`));
    const tone = o.state === 'completed' ? 'good' : o.state === 'failed' ? 'bad' : 'warn';
    const state = badge(o.state[0].toUpperCase() + o.state.slice(1), tone);
    const stateCell = element('span');
    stateCell.append(state);
    if (o.failure) stateCell.append(` ${o.failure.message}${o.failure.code ? ` (${o.failure.code})` : ''}`);
    tr.append(cell('Ordered', when(o.createdAt)), cell('Order', o.id), cell('State', stateCell), cell('Stamps', String(o.stampCount)), cell('Total', o.totalMills === null ? '–' : dollars(o.totalMills), 'num'), cell('Actions', actions));
    return tr;
  };

  const render = () => {
    if (rows.length === 0) ordersRegion.replaceChildren(placeholder('No orders match.'));
    else ordersRegion.replaceChildren(table('Orders, newest first', ['Ordered', 'Order', 'State', 'Stamps', 'Total', 'Actions'], rows.map(orderRow), 'orders-table'));
    more.hidden = cursor === null;
  };

  const loadOrders = async (next) => {
    const q = filters();
    q.set('limit', '20');
    if (next) q.set('cursor', next);
    const page = await callApi('GET', `/v1/orders?${q}`);
    rows = next ? rows.concat(page.orders) : page.orders;
    cursor = page.nextCursor;
    render();
  };

  const updateExports = () => {
    const q = filters();
    document.getElementById('orders-csv').href = `/v1/orders.csv${q.toString() ? `?${q}` : ''}`;
    q.delete('state');
    document.getElementById('stamps-csv').href = `/v1/stamps.csv${q.toString() ? `?${q}` : ''}`;
  };

  const showOrder = async (id) => {
    const o = await callApi('GET', `/v1/orders/${encodeURIComponent(id)}`);
    const region = document.getElementById('order');
    const stampRows = o.stamps.map((s) => {
      const tr = element('tr');
      tr.dataset.stamp = s.id;
      const refund = s.refund ? badge(...REFUND_LABELS[s.refund.status]) : element('span', null, 'None');
      const actions = element('div', 'row-actions');
      const detail = element('div', 'refund-detail');
      detail.setAttribute('aria-live', 'polite');
      if (!s.refund) {
        const check = button('Refund…', `Check whether stamp ${s.id} can be refunded`);
        check.addEventListener('click', () => eligibility(s, detail, check).catch(fail));
        actions.append(check);
      }
      actions.append(link(`/print?stampId=${encodeURIComponent(s.id)}`, 'Print', `Print stamp ${s.id}`));
      tr.append(
        cell('Stamp', s.id),
        cell('Category', s.rateCategoryName),
        cell('Postage', dollars(s.postageMills), 'num'),
        cell('Mailing date', s.dateOfMailing),
        cell('Medium', s.medium ? `${s.medium.serial}${s.medium.slot ? ` slot ${s.medium.slot}` : ''}` : 'Plain paper'),
        cell('Refund', refund),
        cell('Actions', actions),
      );
      const wrapTd = element('td');
      wrapTd.colSpan = 7;
      wrapTd.dataset.label = 'Refund check';
      wrapTd.append(detail);
      const detailRow = element('tr', 'detail-row');
      detailRow.append(wrapTd);
      return [tr, detailRow];
    });
    region.replaceChildren(
      paragraph(`Order ${o.id}, ${o.state}, ${when(o.createdAt)}.`),
      table(`Stamps of order ${o.id}`, ['Stamp', 'Category', 'Postage', 'Mailing date', 'Medium', 'Refund', 'Actions'], stampRows.flat(), 'stamps-table'),
    );
    document.getElementById('order-heading').focus();
  };

  const eligibility = async (stamp, detail, check) => {
    const e = await callApi('GET', `/v1/stamps/${encodeURIComponent(stamp.id)}/refund-eligibility`);
    if (!e.eligible) {
      const list = element('ul');
      for (const r of e.reasons) list.append(element('li', null, `${r.message} (${r.code})`));
      detail.replaceChildren(paragraph(`Stamp ${stamp.id} cannot be refunded:`), list);
      return;
    }
    const p = paragraph(`A refund of ${dollars(e.amountMills)} can be requested; it is decided after ${when(e.expectedDecisionDate)}, once the postal authority has had time to see the stamp used or not. `);
    const request = button('Request the refund', `Request the refund of stamp ${stamp.id}`, '');
    request.addEventListener('click', async () => {
      if (request.disabled) return;
      request.disabled = true;
      try {
        const created = await callApi('POST', '/v1/refunds', { body: { stampIds: [stamp.id] } });
        clearError(errorBox);
        const r = created.refunds[0];
        detail.replaceChildren(paragraph(`Refund requested: ${dollars(r.amountMills)}, expected to be decided after ${when(r.expectedDecisionDate)}.`));
        check.remove();
        await loadRefunds();
      } catch (error) {
        request.disabled = false;
        fail(error);
      }
    });
    p.append(request);
    detail.replaceChildren(p);
  };

  const loadRefunds = async () => {
    const page = await callApi('GET', '/v1/refunds?limit=50');
    const region = document.getElementById('refunds');
    if (page.refunds.length === 0) return region.replaceChildren(placeholder('No refund requests.'));
    const list = page.refunds.map((r) => {
      const tr = element('tr');
      const status = element('span');
      status.append(badge(...REFUND_LABELS[r.status]));
      if (r.reason) status.append(` ${r.reason}${r.reasonCode ? ` (${r.reasonCode})` : ''}`);
      tr.append(
        cell('Stamp', r.stampId),
        cell('Status', status),
        cell('Amount', dollars(r.amountMills), 'num'),
        cell('Requested', when(r.requestedAt)),
        cell('Decided', r.decidedAt ? when(r.decidedAt) : `expected after ${when(r.expectedDecisionDate)}`),
        cell('Credited', when(r.creditedAt)),
      );
      return tr;
    });
    region.replaceChildren(table('Refund requests, newest first', ['Stamp', 'Status', 'Amount', 'Requested', 'Decided', 'Credited'], list, 'refunds-table'));
  };

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    updateExports();
    loadOrders(null).then(() => clearError(errorBox), fail);
  });
  more.addEventListener('click', () => loadOrders(cursor).catch(fail));
  loadOrders(null).catch(fail);
  loadRefunds().catch(fail);
}

// ---- API keys ------------------------------------------------------------------------------------

function keysPage() {
  const region = document.getElementById('keys');
  const secretBox = document.getElementById('secret');

  const load = async () => {
    const { keys } = await callApi('GET', '/v1/api-keys');
    if (keys.length === 0) return region.replaceChildren(placeholder('No API keys yet.'));
    const rows = keys.map((k) => {
      const tr = element('tr');
      tr.dataset.key = k.id;
      let action = '–';
      if (!k.revokedAt) {
        action = button('Revoke', `Revoke the key ${k.name}`);
        action.addEventListener('click', async () => {
          action.disabled = true;
          try {
            await callApi('DELETE', `/v1/api-keys/${encodeURIComponent(k.id)}`);
            clearError(errorBox);
            await load();
          } catch (error) {
            action.disabled = false;
            fail(error);
          }
        });
      }
      tr.append(cell('Name', k.name), cell('Key', `${k.prefix}…`), cell('Made', when(k.createdAt)), cell('State', k.revokedAt ? badge(`Revoked ${when(k.revokedAt)}`, 'bad') : badge('Active', 'good')), cell('Action', action));
      return tr;
    });
    region.replaceChildren(table('API keys of the account', ['Name', 'Key', 'Made', 'State', 'Action'], rows, 'keys-table'));
  };

  onceForm(
    document.getElementById('key-form'),
    ({ form }) => callApi('POST', '/v1/api-keys', { body: { name: form.elements.name.value.trim() } }),
    async (created) => {
      clearError(errorBox);
      const code = element('code', 'secret', created.secret);
      code.id = 'secret-value';
      secretBox.replaceChildren(paragraph(`The key ${created.key.name} is made. Copy its secret now: it is not shown again.`), code);
      secretBox.hidden = false;
      document.getElementById('key-form').reset();
      await load().catch(fail);
    },
    fail,
  );
  load().catch(fail);
}

const PAGES = { login: loginPage, signup: signupPage, verifyEmail: verifyEmailPage, account: accountPage, buy: buyPage, print: printPage, history: historyPage, keys: keysPage };
const run = PAGES[document.body.dataset.page];
if (run) run();
