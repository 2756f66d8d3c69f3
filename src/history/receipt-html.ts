// The printable receipt page: one self-contained HTML document (no script, no outside resources, a
// print style sheet inline), accessible: a language, a title, headings in order, the order's facts as a
// description list and the stamps as a table with a caption and header cells scoped to their column or
// row. Every value is escaped: the account's name and address are text its users typed. Pure.
import { describePayment, type Receipt, type ReceiptLine } from './receipt.js';

/** The Content-Security-Policy the page is served with: nothing runs and nothing is fetched. */
export const RECEIPT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
address { font-style: normal; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding-bottom: .5rem; }
th, td { border-bottom: 1px solid #999; padding: .3rem .4rem; text-align: left; vertical-align: top; }
td.money, th.money { text-align: right; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { border-bottom: none; font-weight: 600; }
@media print { body { margin: 0; max-width: none; } }
`;

/** The receipt as a complete HTML document. */
export function renderReceiptHtml(r: Receipt): string {
  const title = `Receipt for order ${r.orderId}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
<section aria-labelledby="order-heading">
<h2 id="order-heading">Order</h2>
<dl>
<dt>Receipt number</dt><dd>${esc(r.receiptNumber)}</dd>
<dt>Order placed</dt><dd><time datetime="${esc(r.orderedAt)}">${esc(readableTime(r.orderedAt))}</time></dd>
<dt>Order completed</dt><dd><time datetime="${esc(r.completedAt)}">${esc(readableTime(r.completedAt))}</time></dd>
<dt>Paid with</dt><dd>${esc(describePayment(r.payment))}</dd>
<dt>Receipt issued</dt><dd><time datetime="${esc(r.issuedAt)}">${esc(readableTime(r.issuedAt))}</time></dd>
</dl>
</section>
<section aria-labelledby="customer-heading">
<h2 id="customer-heading">Customer</h2>
<p>${esc(r.customer.name)}</p>
${addressHtml(r)}
</section>
<section aria-labelledby="stamps-heading">
<h2 id="stamps-heading">Stamps</h2>
<table>
<caption>${r.lines.length} ${r.lines.length === 1 ? 'stamp' : 'stamps'} in order ${esc(r.orderId)}, amounts in US dollars</caption>
<thead>
<tr><th scope="col">Line</th><th scope="col">Rate category</th><th scope="col">Date of mailing</th><th scope="col">Label or sheet</th><th scope="col">Refund</th><th scope="col" class="money">Postage</th></tr>
</thead>
<tbody>
${r.lines.map(lineHtml).join('\n')}
</tbody>
<tfoot>
<tr><th scope="row" colspan="5">Total charged</th><td class="money">$${esc(r.totalDollars)}</td></tr>
${r.refundedMills === '0' ? '' : `<tr><th scope="row" colspan="5">Refunded since</th><td class="money">$${esc(r.refundedDollars)}</td></tr>`}
</tfoot>
</table>
</section>
</main>
</body>
</html>
`;
}

function lineHtml(line: ReceiptLine): string {
  const medium = line.medium === null ? 'Plain paper' : line.medium.slot === 0 ? `${line.medium.serial}, single label` : `${line.medium.serial}, slot ${line.medium.slot}`;
  const refund = line.refund === null ? '—' : `${capitalize(line.refund.status)} (${line.refund.refundId})`;
  return (
    `<tr><th scope="row">${line.line}</th><td>${esc(line.rateCategoryName)}</td><td>${esc(line.dateOfMailing)}</td>` +
    `<td>${esc(medium)}</td><td>${esc(refund)}</td><td class="money">$${esc(line.postageDollars)}</td></tr>`
  );
}

function addressHtml(r: Receipt): string {
  const a = r.customer.address;
  if (a === null) return '<p>No postal address on file.</p>';
  return `<address>${esc(a.name)}<br>${esc(a.street)}<br>${esc(a.city)}, ${esc(a.state)} ${esc(a.zip)}</address>`;
}

// "2026-11-24T15:04:05.123Z" → "2026-11-24 15:04 UTC": the time zone is said, never guessed.
function readableTime(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 16)} UTC`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
