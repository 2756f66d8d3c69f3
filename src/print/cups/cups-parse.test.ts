import { describe, expect, it } from 'vitest';
import { jobUri, parseDestinations, parseIpptoolCsv, parseJobId, parsePrinterStatus, parseRequestId, schedulerRunning } from './cups-parse.js';

describe('parseRequestId', () => {
  it('reads the job from lp’s answer, with hyphens in the printer name', () => {
    expect(parseRequestId('request id is indicia-pdf-27 (1 file(s))\n')).toEqual({ id: 'indicia-pdf-27', number: 27, printer: 'indicia-pdf' });
    expect(parseRequestId('request id is zebra-3 (0 file(s))')).toEqual({ id: 'zebra-3', number: 3, printer: 'zebra' });
    expect(parseRequestId('')).toBeUndefined();
  });

  it('splits a job id given as text', () => {
    expect(parseJobId('my-printer-12')).toEqual({ id: 'my-printer-12', number: 12, printer: 'my-printer' });
    expect(parseJobId('12')).toBeUndefined();
  });
});

// Output of `lpstat -d -p -a -v` (CUPS 2.4, C locale) with one printer disabled and rejecting jobs.
const LPSTAT = `system default destination: office
printer indicia-pdf is idle.  enabled since Tue Nov 24 23:03:32 2026
printer office now printing office-41.  enabled since Tue Nov 24 23:05:00 2026
printer zebra disabled since Tue Nov 24 23:08:20 2026 -
\tPaper out
\tcover open
indicia-pdf accepting requests since Tue Nov 24 23:03:32 2026
office accepting requests since Tue Nov 24 23:05:00 2026
zebra not accepting requests since Tue Nov 24 23:08:20 2026 -
\tPaper out
device for indicia-pdf: cups-pdf:/indicia
device for office: ipp://192.0.2.7/ipp/print
device for zebra: socket://192.0.2.9:9100
`;

describe('parsePrinterStatus', () => {
  it('reads state, acceptance, message, device and the default of every printer', () => {
    expect(parsePrinterStatus(LPSTAT)).toEqual([
      { name: 'indicia-pdf', state: 'idle', accepting: true, message: '', device: 'cups-pdf:/indicia', isDefault: false },
      { name: 'office', state: 'printing', accepting: true, message: '', device: 'ipp://192.0.2.7/ipp/print', isDefault: true },
      { name: 'zebra', state: 'disabled', accepting: false, message: 'Paper out cover open', device: 'socket://192.0.2.9:9100', isDefault: false },
    ]);
  });

  it('gives nothing for a server without printers', () => {
    expect(parsePrinterStatus('no system default destination\n')).toEqual([]);
  });
});

describe('small answers', () => {
  it('reads lpstat -e and lpstat -r', () => {
    expect(parseDestinations('indicia-pdf\nlabel/thick\n\n')).toEqual(['indicia-pdf', 'label/thick']);
    expect(schedulerRunning('scheduler is running\n')).toBe(true);
    expect(schedulerRunning('scheduler is not running\n')).toBe(false);
  });

  it('makes job URIs for a TCP server and for the domain socket', () => {
    expect(jobUri('localhost:631', 7)).toBe('ipp://localhost:631/jobs/7');
    expect(jobUri('/run/cups/cups.sock\n', 7)).toBe('ipp://%2Frun%2Fcups%2Fcups.sock/jobs/7');
  });

  it('reads ipptool CSV with quoted multi-valued fields and escapes', () => {
    const csv = 'job-state,job-state-reasons,job-printer-state-message\naborted,"job-aborted-by-system,printer-stopped","said \\"no\\", twice"\n';
    expect(parseIpptoolCsv(csv)).toEqual([
      { 'job-state': 'aborted', 'job-state-reasons': 'job-aborted-by-system,printer-stopped', 'job-printer-state-message': 'said "no", twice' },
    ]);
    expect(parseIpptoolCsv('job-state,job-state-reasons,job-printer-state-message\ncompleted,processing-to-stop-point,\n')[0]).toEqual({
      'job-state': 'completed',
      'job-state-reasons': 'processing-to-stop-point',
      'job-printer-state-message': '',
    });
    expect(parseIpptoolCsv('')).toEqual([]);
  });
});
