import { describe, expect, it } from 'vitest';
import { cpuMeter, processCpuMs } from './process-cpu.js';

describe.runIf(process.platform === 'linux')('process CPU from /proc', () => {
  it('reads this process, grows while it computes, and meters CPU and wall time', () => {
    const meter = cpuMeter({ self: process.pid });
    const before = processCpuMs(process.pid) as number;
    // Computes until 60 ms of CPU time are spent (wall time would not do on a busy machine): six 10 ms ticks.
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 60_000);
    const after = processCpuMs(process.pid) as number;
    expect(after).toBeGreaterThan(before);
    const reading = meter.stop();
    // 60 ms of CPU, read in 10 ms ticks; one thread cannot use more CPU time than wall time on each core.
    expect(reading.cpuMs.self).toBeGreaterThanOrEqual(40);
    expect(reading.wallMs).toBeGreaterThanOrEqual(60);
    expect(reading.cpuMs.self as number).toBeLessThan(reading.wallMs * 64);
  });

  it('gives undefined for a process that does not exist', () => {
    expect(processCpuMs(2 ** 31 - 1)).toBeUndefined();
    expect(cpuMeter({ gone: 2 ** 31 - 1 }).stop().cpuMs).toEqual({});
  });
});
