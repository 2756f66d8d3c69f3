// Entry of `npm run bench` (node dist/bench/main.js [section ...]): runs every registered section, or
// the ones named. Sections print ratios against bounds measured in the same run, since absolute
// numbers move from machine to machine and run to run.
import { runBench } from './run-bench.js';
import { BENCH_SECTIONS } from './sections/index.js';

process.exitCode = await runBench(process.argv.slice(2), BENCH_SECTIONS, (line) => process.stdout.write(`${line}\n`));
