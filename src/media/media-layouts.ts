// Which print layouts registered media come in, and the slot numbers each has. A medium's layout is
// the name of a built-in layout of src/print/layouts.ts; its slots are that layout's slots: 0 alone
// for a single label or a thermal label, 1..N on a sheet (spec §5).
import { AppError } from '../errors/app-error.js';
import { LAYOUTS, isSheet, type Layout } from '../print/layouts.js';

/** A label carries one stamp (slot 0); a sheet carries one per position (slots 1..N). */
export type MediumKind = 'label' | 'sheet';

/** What the registry needs to know about a layout. */
export interface MediaLayout {
  readonly name: string;
  readonly kind: MediumKind;
  /** How many slots: 1 for a label, N for a sheet. */
  readonly slotCount: number;
  /** The first and last slot numbers: 0..0 for a label, 1..N for a sheet. */
  readonly firstSlot: number;
  readonly lastSlot: number;
}

function describeLayout(layout: Layout): MediaLayout {
  const sheet = isSheet(layout);
  const slotCount = layout.slots.length;
  return { name: layout.name, kind: sheet ? 'sheet' : 'label', slotCount, firstSlot: sheet ? 1 : 0, lastSlot: sheet ? slotCount : 0 };
}

/**
 * The layouts the vendor issues registered media in: every built-in layout marked `registeredMedia`.
 * Envelopes are not among them: they carry no vendor serial (their medium field is 0, spec §2).
 */
export const MEDIA_LAYOUTS: Readonly<Record<string, MediaLayout>> = Object.freeze(
  Object.fromEntries(
    Object.values(LAYOUTS)
      .filter((l) => l.registeredMedia)
      .map((l) => [l.name, Object.freeze(describeLayout(l))]),
  ),
);

/** The names of the layouts media are issued in. */
export function mediaLayoutNames(): string[] {
  return Object.keys(MEDIA_LAYOUTS);
}

/** The media layout called `name`; MEDIA_LAYOUT_UNKNOWN (naming the known ones) otherwise. */
export function mediaLayout(name: string): MediaLayout {
  const found = Object.hasOwn(MEDIA_LAYOUTS, name) ? MEDIA_LAYOUTS[name] : undefined;
  if (found === undefined) {
    const why = Object.hasOwn(LAYOUTS, name) ? `${JSON.stringify(name)} is a print layout that carries no vendor serial` : `No layout is called ${JSON.stringify(name)}`;
    throw new AppError('MEDIA_LAYOUT_UNKNOWN', `${why}; media are issued in ${mediaLayoutNames().join(', ')}`, { layout: name, known: mediaLayoutNames() });
  }
  return found;
}

/** True when `slot` is one of the layout's slot numbers. */
export function slotInLayout(layout: MediaLayout, slot: number): boolean {
  return Number.isInteger(slot) && slot >= layout.firstSlot && slot <= layout.lastSlot;
}

/** Every slot number of the layout, in order. */
export function slotNumbers(layout: MediaLayout): number[] {
  return Array.from({ length: layout.slotCount }, (_, i) => layout.firstSlot + i);
}
