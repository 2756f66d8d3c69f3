// The rate tables are JSON modules: TypeScript must copy them beside the compiled code and Node must
// load them from there, as from dist/ after `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RATE_BOOK } from '../../src/rates/rate-tables.js';
import { REPO, compileSubset } from './compile-subset.js';

let outDir = '';

beforeAll(() => {
  outDir = compileSubset(['src/rates/index.ts']);
}, 120_000);

afterAll(() => rmSync(dirname(outDir), { recursive: true, force: true }));

describe('the compiled rates module', () => {
  it('has every rate table copied beside it, with the same content (tsc re-prints JSON)', () => {
    for (const schedule of BUILTIN_RATE_BOOK.schedules) {
      const name = `rates/tables/${schedule.id}.json`;
      expect(existsSync(join(outDir, name)), name).toBe(true);
      expect(JSON.parse(readFileSync(join(outDir, name), 'utf8'))).toEqual(JSON.parse(readFileSync(join(REPO, 'src', name), 'utf8')));
    }
  });

  it('loads the tables and quotes under plain Node, with no warning', () => {
    const script = [
      `const { quote } = await import(${JSON.stringify(join(outDir, 'rates/index.js'))});`,
      "const q = quote({ rateCategory: 'priority-mail', weightOz: 20, originZip: '10001', destinationZip: '94107', dateOfMailing: '2026-08-01' });",
      'console.log(JSON.stringify({ mills: q.postageMills.toString(), zone: q.zone, table: q.table.id }));',
    ].join('\n');
    const compiled = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    const out = compiled.stdout;
    const source = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script.replace(join(outDir, 'rates/index.js'), join(REPO, 'src/rates/index.ts'))], {
      cwd: REPO,
      encoding: 'utf8',
    });
    // The compiled module answers exactly as the source does.
    expect(JSON.parse(out)).toEqual(JSON.parse(source));
    expect(JSON.parse(out)).toMatchObject({ table: '2026-07-12' });
  });
});
