// The operator console's pages (body data-page says which): each loads its data from the operator API
// and shows it, and sends the operator's actions (drain, enable, audit, issue media, log out). Every
// failure shows its catalogued code and message in the page's error box.
/* global document, location, CSS, FormData */
import { callApi, cell, clearError, dollars, element, paragraph, showError, table, when } from './api.js';
import { onceForm } from './once-form.js';

const API = '/operator/v1';
const LOGIN = '/operator/login';
const errorBox = document.getElementById('error');
const fail = (error) => showError(errorBox, error, { loginPath: LOGIN });





function badge(text, tone) {
  return element('span', `badge ${tone}`, text);
}

// ---- Servers -------------------------------------------------------------------------------------

function serversPage() {
  const tbody = document.getElementById('servers-body');
  const next = document.getElementById('next-server');

  const render = (view, focusName) => {
    const rows = view.servers.map((s) => {
      const tr = element('tr', s.next ? 'is-next' : '');
      tr.dataset.server = s.name;
      const state = s.state === 'enabled' ? badge('Enabled', 'good') : badge('Draining', 'warn');
      const health = s.healthy ? badge('Healthy', 'good') : badge('Down', 'bad');
      const action = element('button', 'secondary', s.state === 'enabled' ? 'Drain' : 'Enable');
      action.type = 'button';
      action.dataset.action = s.state === 'enabled' ? 'drain' : 'enable';
      action.setAttribute('aria-label', `${action.textContent} ${s.name}`);
      action.addEventListener('click', () => change(s, action));
      tr.append(
        cell('Name', s.name),
        cell('State', state),
        cell('Health', health),
        cell('Last check', when(s.lastHealthCheckAt, 'never')),
        cell('Next', s.next ? 'Next' : '–'),
        cell('Action', action),
      );
      return tr;
    });
    tbody.replaceChildren(...rows);
    const chosen = view.servers.find((s) => s.next);
    next.textContent = chosen ? `The next purchase goes to ${chosen.name}.` : 'No server can take purchases now: none is both enabled and healthy.';
    if (focusName) tbody.querySelector(`tr[data-server="${CSS.escape(focusName)}"] button`)?.focus();
  };

  const load = async () => {
    try {
      render(await callApi('GET', `${API}/servers`));
      clearError(errorBox);
    } catch (error) {
      fail(error);
    }
  };

  const change = async (server, button) => {
    if (button.disabled) return;
    button.disabled = true;
    try {
      const view = await callApi('POST', `${API}/servers/${encodeURIComponent(server.id)}/${button.dataset.action}`);
      clearError(errorBox);
      // Keyboard users stay on the row they acted on: focus moves to its new button.
      render(view, server.name);
      const now = view.servers.find((s) => s.id === server.id);
      const chosen = view.servers.find((s) => s.next);
      next.textContent = `${server.name} is ${now && now.state === 'draining' ? 'draining' : 'enabled'}. ${chosen ? `The next purchase goes to ${chosen.name}.` : 'No server can take purchases now.'}`;
    } catch (error) {
      button.disabled = false;
      fail(error);
    }
  };

  document.getElementById('refresh-button').addEventListener('click', load);
  return load();
}

// ---- PSDs ----------------------------------------------------------------------------------------

/** What a PSD's state means for dispensing, in words. */
export function lockState(psd) {
  if (psd.status === 'withdrawn') return ['Withdrawn', 'bad'];
  if (psd.inspectionOverdue) return ['Locked: inspection overdue', 'bad'];
  if (psd.pendingReset) return ['Reset pending', 'warn'];
  return ['Open', 'good'];
}

function psdsPage() {
  const box = document.getElementById('psds');
  const load = async () => {
    try {
      const { servers } = await callApi('GET', `${API}/psds`);
      clearError(errorBox);
      const parts = [];
      for (const s of servers) {
        const section = element('section');
        section.append(element('h2', null, `${s.name} (${s.state})`));
        if (s.error) {
          const e = element('div', 'error');
          e.append(paragraph(s.error.message), Object.assign(paragraph('Error code: '), { className: 'code' }));
          e.lastChild.append(element('code', null, s.error.code));
          section.append(e);
        } else if (s.psds.length === 0) {
          section.append(paragraph('This server holds no PSDs.'));
        } else {
          const rows = s.psds.map((p) => {
            const [lock, tone] = lockState(p);
            const r = p.registers;
            const tr = element('tr');
            tr.append(
              cell('PSD', String(p.psdId)),
              cell('Lock state', badge(lock, tone)),
              cell('Descending', dollars(r.descendingMills), 'num'),
              cell('Ascending', dollars(r.ascendingMills), 'num'),
              cell('Pieces', String(r.pieceCount), 'num'),
              cell('Control total', dollars(r.controlTotalMills), 'num'),
              cell('Last reset', p.lastReset ? `${dollars(p.lastReset.amountMills)} on ${when(p.lastReset.createdAt, 'never')} (${p.lastReset.state})` : 'never'),
              cell('Inspection due', when(p.inspectionDueAt, 'not set')),
            );
            return tr;
          });
          section.append(table(`PSDs of ${s.name}`, ['PSD', 'Lock state', 'Descending', 'Ascending', 'Pieces', 'Control total', 'Last reset', 'Inspection due'], rows));
        }
        parts.push(section);
      }
      box.replaceChildren(...(parts.length > 0 ? parts : [paragraph('No processing servers are registered.')]));
    } catch (error) {
      fail(error);
    }
  };
  document.getElementById('refresh-button').addEventListener('click', load);
  return load();
}

