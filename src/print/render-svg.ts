// SVG output: one standalone document per page, sized in inches with a viewBox in points, so that a
// browser or vector editor prints it at its true size. The calibration is one group transform.
import { modulesPath } from '../barcode/datamatrix-render-svg.js';
import { PT_PER_INCH } from './geometry.js';
import type { DrawElement, PageDrawing, PrintDocument } from './page-drawing.js';

// Helvetica where installed, then its usual metric-compatible substitutes.
const FONT_FAMILY = 'Helvetica, Arial, Liberation Sans, sans-serif';

/** Renders every page of the document as an SVG document, in page order. */
export function renderSvg(doc: PrintDocument): string[] {
  return doc.pages.map((page) => renderSvgPage(page, doc));
}

function renderSvgPage(page: PageDrawing, doc: PrintDocument): string {
  const { dxPt, dyPt, scale } = doc.calibration;
  const w = num(page.widthPt);
  const h = num(page.heightPt);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(page.widthPt / PT_PER_INCH)}in" height="${num(page.heightPt / PT_PER_INCH)}in" viewBox="0 0 ${w} ${h}">`,
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>`,
    `<g transform="translate(${num(dxPt)} ${num(dyPt)}) scale(${num(scale)})">`,
    ...page.elements.map(svgElement),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

function svgElement(element: DrawElement): string {
  switch (element.kind) {
    case 'symbol': {
      const m = element.moduleSizePt;
      const q = element.quietZoneModules;
      const rows = element.modules.length;
      const cols = element.modules[0]?.length ?? 0;
      const quiet = `<rect x="${num(element.x - q * m)}" y="${num(element.y - q * m)}" width="${num((cols + 2 * q) * m)}" height="${num((rows + 2 * q) * m)}" fill="#ffffff"/>`;
      const path = `<path transform="translate(${num(element.x)} ${num(element.y)}) scale(${num(m)})" fill="#000000" shape-rendering="crispEdges" d="${modulesPath(element.modules)}"/>`;
      return `${quiet}\n${path}`;
    }
    case 'text': {
      const weight = element.bold ? ' font-weight="bold"' : '';
      return `<text x="${num(element.x)}" y="${num(element.baseline)}" font-family="${FONT_FAMILY}" font-size="${num(element.sizePt)}"${weight} fill="#000000" xml:space="preserve">${escapeXml(element.text)}</text>`;
    }
    case 'box': {
      if (element.strokePt === undefined) {
        return `<rect x="${num(element.x)}" y="${num(element.y)}" width="${num(element.width)}" height="${num(element.height)}" fill="#000000"/>`;
      }
      const s = element.strokePt;
      return `<rect x="${num(element.x + s / 2)}" y="${num(element.y + s / 2)}" width="${num(element.width - s)}" height="${num(element.height - s)}" fill="none" stroke="#000000" stroke-width="${num(s)}"/>`;
    }
  }
}

/** Escapes the characters XML gives meaning to. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Six decimals of a point are far below any printer's resolution and keep the files short.
function num(n: number): string {
  return String(Number(n.toFixed(6)));
}
