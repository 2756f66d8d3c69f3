// Compiles a few entry points of src/ with the build's own settings (tsconfig.build.json) into a fresh
// folder under test/tmp/, so that a test can run the compiled JavaScript as `npm run build` would lay it
// out in dist/, without compiling (or depending on) the rest of the repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Compiles `entries` (paths under src/) and returns the output folder, laid out like dist/. */
export function compileSubset(entries: readonly string[]): string {
  mkdirSync(join(REPO, 'test/tmp'), { recursive: true });
  const dir = mkdtempSync(join(REPO, 'test/tmp/build-'));
  const outDir = join(dir, 'dist');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(REPO, 'tsconfig.build.json'),
      compilerOptions: { rootDir: join(REPO, 'src'), outDir, sourceMap: false },
      include: [],
      files: entries.map((e) => join(REPO, e)),
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc failed (${run.status}):\n${run.stdout}${run.stderr}`);
  return outDir;
}
