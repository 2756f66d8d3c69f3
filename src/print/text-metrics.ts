// Text measurement with the metrics of the PDF standard fonts (Helvetica and Helvetica-Bold), so that
// the pure layout code and the PDF renderer agree to the point on where every line ends; and the one
// rule on which characters may be printed.
import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import { AppError } from '../errors/app-error.js';

/** Width of `text` in points at `sizePt`, in the regular or bold face. */
export type TextMeasure = (text: string, sizePt: number, bold: boolean) => number;

type FontName = Parameters<typeof StandardFontEmbedder.for>[0];
// pdf-lib's StandardFonts values are the standard font names its embedder expects.
const regular = StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as FontName);
const bold = StandardFontEmbedder.for(StandardFonts.HelveticaBold as unknown as FontName);

/** Measures with the Helvetica metrics the PDF renderer draws with. */
export const helveticaMeasure: TextMeasure = (text, sizePt, isBold) => (isBold ? bold : regular).widthOfTextAtSize(text, sizePt);

// Printable ASCII and the printable Latin-1 supplement: the same code points in WinAnsi (the PDF
// standard fonts), Windows-1252 (ZPL ^CI27) and Unicode (SVG), so every renderer prints the same text.
const PRINTABLE = /^[\x20-\x7e\u00a0-\u00ff]*$/;

/** True when every character of `text` can be printed by every renderer. */
export function isPrintableText(text: string): boolean {
  return typeof text === 'string' && PRINTABLE.test(text);
}

/** Throws PRINT_ADDRESS_INVALID naming `what` unless `text` is printable. */
export function checkPrintableText(text: string, what: string): string {
  if (!isPrintableText(text)) {
    const bad = typeof text === 'string' ? [...text].find((ch) => !PRINTABLE.test(ch)) : undefined;
    const shown = bad === undefined ? typeof text : `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new AppError('PRINT_ADDRESS_INVALID', `${what} contains ${shown}, which is outside printable Latin-1`, { what });
  }
  return text;
}
