#!/usr/bin/env node
// The `indicia` command line runs the compiled sources; `npm install` builds them (prepare script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('error INTERNAL: the project is not built. Run npm install (or npm run build) in its folder.\n');
  process.exit(1);
}
await import(main.href);
