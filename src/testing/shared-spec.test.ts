import { describe, expect, it } from 'vitest';
import { loadIndiciumVectors } from './shared-spec.js';

describe('shared spec vectors', () => {
  it('are read where they stand, with 64-bit values exact', () => {
    const v = loadIndiciumVectors();
    expect(v.cases.length).toBeGreaterThanOrEqual(3);
    const max = v.cases.find((c) => c.name === 'every field at its maximum');
    expect(max?.fields.medium).toBe('18446744073709551615');
    expect(v.rejections.map((r) => r.rule)).toContain(3);
  });
});
