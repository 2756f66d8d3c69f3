import { describe, expect, it } from 'vitest';
import { ZIP_AREAS } from '../rates/zip-areas.js';
import { USPS_STATE_CODES, statesOfZip, validateAddress } from './address.js';

const base = { name: ' Ada  Lovelace ', street: '1 Market St', city: 'San Francisco', state: 'ca', zip: '94105-0001' };

describe('postal address rules', () => {
  it('normalises a valid address', () => {
    expect(validateAddress(base)).toEqual({ name: 'Ada Lovelace', street: '1 Market St', city: 'San Francisco', state: 'CA', zip5: '94105', zip4: '0001' });
  });

  it('knows the states, DC, territories and military codes, and nothing else', () => {
    expect(USPS_STATE_CODES.size).toBe(50 + 1 + 5 + 3);
    for (const code of ['DC', 'PR', 'VI', 'GU', 'AS', 'MP', 'AA', 'AE', 'AP']) expect(USPS_STATE_CODES.has(code), code).toBe(true);
    expect(() => validateAddress({ ...base, state: 'XX' })).toThrow(expect.objectContaining({ code: 'ADDRESS_STATE_UNKNOWN' }));
  });

  it('reads the states of each area of the zone model, and every area has a known one', () => {
    expect(statesOfZip('01001')).toEqual(['MA']);
    expect(statesOfZip('96910')).toEqual(['GU', 'MP', 'AS']);
    expect(statesOfZip('09001')).toEqual(['AE']);
    expect(statesOfZip('34001')).toEqual(['AA']);
    expect(statesOfZip('96201')).toEqual(['AP']);
    expect(statesOfZip('00601')).toEqual(['PR']);
    for (const area of ZIP_AREAS) {
      const states = statesOfZip(String(area.from).padStart(3, '0') + '00');
      expect(states.length, area.name).toBeGreaterThan(0);
      for (const s of states) expect(USPS_STATE_CODES.has(s), area.name).toBe(true);
    }
  });

  it('refuses a ZIP of another state, an unused prefix, a malformed ZIP and empty or long fields', () => {
    expect(() => validateAddress({ ...base, state: 'NY' })).toThrow(expect.objectContaining({ code: 'ADDRESS_ZIP_STATE_MISMATCH', details: expect.objectContaining({ zipStates: ['CA'] }) }));
    expect(validateAddress({ ...base, state: 'GU', zip: '96910' }).state).toBe('GU');
    expect(() => validateAddress({ ...base, zip: '00100' })).toThrow(expect.objectContaining({ code: 'ADDRESS_ZIP_UNKNOWN' }));
    expect(() => validateAddress({ ...base, zip: '9410' })).toThrow(expect.objectContaining({ code: 'ZIP_INVALID', details: expect.objectContaining({ field: 'zip' }) }));
    expect(() => validateAddress({ ...base, city: '  ' })).toThrow(expect.objectContaining({ code: 'ADDRESS_FIELD_INVALID', details: expect.objectContaining({ field: 'city' }) }));
    expect(() => validateAddress({ ...base, street: 'x'.repeat(201) })).toThrow(expect.objectContaining({ code: 'ADDRESS_FIELD_INVALID' }));
  });
});