// ---- Audit ---------------------------------------------------------------------------------------

function auditPage() {
  const form = document.getElementById('audit-form');
  const button = document.getElementById('audit-button');
  const busy = form.querySelector('[data-busy]');
  const box = document.getElementById('audit-result');
  const heading = document.getElementById('audit-heading');
  let running = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (running) return;
    running = true;
    button.disabled = true;
    busy.hidden = false;
    try {
      const run = await callApi('POST', `${API}/audit`, { body: { signatures: document.getElementById('signatures').checked } });
      clearError(errorBox);
      const parts = [element('p', `verdict ${run.clean ? 'good' : 'bad'}`, run.clean ? '✔ Clean: every PSD of every server passed the audit.' : '✘ Not clean: see the servers below.')];
      for (const s of run.servers) {
        parts.push(element('h3', null, s.name));
        if (s.error) {
          const e = element('div', 'error');
          e.append(paragraph(s.error.message), Object.assign(paragraph('Error code: '), { className: 'code' }));
          e.lastChild.append(element('code', null, s.error.code));
          parts.push(e);
          continue;
        }
        const rows = s.audit.psds.map((p) => {
          const tr = element('tr');
          const problems = (p.problems || []).map((x) => `${x.kind}: ${x.message}`).join('; ');
          tr.append(
            cell('PSD', String(p.psdId)),
            cell('Result', p.ok ? badge('Clean', 'good') : badge('Broken', 'bad')),
            cell('Audit entries', String(p.entries), 'num'),
            cell('Indicium records', String(p.records), 'num'),
            cell('Problems', problems || 'none'),
          );
          return tr;
        });
        parts.push(rows.length > 0 ? table(`Audit of ${s.name}`, ['PSD', 'Result', 'Audit entries', 'Indicium records', 'Problems'], rows) : paragraph('This server holds no PSDs.'));
      }
      box.replaceChildren(...parts);
      heading.focus();
    } catch (error) {
      fail(error);
    } finally {
      running = false;
      button.disabled = false;
      busy.hidden = true;
    }
  });
}

// ---- Deposit -------------------------------------------------------------------------------------

function depositPage() {
  const box = document.getElementById('deposit');
  const load = async () => {
    try {
      const d = await callApi('GET', `${API}/deposit`);
      clearError(errorBox);
      const facts = element('dl', 'facts');
      facts.append(element('dt', null, 'Balance'), element('dd', 'balance', dollars(d.balanceMills)), element('dt', null, 'Entries'), element('dd', null, String(d.entries.length)));
      const rows = [...d.entries].reverse().map((e) => {
        const tr = element('tr');
        tr.append(cell('Entry', String(e.entryId)), cell('Kind', e.kind), cell('Amount', dollars(e.amountMills), 'num'), cell('Reference', e.reference), cell('Time', when(e.createdAt, 'never')));
        return tr;
      });
      box.replaceChildren(facts, rows.length > 0 ? table('Statement, newest first', ['Entry', 'Kind', 'Amount', 'Reference', 'Time'], rows) : paragraph('No entries yet.'));
    } catch (error) {
      box.replaceChildren(paragraph('The deposit could not be read.'));
      fail(error);
    }
  };
  document.getElementById('refresh-button').addEventListener('click', load);
  return load();
}

// ---- Media ---------------------------------------------------------------------------------------

function mediaPage() {
  const form = document.getElementById('media-form');
  const box = document.getElementById('issued');
  const heading = document.getElementById('issued-heading');
  onceForm(
    form,
    ({ key }) => {
      const data = new FormData(form);
      const body = { accountId: String(data.get('accountId')), layout: String(data.get('layout')), count: Number(data.get('count')) };
      return callApi('POST', `${API}/media`, { body, headers: { 'idempotency-key': key } }).then((answer) => ({ answer, body }));
    },
    ({ answer, body }) => {
      clearError(errorBox);
      const list = element('ul', 'serials');
      for (const m of answer.media) list.append(element('li', null, m.slots ? `${m.serial} (${m.slots} slots)` : m.serial));
      box.replaceChildren(paragraph(`${answer.media.length} ${body.layout} issued to account ${body.accountId}:`), list);
      heading.focus();
    },
    fail,
  );
}

// ---- Every page ----------------------------------------------------------------------------------

const logout = document.getElementById('logout-form');
logout?.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await callApi('POST', `${API}/logout`);
  } catch {
    // Logged out already (the session expired): the login page is where to go either way.
  }
  location.assign(LOGIN);
});

const pages = { servers: serversPage, psds: psdsPage, audit: auditPage, deposit: depositPage, media: mediaPage };
pages[document.body.dataset.page]?.();
