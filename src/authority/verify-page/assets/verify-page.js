// The verification page's script (loaded as a module by GET /verify): sends the file or the text to
// POST /v1/verify and shows the answer. No framework and no build step. Every node is built with
// textContent, never from HTML strings: the server's reasons quote bytes of the upload, and they must
// not be able to inject markup.
/* global document, fetch, createImageBitmap */

const form = document.getElementById('verify-form');
const fileInput = document.getElementById('file');
const textInput = document.getElementById('indicium');
const button = document.getElementById('verify-button');
const busy = document.getElementById('busy');
const errorBox = document.getElementById('error');
const resultBox = document.getElementById('result');
const resultHeading = document.getElementById('result-heading');
/** Largest upload the server accepts, in bytes (from the page). */
const maxBytes = Number(form.dataset.maxBytes);
/** A photo that is not a PNG is redrawn as a grey PNG at most this many pixels on its long side. */
const MAX_PHOTO_SIDE = 3000;

const MARKS = { passed: '✔', failed: '✘', 'not checked': '–' };
const OUTCOMES = { passed: 'Passed', failed: 'Failed', 'not checked': 'Not checked' };

/** Headings for the errors a person can meet, by catalogue code; the server's message follows. */
const ERROR_TITLES = {
  BARCODE_NOT_FOUND: 'No stamp was found',
  BARCODE_UNREADABLE: 'The stamp could not be read',
  INPUT_UNREADABLE: 'The file could not be read',
  SCAN_INPUT_TOO_LARGE: 'The file is too large',
  VERIFY_UPLOAD_TOO_LARGE: 'The file is too large',
  VERIFY_UPLOAD_UNSUPPORTED: 'This kind of file cannot be checked',
  VERIFY_RATE_LIMITED: 'Too many checks',
  INDICIUM_HEX_INVALID: 'The text is not a whole indicium',
  INVALID_ARGUMENT: 'The text is not an indicium',
};

/** An error the page explains itself, before or instead of asking the server. */
class PageError extends Error {
  constructor(title, message) {
    super(message);
    this.title = title;
  }
}

let running = false;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (running) return;
  running = true;
  setBusy(true);
  try {
    const request = await buildRequest();
    const response = await fetch(form.action, { method: 'POST', headers: { 'content-type': request.type }, body: request.body });
    const body = await response.json().catch(() => null);
    if (response.ok && body && Array.isArray(body.results)) showResults(body);
    else showError(errorFromResponse(response.status, body));
  } catch (err) {
    showError(
      err instanceof PageError
        ? { title: err.title, message: err.message }
        : { title: 'The check could not be sent', message: 'The postal authority could not be reached. Check the connection and press Verify again.' },
    );
  } finally {
    running = false;
    setBusy(false);
  }
});

/** The body to send: the text as JSON, a PNG or PDF as it is, another photo redrawn as PNG. */
async function buildRequest() {
  const file = fileInput.files && fileInput.files[0];
  const text = textInput.value.trim();
  if (file && text) {
    throw new PageError('Two things to check', 'Choose a file or paste the indicium text, not both. Clear one of them and press Verify again.');
  }
  if (!file && !text) {
    throw new PageError('Nothing to check', 'Choose a photo, PNG or PDF of the mail piece, or paste the indicium as hexadecimal text.');
  }
  if (text) return { type: 'application/json', body: JSON.stringify({ indicium: text }) };
  const kind = fileKind(file);
  if (kind === 'png' || kind === 'pdf') {
    checkSize(file.size, file.name);
    return { type: kind === 'png' ? 'image/png' : 'application/pdf', body: file };
  }
  if (kind === 'image') {
    const png = await photoToPng(file);
    checkSize(png.size, `${file.name} as PNG`);
    return { type: 'image/png', body: png };
  }
  throw new PageError('This kind of file cannot be checked', `${file.name} is not a photo, a PNG or a PDF. Choose the picture or the PDF of the mail piece.`);
}

function fileKind(file) {
  const name = file.name.toLowerCase();
  if (file.type === 'image/png' || name.endsWith('.png')) return 'png';
  if (file.type === 'application/pdf' || name.endsWith('.pdf')) return 'pdf';
  if (file.type.startsWith('image/') || /\.(jpe?g|webp|gif|bmp|heic|avif)$/.test(name)) return 'image';
  return 'other';
}

function checkSize(bytes, name) {
  if (bytes > maxBytes) {
    throw new PageError('The file is too large', `${name} is ${size(bytes)}; the postal authority accepts at most ${size(maxBytes)}. Crop the photo to the stamp, or send the PDF page it was printed on.`);
  }
}

