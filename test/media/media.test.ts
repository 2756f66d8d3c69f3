// The media registry on SQLite and PostgreSQL: issuing, listing, inspecting and voiding media, and the
// purchase hooks (check, reserve, confirm, release), including ten purchases racing for one slot.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { formatMediumSerial, parseMediumSerial } from '../../src/core/media-serial.js';
import { AppError } from '../../src/errors/app-error.js';
import { MediaService, type MediumRequest } from '../../src/media/media.service.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { forEachDialect, type OpenTestDatabase } from '../helpers/dialects.js';

const MIGRATIONS = WEB_MIGRATIONS;

async function setup(open: OpenTestDatabase): Promise<{ db: Database; media: MediaService; clock: { now: number } }> {
  const db = await open({ migrations: MIGRATIONS });
  const clock = { now: Date.UTC(2026, 10, 24, 12) };
  return { db, media: new MediaService(db, { nowMs: () => clock.now }), clock };
}

/** The code and details of the AppError `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> | undefined }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, details: err.details as Record<string, unknown> };
    throw err;
  }
  throw new Error('did not reject');
}

function wrongCheckDigit(printed: string): string {
  return `${printed.slice(0, -1)}${(Number(printed.slice(-1)) + 1) % 10}`;
}

async function slotRows(db: Database): Promise<{ serial: string; slot: number; purchase_id: string; state: string; stamp_id: string | null }[]> {
  const rows = await db.query('SELECT serial, slot, purchase_id, state, stamp_id FROM media_slots ORDER BY serial, slot');
  return rows.map((r) => ({ serial: String(r.serial), slot: Number(r.slot), purchase_id: String(r.purchase_id), state: String(r.state), stamp_id: (r.stamp_id as string | null) ?? null }));
}

forEachDialect((dialect, open) => {
  describe('issuing and listing', () => {
    it('issues media with random 12-digit serials of the layout, all in one batch', async () => {
      const { media, clock } = await setup(open);
      const issued = await media.issue({ accountId: 'acct-a', layout: 'address-30up', count: 25 });
      expect(issued.media).toHaveLength(25);
      const serials = issued.media.map((m) => m.serial);
      expect(new Set(serials).size).toBe(25);
      for (const m of issued.media) {
        expect(m).toMatchObject({ kind: 'sheet', layout: 'address-30up', slotCount: 30, accountId: 'acct-a', issueBatch: issued.batch });
        expect(m).toMatchObject({ issuedAtMs: clock.now, voidedAtMs: null, voidReason: null, usedCount: 0, reservedCount: 0 });
        expect(parseMediumSerial(formatMediumSerial(m.serial)).serial).toBe(m.serial);
      }
      // Not a counter: sorted serials are not consecutive.
      const sorted = [...serials].sort((a, b) => (a < b ? -1 : 1));
      expect(sorted.some((s, i) => i > 0 && s - sorted[i - 1]! !== 1n)).toBe(true);
      const label = await media.issue({ accountId: 'acct-a', layout: 'single-label', count: 1 });
      expect(label.media[0]).toMatchObject({ kind: 'label', slotCount: 1 });
    });

    it('issues a thousand at once, and refuses bad counts and layouts', async () => {
      const { db, media } = await setup(open);
      expect((await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 1000 })).media).toHaveLength(1000);
      for (const count of [0, 1001, 2.5, -1]) {
        expect((await refusal(media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count }))).code).toBe('MEDIA_ISSUE_COUNT_INVALID');
      }
      expect((await refusal(media.issue({ accountId: 'acct-a', layout: 'envelope-10', count: 1 }))).code).toBe('MEDIA_LAYOUT_UNKNOWN');
      expect((await refusal(media.issue({ accountId: 'acct-a', layout: 'nope', count: 1 }))).code).toBe('MEDIA_LAYOUT_UNKNOWN');
      expect(Number((await db.query('SELECT COUNT(*) AS n FROM media'))[0]!.n)).toBe(1000);
    });

    it('draws again when a random serial is already taken', async () => {
      const db = await open({ migrations: MIGRATIONS });
      // The first draw repeats a stored serial; the service must store a second, different one.
      const values = [5n, 5n, 6n];
      let i = 0;
      const random = () => Buffer.from((values[Math.min(i++, values.length - 1)]!).toString(16).padStart(10, '0'), 'hex');
      const media = new MediaService(db, { random });
      expect((await media.issue({ accountId: 'a', layout: 'single-label', count: 1 })).media.map((m) => m.serial)).toEqual([5n]);
      expect((await media.issue({ accountId: 'b', layout: 'single-label', count: 1 })).media.map((m) => m.serial)).toEqual([6n]);
    });

    it('lists an account own media newest first, filtered by layout and free slots, page by page', async () => {
      const { db, media, clock } = await setup(open);
      const sheets = await media.issue({ accountId: 'acct-a', layout: 'address-30up', count: 3 });
      clock.now += 1000;
      const labels = await media.issue({ accountId: 'acct-a', layout: 'single-label', count: 2 });
      await media.issue({ accountId: 'acct-b', layout: 'single-label', count: 4 });
      const all = await media.list('acct-a');
      expect(all.media.map((m) => m.serial)).toEqual([
        ...labels.media.map((m) => m.serial).sort((a, b) => (a > b ? -1 : 1)),
        ...sheets.media.map((m) => m.serial).sort((a, b) => (a > b ? -1 : 1)),
      ]);
      expect(all.nextCursor).toBeNull();
      expect((await media.list('acct-a', { layout: 'single-label' })).media.map((m) => m.layout)).toEqual(['single-label', 'single-label']);

      // Use the first label, void a sheet: neither has a free slot any more.
      const [label] = labels.media;
      const [sheet] = sheets.media;
      await db.transaction((tx) => media.reserveInTx(tx, 'p1', 'acct-a', [{ itemIndex: 0, serial: label!.serial, slot: 0 }]));
      await media.void(formatMediumSerial(sheet!.serial), 'damaged in transit');
      const free = await media.list('acct-a', { hasFreeSlots: true });
      expect(free.media).toHaveLength(3);
      expect(free.media.map((m) => m.serial)).not.toContain(label!.serial);
      expect(free.media.map((m) => m.serial)).not.toContain(sheet!.serial);
      const full = await media.list('acct-a', { hasFreeSlots: false });
      expect(full.media.map((m) => m.serial).sort()).toEqual([label!.serial, sheet!.serial].sort());
      expect(full.media.find((m) => m.serial === label!.serial)).toMatchObject({ reservedCount: 1, usedCount: 0 });

      // Pages of two: the cursors walk the whole list once.
      const seen: bigint[] = [];
      let cursor: string | undefined;
      do {
        const page = await media.list('acct-a', { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        seen.push(...page.media.map((m) => m.serial));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen).toEqual(all.media.map((m) => m.serial));
      expect((await refusal(media.list('acct-a', { cursor: 'garbage' }))).code).toBe('MEDIA_LIST_CURSOR_INVALID');
      expect((await refusal(media.list('acct-a', { layout: 'envelope-10' }))).code).toBe('MEDIA_LAYOUT_UNKNOWN');
      expect((await media.listForOperator({})).media).toHaveLength(9);
      expect((await media.listForOperator({ accountId: 'acct-b' })).media).toHaveLength(4);
    });
  });

  describe('isolation', () => {
    it('account B cannot list or get account A media: an unknown serial to B', async () => {
      const { media } = await setup(open);
      const a = (await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 2 })).media;
      expect((await media.list('acct-b')).media).toEqual([]);
      expect((await media.list('acct-b', { hasFreeSlots: true })).media).toEqual([]);
      const printed = formatMediumSerial(a[0]!.serial);
      expect(await refusal(media.get('acct-b', printed))).toMatchObject({ code: 'MEDIUM_UNKNOWN', details: { field: 'serial' } });
      expect((await media.get('acct-a', printed)).medium.serial).toBe(a[0]!.serial);
    });
  });

  describe('get', () => {
    it('shows every slot: free, reserved and used, with the stamp', async () => {
      const { db, media } = await setup(open);
      const [sheet] = (await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 1 })).media;
      const serial = sheet!.serial;
      await db.transaction(async (tx) => {
        await media.reserveInTx(tx, 'p1', 'acct-a', [
          { itemIndex: 0, serial, slot: 3 },
          { itemIndex: 1, serial, slot: 4 },
        ]);
        await media.confirmInTx(tx, 'p1', ['stamp-0', 'stamp-1']);
      });
      await db.transaction((tx) => media.reserveInTx(tx, 'p2', 'acct-a', [{ itemIndex: 0, serial, slot: 20 }]));
      const detail = await media.get('acct-a', formatMediumSerial(serial).replace(/-/g, ''));
      expect(detail.slots).toHaveLength(20);
      expect(detail.slots.map((s) => s.slot)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(detail.slots.filter((s) => s.state !== 'free')).toEqual([
        { slot: 3, state: 'used', stampId: 'stamp-0', purchaseId: 'p1' },
        { slot: 4, state: 'used', stampId: 'stamp-1', purchaseId: 'p1' },
        { slot: 20, state: 'reserved', stampId: null, purchaseId: 'p2' },
      ]);
      expect(detail.medium).toMatchObject({ usedCount: 2, reservedCount: 1 });
      expect((await refusal(media.get('acct-a', wrongCheckDigit(formatMediumSerial(serial))))).code).toBe('MEDIUM_SERIAL_CHECK_DIGIT');
      expect((await refusal(media.get('acct-a', '0000-0000-0000'))).code).toBe('MEDIUM_SERIAL_FORMAT');
    });
  });

  describe('check', () => {
    it('refuses every case with its own code and field, and accepts free slots of own media', async () => {
      const { db, media } = await setup(open);
      const [label] = (await media.issue({ accountId: 'acct-a', layout: 'single-label', count: 1 })).media;
      const [sheet, voided] = (await media.issue({ accountId: 'acct-a', layout: 'address-30up', count: 2 })).media;
      const [foreign] = (await media.issue({ accountId: 'acct-b', layout: 'address-30up', count: 1 })).media;
      await media.void(formatMediumSerial(voided!.serial), 'stolen');
      await db.transaction((tx) => media.reserveInTx(tx, 'p-used', 'acct-a', [{ itemIndex: 0, serial: sheet!.serial, slot: 5 }]));
      const p = (m: { serial: bigint }) => formatMediumSerial(m.serial);
      const item = (index: number, serial: string, slot: number): MediumRequest => ({ index, serial, slot });

      const ok = await media.check('acct-a', [item(0, p(label!), 0), item(1, p(sheet!), 1), item(2, p(sheet!), 30)]);
      expect(ok.map((c) => [c.index, c.serial, c.slot, c.layout])).toEqual([
        [0, label!.serial, 0, 'single-label'],
        [1, sheet!.serial, 1, 'address-30up'],
        [2, sheet!.serial, 30, 'address-30up'],
      ]);
      expect(await media.check('acct-a', [])).toEqual([]);

      const unknown = formatMediumSerial(label!.serial === 1n ? 2n : 1n);
      const cases: [MediumRequest[], string, number][] = [
        [[item(0, p(label!), 0), item(1, wrongCheckDigit(p(sheet!)), 1)], 'MEDIUM_SERIAL_CHECK_DIGIT', 1],
        [[item(0, '12345', 1)], 'MEDIUM_SERIAL_FORMAT', 0],
        [[item(0, unknown, 1)], 'MEDIUM_UNKNOWN', 0],
        [[item(0, p(label!), 0), item(1, p(foreign!), 1)], 'MEDIUM_NOT_YOURS', 1],
        [[item(0, p(voided!), 1)], 'MEDIUM_VOIDED', 0],
        [[item(0, p(label!), 1)], 'MEDIUM_SLOT_OUT_OF_RANGE', 0],
        [[item(0, p(sheet!), 0)], 'MEDIUM_SLOT_OUT_OF_RANGE', 0],
        [[item(0, p(sheet!), 31)], 'MEDIUM_SLOT_OUT_OF_RANGE', 0],
        [[item(0, p(sheet!), 5)], 'MEDIUM_SLOT_USED', 0],
        [[item(0, p(sheet!), 6), item(1, p(sheet!), 6)], 'MEDIUM_SLOT_REPEATED', 1],
      ];
      for (const [items, code, index] of cases) {
        expect(await refusal(media.check('acct-a', items)), code).toMatchObject({ code, details: { field: `stamps[${index}].medium` } });
      }
      // Unknown and not-yours answer with the same HTTP status (404) and different codes.
      expect(new AppError('MEDIUM_NOT_YOURS').kind).toBe('not_found');
      expect(new AppError('MEDIUM_UNKNOWN').kind).toBe('not_found');
      // The check wrote nothing.
      expect((await slotRows(db)).map((r) => r.purchase_id)).toEqual(['p-used']);
    });
  });

  describe('reserve, confirm and release', () => {
    it('ten purchases racing for one slot: exactly one reserves it, the others get MEDIUM_SLOT_USED', async () => {
      const { db, media } = await setup(open);
      const [sheet] = (await media.issue({ accountId: 'acct-a', layout: 'address-30up', count: 1 })).media;
      // PostgreSQL: two pools of five, so the ten transactions really overlap. SQLite: one connection, on
      // which transactions queue, as in the web server (a second connection in the same process would
      // block the only thread).
      const handles: Database[] = dialect === 'postgres' ? [db, await open({ url: (db as Database & { url: string }).url })] : [db];
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => {
          const handle = handles[i % handles.length]!;
          const svc = new MediaService(handle);
          return handle.transaction((tx) =>
            svc.reserveInTx(tx, `purchase-${i}`, 'acct-a', [
              { itemIndex: 0, serial: sheet!.serial, slot: 12 + i }, // a slot of its own
              { itemIndex: 1, serial: sheet!.serial, slot: 1 }, // the contested slot
            ]),
          );
        }),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const r of lost) {
        expect(r.reason).toBeInstanceOf(AppError);
        expect((r.reason as AppError).code).toBe('MEDIUM_SLOT_USED');
        expect((r.reason as AppError).details).toMatchObject({ field: 'stamps[1].medium', slot: 1 });
      }
      // Only the winner's two rows remain: the losers' own slots were not kept.
      const rows = await slotRows(db);
      expect(rows).toHaveLength(2);
      expect(new Set(rows.map((r) => r.purchase_id)).size).toBe(1);
      expect(rows.map((r) => r.slot)).toContain(1);
    });

    // Only PostgreSQL runs two transactions of one process at once; SQLite's queue makes this case impossible,
    // so the test exists only there.
    const onPostgres: (name: string, fn: () => Promise<void>) => void = dialect === 'postgres' ? (name, fn) => it(name, fn) : () => undefined;
    onPostgres('PostgreSQL: a slot reserved by a transaction still open when this one checked is caught at insert', async () => {
      const { db, media } = await setup(open);
      const other = await open({ url: (db as Database & { url: string }).url });
      const [sheet] = (await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 1 })).media;
      const serial = sheet!.serial;
      let commitFirst!: () => void;
      let firstReserved!: () => void;
      const reserved = new Promise<void>((resolve) => (firstReserved = resolve));
      const first = db.transaction(async (tx) => {
        await media.reserveInTx(tx, 'first', 'acct-a', [{ itemIndex: 0, serial, slot: 2 }]);
        firstReserved();
        await new Promise<void>((resolve) => (commitFirst = resolve));
      });
      await reserved;
      // The second purchase's check cannot see the uncommitted row; its insert waits for the first to commit.
      const second = other.transaction((tx) =>
        new MediaService(other).reserveInTx(tx, 'second', 'acct-a', [{ itemIndex: 0, serial, slot: 3 }, { itemIndex: 1, serial, slot: 2 }]),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      commitFirst();
      await first;
      expect(await refusal(second)).toMatchObject({ code: 'MEDIUM_SLOT_USED', details: { field: 'stamps[1].medium', slot: 2 } });
      expect((await slotRows(db)).map((r) => [r.purchase_id, r.slot])).toEqual([['first', 2]]);
    });

    it('a slot taken meanwhile leaves the shared transaction usable and this purchase without rows', async () => {
      const { db, media } = await setup(open);
      const [sheet] = (await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 1 })).media;
      const serial = sheet!.serial;
      await db.transaction(async (tx) => {
        await media.reserveInTx(tx, 'first', 'acct-a', [{ itemIndex: 0, serial, slot: 2 }]);
        // A second purchase in the same (group-committed) transaction loses slot 2 ...
        const lost = await refusal(media.reserveInTx(tx, 'second', 'acct-a', [{ itemIndex: 0, serial, slot: 3 }, { itemIndex: 1, serial, slot: 2 }]));
        expect(lost).toMatchObject({ code: 'MEDIUM_SLOT_USED', details: { field: 'stamps[1].medium' } });
        // ... and a third still reserves in the same transaction afterwards.
        await media.reserveInTx(tx, 'third', 'acct-a', [{ itemIndex: 0, serial, slot: 3 }]);
      });
      expect((await slotRows(db)).map((r) => [r.purchase_id, r.slot])).toEqual([
        ['first', 2],
        ['third', 3],
      ]);
    });

    it('a repeated reserve of the same purchase is harmless; a medium voided since the check is refused in the transaction', async () => {
      const { db, media } = await setup(open);
      const [a, b] = (await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 2 })).media;
      const items = [{ itemIndex: 0, serial: a!.serial, slot: 1 }];
      await db.transaction((tx) => media.reserveInTx(tx, 'p', 'acct-a', items));
      await db.transaction((tx) => media.reserveInTx(tx, 'p', 'acct-a', items));
      expect(await slotRows(db)).toHaveLength(1);
      await media.void(formatMediumSerial(b!.serial), 'lost');
      expect((await refusal(db.transaction((tx) => media.reserveInTx(tx, 'q', 'acct-a', [{ itemIndex: 0, serial: b!.serial, slot: 1 }])))).code).toBe('MEDIUM_VOIDED');
      expect((await refusal(db.transaction((tx) => media.reserveInTx(tx, 'q', 'acct-b', [{ itemIndex: 0, serial: a!.serial, slot: 2 }])))).code).toBe('MEDIUM_NOT_YOURS');
    });

    it('confirm marks the slots used with their stamps; release frees only reserved slots, idempotently', async () => {
      const { db, media } = await setup(open);
      const [sheet] = (await media.issue({ accountId: 'acct-a', layout: 'address-30up', count: 1 })).media;
      const serial = sheet!.serial;
      const p = formatMediumSerial(serial);
      // Purchase 1: items 0 and 2 print on the sheet, item 1 on plain paper.
      await db.transaction((tx) =>
        media.reserveInTx(tx, 'p1', 'acct-a', [
          { itemIndex: 0, serial, slot: 10 },
          { itemIndex: 2, serial, slot: 11 },
        ]),
      );
      await db.transaction((tx) => media.reserveInTx(tx, 'p2', 'acct-a', [{ itemIndex: 0, serial, slot: 12 }]));
      expect((await refusal(media.check('acct-a', [{ index: 0, serial: p, slot: 10 }]))).code).toBe('MEDIUM_SLOT_USED');

      expect(await db.transaction((tx) => media.confirmInTx(tx, 'p1', ['s-0', 's-1', 's-2']))).toBe(2);
      expect(await db.transaction((tx) => media.confirmInTx(tx, 'p1', ['s-0', 's-1', 's-2']))).toBe(0);
      // Releasing a completed purchase frees nothing: its stamps were printed.
      expect(await db.transaction((tx) => media.releaseInTx(tx, 'p1'))).toBe(0);
      // Purchase 2 failed: its slot is free again, once.
      expect(await db.transaction((tx) => media.releaseInTx(tx, 'p2'))).toBe(1);
      expect(await db.transaction((tx) => media.releaseInTx(tx, 'p2'))).toBe(0);
      expect(await db.transaction((tx) => media.releaseInTx(tx, 'never-existed'))).toBe(0);

      expect((await slotRows(db)).map((r) => [r.slot, r.state, r.stamp_id])).toEqual([
        [10, 'used', 's-0'],
        [11, 'used', 's-2'],
      ]);
      expect((await media.check('acct-a', [{ index: 0, serial: p, slot: 12 }])).map((c) => c.slot)).toEqual([12]);
      expect((await refusal(media.check('acct-a', [{ index: 0, serial: p, slot: 11 }]))).code).toBe('MEDIUM_SLOT_USED');
      // A reserved slot with no stamp id is the caller's bug, not a user error.
      await db.transaction((tx) => media.reserveInTx(tx, 'p3', 'acct-a', [{ itemIndex: 4, serial, slot: 13 }]));
      await expect(db.transaction((tx) => media.confirmInTx(tx, 'p3', ['only-one']))).rejects.toThrow(/no stamp id for item 4/);
    });
  });

  describe('void', () => {
    it('voids once with a reason, keeps used slots, and refuses unknown serials and empty reasons', async () => {
      const { db, media, clock } = await setup(open);
      const [sheet] = (await media.issue({ accountId: 'acct-a', layout: 'stamp-sheet', count: 1 })).media;
      const p = formatMediumSerial(sheet!.serial);
      await db.transaction(async (tx) => {
        await media.reserveInTx(tx, 'p1', 'acct-a', [{ itemIndex: 0, serial: sheet!.serial, slot: 1 }]);
        await media.confirmInTx(tx, 'p1', ['s1']);
      });
      expect((await refusal(media.void(p, '  '))).code).toBe('MEDIA_VOID_REASON_REQUIRED');
      const voided = await media.void(p, 'reported lost');
      expect(voided).toMatchObject({ voidedAtMs: clock.now, voidReason: 'reported lost', usedCount: 1 });
      clock.now += 5000;
      expect(await media.void(p, 'second reason')).toMatchObject({ voidedAtMs: voided.voidedAtMs, voidReason: 'reported lost' });
      expect((await refusal(media.void(formatMediumSerial(sheet!.serial === 1n ? 2n : 1n), 'x'))).code).toBe('MEDIUM_UNKNOWN');
      expect((await refusal(media.check('acct-a', [{ index: 0, serial: p, slot: 2 }]))).code).toBe('MEDIUM_VOIDED');
    });
  });
});
