import { describe, expect, it } from 'vitest';
import { fakeStamp } from '../../client/client-test-support.js';
import type { BatchPurchase } from '../../client/index.js';
import { createProgress, progressMode, stderrIsTerminal } from './progress.js';

const purchase = (index: number, size: number, soFar: number): BatchPurchase => ({
  purchaseId: `p${index}`,
  idempotencyKey: `k.${index + 1}`,
  stamps: Array.from({ length: size }, (_, i) => fakeStamp(`s${i}`, `p${index}`)),
  index,
  purchaseCount: 2,
  stampsSoFar: soFar,
  stampsTotal: 1500,
});

function run(mode: 'lines' | 'bar' | 'none'): string {
  let text = '';
  const progress = createProgress((t) => void (text += t), mode);
  progress.start(1500, 2, 'k');
  progress.purchase(purchase(0, 1000, 1000));
  progress.retry({ method: 'POST', path: '/v1/stamps', attempt: 1, delayMs: 2000, reason: 'HTTP 503 NO_PROCESSING_SERVER', idempotencyKey: 'k.2' });
  progress.purchase(purchase(1, 500, 1500));
  progress.finish();
  return text;
}

describe('progress', () => {
  it('writes a line per purchase and per retry', () => {
    expect(run('lines').split('\n')).toEqual([
      'buying 1500 stamps in 2 purchases (batch key k)',
      'purchase 1/2: 1000 stamps received and saved (1000/1500), purchase p0',
      'retrying POST /v1/stamps in 2.0 s (HTTP 503 NO_PROCESSING_SERVER) after attempt 1, same Idempotency-Key k.2',
      'purchase 2/2: 500 stamps received and saved (1500/1500), purchase p1',
      '',
    ]);
  });

  it('redraws one bar on a terminal, with messages on their own lines above it', () => {
    const text = run('bar');
    expect(text).toContain('\r\x1b[K[####################----------] 1000/1500 stamps, purchase 1/2');
    expect(text).toContain('\r\x1b[Kretrying POST /v1/stamps in 2.0 s');
    expect(text.endsWith('[##############################] 1500/1500 stamps, purchase 2/2\n')).toBe(true);
  });

  it('writes nothing with --json or --quiet', () => {
    expect(run('none')).toBe('');
    const io = { out: () => {}, err: () => {}, env: {}, cwd: '/' };
    expect(progressMode(io, { json: true })).toBe('none');
    expect(progressMode(io, { quiet: true })).toBe('none');
  });

  it('draws a bar only when stderr is a terminal', () => {
    const io = { out: () => {}, err: () => {}, env: {}, cwd: '/' };
    expect(stderrIsTerminal(io)).toBe(false);
    expect(progressMode(io, {})).toBe('lines');
    expect(progressMode({ ...io, errIsTty: true } as typeof io, {})).toBe('bar');
  });
});
