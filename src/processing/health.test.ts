import { describe, expect, it } from 'vitest';
import type { PsdRecord } from '../ledger/psd-store.js';
import { assessHealth } from './health.js';

const NOW = 1_800_000_000_000;

function psd(overrides: Partial<PsdRecord> & { dr?: bigint } = {}): PsdRecord {
  const dr = overrides.dr ?? 1_000n;
  return {
    psdId: 1,
    serverId: 'ps-1',
    licenseNumber: 1,
    certificateSerial: 1,
    keyId: 'k',
    algorithm: 1,
    status: 'active',
    registers: { ascending: 0n, descending: dr, control: dr, pieceCount: 0 },
    auditSequence: 0,
    auditHead: Buffer.alloc(32),
    lastInspectionAtMs: NOW - 1000,
    inspectionDueAtMs: NOW + 1000,
    provisionedAtMs: NOW - 1000,
    withdrawnAtMs: null,
    ...overrides,
  };
}

const base = { serverId: 'ps-1', nowMs: NOW, autoReset: false, closing: false };

describe('assessHealth', () => {
  it('is ok (200) when every active PSD can dispense', () => {
    expect(assessHealth({ ...base, psds: [psd(), psd({ psdId: 2 })] })).toEqual({ httpStatus: 200, body: { serverId: 'ps-1', status: 'ok', availablePsds: 2 } });
  });

  it('is degraded (200) when some active PSDs cannot dispense; withdrawn PSDs do not count', () => {
    const psds = [psd(), psd({ psdId: 2, dr: 0n }), psd({ psdId: 3, inspectionDueAtMs: NOW }), psd({ psdId: 4, status: 'withdrawn' })];
    expect(assessHealth({ ...base, psds })).toEqual({ httpStatus: 200, body: { serverId: 'ps-1', status: 'degraded', availablePsds: 1 } });
  });

  it('counts an unfunded PSD when automatic resets are on', () => {
    expect(assessHealth({ ...base, autoReset: true, psds: [psd({ dr: 0n })] }).body.availablePsds).toBe(1);
    expect(assessHealth({ ...base, psds: [psd({ dr: 0n })] }).httpStatus).toBe(503);
  });

  it('is down (503) without PSDs, when they cannot be read, and while closing', () => {
    const down = { httpStatus: 503, body: { serverId: 'ps-1', status: 'down', availablePsds: 0 } };
    expect(assessHealth({ ...base, psds: [] })).toEqual(down);
    expect(assessHealth({ ...base, psds: undefined })).toEqual(down);
    expect(assessHealth({ ...base, closing: true, psds: [psd()] })).toEqual(down);
    expect(assessHealth({ ...base, psds: [psd({ inspectionDueAtMs: null })] })).toEqual(down);
  });
});
