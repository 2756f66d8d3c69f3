// Shared by the CUPS tests: whether CUPS is set up as scripts/cups-setup.sh sets it up (queues indicia-pdf
// and indicia-zpl), where CUPS-PDF writes a job's PDF, and cropping a slot out of a rasterised page.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { GrayImage } from '../../../src/barcode/index.js';
import type { CupsJob } from '../../../src/print/cups/index.js';
import { ptToPx, type Rect } from '../../../src/print/index.js';

/** The CUPS-PDF queue scripts/cups-setup.sh adds. */
export const PDF_QUEUE = 'indicia-pdf';
/** The raw queue scripts/cups-setup.sh adds, and the port its socket:// device sends to. */
export const ZPL_QUEUE = 'indicia-zpl';
export const ZPL_PORT = 19100;
/** The CUPS-PDF settings of the indicia-pdf queue (device cups-pdf:/indicia). */
export const CUPS_PDF_CONF = '/etc/cups/cups-pdf-indicia.conf';

function lpstat(args: string[]): string {
  return execFileSync('lpstat', args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
}

/** What keeps the CUPS tests from running, or undefined when CUPS is ready. */
export function cupsProblem(): string | undefined {
  try {
    if (!/scheduler is running/.test(lpstat(['-r']))) return 'the CUPS scheduler is not running';
    const queues = lpstat(['-e']).split('\n');
    for (const queue of [PDF_QUEUE, ZPL_QUEUE]) if (!queues.includes(queue)) return `CUPS has no queue ${queue}`;
    if (!existsSync(CUPS_PDF_CONF)) return `${CUPS_PDF_CONF} is missing`;
    execFileSync('ipptool', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { path?: string };
    return e.code === 'ENOENT' ? `${e.path ?? 'a CUPS tool'} is not installed` : `CUPS cannot be asked (${e.message.split('\n')[0]})`;
  }
}

/** The problem found once per test file; the tests run when there is none, and always under CI (where they then fail). */
export const CUPS_PROBLEM = cupsProblem();
export const cupsTestsRun = CUPS_PROBLEM === undefined || Boolean(process.env.CI);
if (CUPS_PROBLEM !== undefined && !process.env.CI) {
  console.warn(`${CUPS_PROBLEM}: skipping the CUPS printing tests. Run scripts/cups-setup.sh as root to set CUPS up.`);
}

/** The folder CUPS-PDF writes this user's jobs to: its Out setting with ${USER} and ${HOME} filled in. */
export function cupsPdfOutDir(): string {
  const out = /^Out\s+(.+)$/m.exec(readFileSync(CUPS_PDF_CONF, 'utf8'))?.[1]?.trim();
  if (!out) throw new Error(`${CUPS_PDF_CONF} has no Out line`);
  return out.replaceAll('${USER}', userInfo().username).replaceAll('${HOME}', homedir());
}

/** The file CUPS-PDF wrote for a job (Label 1 names it job_N-TITLE.pdf). */
export function cupsPdfFile(job: CupsJob): string {
  const dir = cupsPdfOutDir();
  const files = readdirSync(dir).filter((f) => f.startsWith(`job_${job.number}-`) && f.endsWith('.pdf'));
  if (files.length !== 1) throw new Error(`expected one job_${job.number}-*.pdf in ${dir}, found ${JSON.stringify(files)}`);
  return join(dir, files[0]!);
}

/** The pixels of a rectangle of the page (points), rounded outwards, and where the crop starts. */
export function cropRect(page: GrayImage, r: Rect, dpi: number): { image: GrayImage; left: number; top: number } {
  const left = Math.floor(ptToPx(r.x, dpi));
  const top = Math.floor(ptToPx(r.y, dpi));
  const width = Math.min(page.width, Math.ceil(ptToPx(r.x + r.width, dpi))) - left;
  const height = Math.min(page.height, Math.ceil(ptToPx(r.y + r.height, dpi))) - top;
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) gray.set(page.gray.subarray((top + y) * page.width + left, (top + y) * page.width + left + width), y * width);
  return { image: { width, height, gray }, left, top };
}
