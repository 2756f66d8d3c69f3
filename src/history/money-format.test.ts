import { describe, expect, it } from 'vitest';
import { dollarsWithMills } from './money-format.js';

describe('dollarsWithMills', () => {
  it('prints every mill with three decimals', () => {
    expect(dollarsWithMills(0n)).toBe('0.000');
    expect(dollarsWithMills(740n)).toBe('0.740');
    expect(dollarsWithMills(5n)).toBe('0.005');
    expect(dollarsWithMills(12_345n)).toBe('12.345');
    expect(dollarsWithMills(100_000_000_001n)).toBe('100000000.001');
    expect(dollarsWithMills(-1_500n)).toBe('-1.500');
  });
});
