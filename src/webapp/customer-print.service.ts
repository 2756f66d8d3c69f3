// Printing an account's stamps from the browser: loads the stamps (one, or a purchase's) of the account
// only, picks the layout (the medium's own for stamps bought for a label or sheet), and composes them
// with src/print into SVG sheets for the true-size preview or a PDF for download.
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { MediaService } from '../media/media.service.js';
import { composePrintJob, renderPdf, renderSvg, type Layout } from '../print/index.js';
import { StampRepository } from '../web/stamp.repository.js';
import type { PreviewSheet } from './customer-pages.html.js';
import { chooseLayout, humanReadableLines, mediumOfStamp, printJobOf, type PrintableStamp } from './customer-print.js';
import { webappError } from './webapp-error.js';

/** What to print: one stamp or one purchase's stamps, on a layout, from a slot. */
export interface PrintRequest {
  readonly stampId?: string;
  readonly purchaseId?: string;
  readonly layout?: string;
  readonly startSlot?: number;
}

/** A composed preview. */
export interface PrintPreview {
  readonly layout: Layout;
  /** True when the stamps were bought for a registered medium (each at its own slot). */
  readonly registered: boolean;
  readonly sheets: readonly PreviewSheet[];
  readonly stamps: readonly { readonly id: string; readonly lines: readonly string[]; readonly medium: string | null }[];
}

/** Loads and composes an account's stamps for printing. */
export class CustomerPrintService {
  private readonly stamps: StampRepository;

  constructor(
    db: Database,
    private readonly media: Pick<MediaService, 'get'>,
  ) {
    this.stamps = new StampRepository(db);
  }

  /** The stamps asked for, of `accountId` only (STAMP_NOT_FOUND for another account's, as for none). */
  async load(accountId: string, want: PrintRequest): Promise<PrintableStamp[]> {
    if ((want.stampId === undefined) === (want.purchaseId === undefined)) throw webappError('PRINT_STAMPS_MISSING');
    if (want.stampId !== undefined) {
      const stamp = await this.stamps.findForOwner(accountId, want.stampId);
      if (stamp === null) throw new AppError('STAMP_NOT_FOUND', `No stamp ${JSON.stringify(want.stampId)} belongs to this account`, { id: want.stampId });
      return [{ id: stamp.id, indicium: stamp.indicium }];
    }
    const rows = (await this.stamps.listForPurchase(want.purchaseId!)).filter((s) => s.accountId === accountId);
    if (rows.length === 0) throw new AppError('STAMP_NOT_FOUND', `No stamps of purchase ${JSON.stringify(want.purchaseId)} belong to this account`, { purchaseId: want.purchaseId });
    return rows.map((s) => ({ id: s.id, indicium: s.indicium }));
  }

  /** The layout: the one asked for, else the medium's of the first stamp, else a single label. */
  async layoutFor(accountId: string, stamps: readonly PrintableStamp[], name: string | undefined): Promise<Layout> {
    if (name !== undefined) return chooseLayout(name, null);
    const medium = stamps[0] === undefined ? null : mediumOfStamp(stamps[0].indicium);
    const mediumLayout = medium === null ? null : (await this.media.get(accountId, medium.serial)).medium.layout;
    return chooseLayout(undefined, mediumLayout);
  }

  /** The preview: every sheet as SVG at true size, and each stamp's human-readable block. */
  async preview(accountId: string, want: PrintRequest): Promise<PrintPreview> {
    const stamps = await this.load(accountId, want);
    const layout = await this.layoutFor(accountId, stamps, want.layout);
    const doc = composePrintJob(printJobOf(stamps, layout, { ...(want.startSlot === undefined ? {} : { startSlot: want.startSlot }) }));
    const svgs = renderSvg(doc);
    const sheets = svgs.map((svg, page) => {
      const slots = doc.placements.filter((p) => p.page === page).map((p) => p.slot);
      const where = layout.slots.length > 1 ? `, slot${slots.length > 1 ? 's' : ''} ${slots.join(', ')}` : '';
      // The SVG documents are made by src/print from decoded fields only; the XML prolog is not needed inline.
      return { svg: svg.replace(/^<\?xml[^>]*>\s*/, '').trim(), label: `Sheet ${page + 1} of ${svgs.length}: ${layout.name}${where}` };
    });
    return {
      layout,
      registered: mediumOfStamp(stamps[0]!.indicium) !== null,
      sheets,
      stamps: stamps.map((s) => {
        const m = mediumOfStamp(s.indicium);
        return { id: s.id, lines: humanReadableLines(s.indicium), medium: m === null ? null : `${m.slot === 0 ? 'label' : `slot ${m.slot} of sheet`} ${m.serial}` };
      }),
    };
  }

  /** The PDF of the same composition, with a file name. */
  async pdf(accountId: string, want: PrintRequest): Promise<{ pdf: Uint8Array; fileName: string }> {
    const stamps = await this.load(accountId, want);
    const layout = await this.layoutFor(accountId, stamps, want.layout);
    const doc = composePrintJob(printJobOf(stamps, layout, { ...(want.startSlot === undefined ? {} : { startSlot: want.startSlot }) }));
    const pdf = await renderPdf(doc, { title: `Postage ${want.stampId ?? want.purchaseId}` });
    const base = (want.stampId ?? want.purchaseId ?? 'stamps').replace(/[^A-Za-z0-9_-]/g, '');
    return { pdf, fileName: `postage-${base}-${layout.name}.pdf` };
  }
}
