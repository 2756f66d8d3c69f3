import { describe, expect, it } from 'vitest';
import type { IndiciumFields } from '../../core/indicium/fields.js';
import { displayFields, RULE_TITLES, ruleViews } from './verify-views.js';

const FIELDS: IndiciumFields = {
  version: 1,
  algorithm: 2,
  licenseNumber: 40001234,
  certificateSerial: 7,
  psdId: 3,
  pieceCount: 1042,
  ascendingRegister: 12_345n,
  descendingRegister: 987_655n,
  postage: 745n,
  dateOfMailing: 9556,
  originZip: 941_070_001,
  destinationZip: 100_010_000,
  rateCategory: 5,
  medium: (202611240001n << 8n) | 7n,
  softwareId: 3,
};

describe('ruleViews', () => {
  it('lists all six rules, those after the first failure as not checked', () => {
    const views = ruleViews([
      { rule: 1, passed: true, reason: 'r1' },
      { rule: 2, passed: false, reason: 'r2' },
    ]);
    expect(views.map((v) => [v.rule, v.outcome, v.reason])).toEqual([
      [1, 'passed', 'r1'],
      [2, 'failed', 'r2'],
      [3, 'not checked', 'Rule 2 failed first; the verifier stops at the first failure'],
      [4, 'not checked', 'Rule 2 failed first; the verifier stops at the first failure'],
      [5, 'not checked', 'Rule 2 failed first; the verifier stops at the first failure'],
      [6, 'not checked', 'Rule 2 failed first; the verifier stops at the first failure'],
    ]);
    expect(views.map((v) => v.title)).toEqual(Object.values(RULE_TITLES));
  });
});

describe('displayFields', () => {
  it('gives dollars, the date, ZIP+4, the rate category name and the medium serial with its check digit', () => {
    const shown = Object.fromEntries(displayFields(FIELDS).map((f) => [f.name, f.value]));
    expect(shown).toEqual({
      postage: '$0.745',
      dateOfMailing: '2026-03-01',
      rateCategory: 'Priority Mail (code 5)',
      originZip: '94107-0001',
      destinationZip: '10001',
      licenseNumber: '40001234',
      psdId: '3',
      pieceCount: '1042',
      ascendingRegister: '$12.345',
      descendingRegister: '$987.655',
      medium: '2026-1124-0001-8 slot 7',
      certificateSerial: '7',
      algorithm: 'Ed25519',
      softwareId: '3',
    });
  });

  it('never throws on values a forged indicium may carry', () => {
    const odd = { ...FIELDS, originZip: 42, destinationZip: 0xffffffff, rateCategory: 999, medium: 0xffn, dateOfMailing: 0xffff };
    const shown = Object.fromEntries(displayFields(odd).map((f) => [f.name, f.value]));
    expect(shown).toMatchObject({
      originZip: 'not a ZIP code (42)',
      destinationZip: `not a ZIP code (${0xffffffff})`,
      rateCategory: 'reserved rate category 999 (code 999)',
      medium: 'serial 0 slot 255',
      dateOfMailing: '2179-06-06',
    });
  });
});
