// The harness's promise when PostgreSQL is down: skipped with a warning locally, failing under CI.
// Checked by running a probe suite in a nested vitest with PG_URL at a port where nothing listens.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const CONFIG = fileURLToPath(new URL('./fixtures/vitest.probe.config.ts', import.meta.url));
const DEAD_PG_URL = 'postgres://postgres@127.0.0.1:1/test';

interface ProbeResult {
  readonly exitCode: number;
  readonly output: string;
  readonly tests: readonly { fullName: string; status: string; failureMessages: string[] }[];
}

async function runProbe(ci: boolean): Promise<ProbeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'indicia-harness-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PG_URL: DEAD_PG_URL };
    delete env.CI;
    delete env.TEST_DIALECTS;
    if (ci) env.CI = '1';
    const outputFile = join(dir, 'report.json');
    const args = [VITEST, 'run', '--config', CONFIG, '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`];
    const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((resolve) => {
      execFile(process.execPath, args, { cwd: ROOT, env, timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ exitCode: err ? Number((err as { code?: unknown }).code ?? 1) : 0, output: stdout + stderr });
      });
    });
    const report = JSON.parse(await readFile(outputFile, 'utf8')) as { testResults: { assertionResults: ProbeResult['tests'] }[] };
    return { exitCode, output, tests: report.testResults.flatMap((r) => r.assertionResults) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const statusOf = (result: ProbeResult, prefix: string): string[] =>
  result.tests.filter((t) => t.fullName.startsWith(prefix)).map((t) => t.status);

describe('forEachDialect when PostgreSQL is unreachable', { timeout: 90_000 }, () => {
  it('skips the PostgreSQL tests with a warning outside CI, and still runs SQLite', async () => {
    const result = await runProbe(false);
    expect(result.exitCode).toBe(0);
    expect(statusOf(result, 'sqlite')).toEqual(['passed']);
    expect(statusOf(result, 'postgres').length).toBeGreaterThan(0);
    expect(statusOf(result, 'postgres').every((s) => s === 'skipped' || s === 'pending')).toBe(true);
    expect(result.output).toContain(`PG_URL=${DEAD_PG_URL} is unreachable`);
  });

  it('fails the PostgreSQL tests under CI, saying PG_URL is unreachable', async () => {
    const result = await runProbe(true);
    expect(result.exitCode).not.toBe(0);
    expect(statusOf(result, 'sqlite')).toEqual(['passed']);
    const postgres = result.tests.filter((t) => t.fullName.startsWith('postgres'));
    expect(postgres.length).toBeGreaterThan(0);
    for (const t of postgres) {
      expect(t.status).toBe('failed');
      expect(t.failureMessages.join('\n')).toContain(`PG_URL=${DEAD_PG_URL} is unreachable`);
    }
  });
});
