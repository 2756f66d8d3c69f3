import { describe, expect, it } from 'vitest';
import { ERRORS } from '../errors/catalogue.js';
import { passThroughError } from './remote-error.js';

describe('passThroughError', () => {
  it('passes a catalogued error the user can act on through with its message, the fix added once', () => {
    const fix = ERRORS.PSD_FUNDS_EXHAUSTED.fix;
    const err = passThroughError(409, { code: 'PSD_FUNDS_EXHAUSTED', message: `PSD 3 holds $0.10. ${fix}.` }, 'ps-a');
    expect(err.code).toBe('PSD_FUNDS_EXHAUSTED');
    expect(err.message).toBe(`PSD 3 holds $0.10. ${fix}.`);
  });

  it('turns unknown codes, bodies that are no error, and refusals of the vendor’s own credentials into INTERNAL', () => {
    expect(passThroughError(418, { code: 'TEAPOT', message: 'short and stout' }, 'ps-a').code).toBe('INTERNAL');
    expect(passThroughError(404, null, 'ps-a').code).toBe('INTERNAL');
    expect(passThroughError(401, { code: 'AUTH_TOKEN_INVALID', message: 'no' }, 'ps-a').code).toBe('INTERNAL');
  });
});
