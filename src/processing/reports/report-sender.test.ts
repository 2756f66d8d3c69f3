import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../../authority/reports/report-day.js';
import { reportableDays } from './report-sender.js';

const DAY = 20_500;
const at = (day: number, hour = 12) => day * MS_PER_DAY + hour * 3_600_000;

describe('reportableDays', () => {
  it('runs from the later of the window start and the provisioning day to the window end', () => {
    expect(reportableDays({ provisionedAtMs: at(DAY), withdrawnAtMs: null }, DAY - 5, DAY + 2)).toEqual([DAY, DAY + 1, DAY + 2]);
    expect(reportableDays({ provisionedAtMs: at(DAY - 10), withdrawnAtMs: null }, DAY - 1, DAY)).toEqual([DAY - 1, DAY]);
  });

  it('stops at the withdrawal day, and is empty when the window holds none of the PSD’s days', () => {
    expect(reportableDays({ provisionedAtMs: at(DAY), withdrawnAtMs: at(DAY + 1, 23) }, DAY, DAY + 5)).toEqual([DAY, DAY + 1]);
    expect(reportableDays({ provisionedAtMs: at(DAY), withdrawnAtMs: null }, DAY - 3, DAY - 1)).toEqual([]);
    expect(reportableDays({ provisionedAtMs: at(DAY), withdrawnAtMs: at(DAY) }, DAY + 1, DAY + 3)).toEqual([]);
  });
});