/** Redraws a photo the server cannot read (JPEG and others) as a grey PNG, which it can. */
async function photoToPng(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PageError('The photo could not be opened', `This browser cannot open ${file.name}. Save it as PNG or JPEG and try again.`);
  }
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  // Grey makes a smaller file, and the decoder reads grey levels anyway.
  context.filter = 'grayscale(1)';
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new PageError('The photo could not be converted', 'Save it as PNG and try again.'))), 'image/png');
  });
}

function errorFromResponse(status, body) {
  if (body && typeof body.message === 'string') {
    const tooLarge = status === 413;
    return {
      title: tooLarge ? 'The file is too large' : ERROR_TITLES[body.code] || `The check failed (HTTP ${status})`,
      message: tooLarge ? `The postal authority accepts files of at most ${size(maxBytes)}. ${body.message}` : body.message,
      code: body.code,
      requestId: body.requestId,
    };
  }
  return { title: `The check failed (HTTP ${status})`, message: 'The postal authority did not answer as expected. Try again later.' };
}

function setBusy(on) {
  busy.hidden = !on;
  button.setAttribute('aria-disabled', String(on));
  resultBox.setAttribute('aria-busy', String(on));
  if (on) errorBox.hidden = true;
}

function showError(error) {
  const parts = [el('p', 'title', error.title), el('p', null, error.message)];
  if (error.code) parts.push(el('p', 'hint', `Error ${error.code}${error.requestId ? `, request ${error.requestId}` : ''}`));
  errorBox.replaceChildren(...parts);
  errorBox.hidden = false;
  resultBox.replaceChildren(el('p', 'placeholder', 'No result: see the error above.'));
  showResultHeading();
}

function showResults(body) {
  const nodes = [];
  if (body.results.length > 1) nodes.push(el('p', null, `${body.results.length} stamps were found. Each is checked on its own.`));
  body.results.forEach((result, i) => nodes.push(...resultNodes(result, i + 1, body.results.length)));
  nodes.push(el('p', 'hint', `Checked at ${when(body.checkedAt)} against the postal authority's records. Nothing was recorded.`));
  resultBox.replaceChildren(...nodes);
  showResultHeading();
}

/** Moves focus to the result, scrolled to the top of the screen: on a phone it is otherwise below the form. */
function showResultHeading() {
  resultHeading.focus({ preventScroll: true });
  resultHeading.scrollIntoView({ block: 'start' });
}

function resultNodes(r, n, count) {
  const nodes = [];
  if (count > 1) nodes.push(el('h3', null, `Stamp ${n} (${r.source})`));
  nodes.push(verdictNode(r));
  nodes.push(el(count > 1 ? 'h4' : 'h3', null, 'The six rules'));
  const list = el('ol', 'rules');
  for (const rule of r.rules) {
    const item = el('li', `outcome-${rule.outcome.replace(' ', '-')}`);
    const mark = el('span', 'mark', MARKS[rule.outcome]);
    mark.setAttribute('aria-hidden', 'true');
    const detail = el('span', 'detail');
    detail.append(el('span', 'outcome', `${OUTCOMES[rule.outcome]}: `), el('span', 'reason', rule.reason));
    item.append(mark, el('span', 'head', `Rule ${rule.rule}. ${rule.title}`), detail);
    list.append(item);
  }
  nodes.push(list);
  if (Array.isArray(r.display)) {
    nodes.push(el(count > 1 ? 'h4' : 'h3', null, 'What the stamp says'));
    const dl = el('dl', 'fields');
    for (const field of r.display) dl.append(el('dt', null, field.label), el('dd', null, field.value));
    nodes.push(dl);
  }
  return nodes;
}

function verdictNode(r) {
  const box = el('div', `verdict verdict-${r.status}`);
  const [mark, title, text] = verdictWords(r);
  const heading = el('p', 'title');
  const markNode = el('span', 'mark', `${mark} `);
  markNode.setAttribute('aria-hidden', 'true');
  heading.append(markNode, title);
  box.append(heading, el('p', null, text));
  return box;
}

function verdictWords(r) {
  if (r.status === 'valid') return ['✔', 'Valid: all six rules hold', 'The postage is genuine, and the postal authority has not scanned this stamp yet.'];
  if (r.status === 'duplicate') {
    return ['!', 'Already used: rule 6 failed', `The stamp is genuine (rules 1 to 5 hold), but the postal authority already scanned it at ${when(r.firstScannedAt)}. Postage pays for one mail piece only.`];
  }
  if (r.status === 'refunded') {
    return ['!', 'Refunded: rule 6 failed', `The stamp is genuine (rules 1 to 5 hold), but its postage was given back to the buyer at ${when(r.refundedAt)}. It no longer pays for postage.`];
  }
  return ['✘', `Not valid: rule ${r.rule} failed`, r.reason];
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "2026-03-01 12:00 UTC" from an ISO 8601 time. */
function when(iso) {
  return typeof iso === 'string' ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time';
}

/** A size in binary units, as the server words it: "10 MB", "1.5 MB", "4 KB". */
function size(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
