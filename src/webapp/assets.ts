// The app's stylesheet and scripts: plain files in ./assets/, served as they are (no bundler, no build
// step). tsc copies no such files into dist/, so a server run from dist/webapp/ finds them in the source
// tree beside dist/ (../../src/webapp/assets/), which ships with the package. They are read once, when
// the routes are registered, so a missing file fails at start-up rather than on a page view.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One file served to the browser. */
export interface AppAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

const JS = 'text/javascript; charset=utf-8';

/** The files under /app/assets/, by name. */
export const APP_ASSET_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'app.css': 'text/css; charset=utf-8',
  'api.js': JS,
  'once-form.js': JS,
  'operator.js': JS,
  'operator-login.js': JS,
  'customer.js': JS,
});

/** Where the assets may be, relative to this module: beside it (source, tsx), or in the source tree (dist). */
export function appAssetDirectories(moduleUrl: string): string[] {
  return [new URL('./assets/', moduleUrl), new URL('../../src/webapp/assets/', moduleUrl)].map((u) => fileURLToPath(u));
}

/** Reads every asset from the first candidate folder that holds them all. */
export function loadAppAssets(moduleUrl: string = import.meta.url): ReadonlyMap<string, AppAsset> {
  const names = Object.keys(APP_ASSET_TYPES);
  const candidates = appAssetDirectories(moduleUrl);
  const dir = candidates.find((d) => names.every((n) => existsSync(d + n)));
  if (dir === undefined) throw new Error(`The web app's files (${names.join(', ')}) are in none of ${candidates.join(', ')}`);
  return new Map(names.map((n) => [n, { contentType: APP_ASSET_TYPES[n]!, body: readFileSync(dir + n) }]));
}
