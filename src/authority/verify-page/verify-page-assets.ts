// The verification page's stylesheet and script: plain files in ./assets/, served as they are (no build
// step). The TypeScript build (tsc) copies no such files into dist/, so a server run from
// dist/authority/verify-page/ finds them in the source tree beside dist/ (../../../src/…), which ships
// with the package. They are read once, when the app is built, so a missing file fails at start-up.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One file served to the browser. */
export interface PageAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The files the page loads, by the name it asks for. */
export const PAGE_ASSET_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'verify-page.js': 'text/javascript; charset=utf-8',
  'verify-page.css': 'text/css; charset=utf-8',
});

/** Where the assets may be, relative to this module: beside it (source, tsx), or in the source tree (dist). */
export function assetDirectoryCandidates(moduleUrl: string): string[] {
  return [new URL('./assets/', moduleUrl), new URL('../../../src/authority/verify-page/assets/', moduleUrl)].map((u) => fileURLToPath(u));
}

/** Reads every asset from the first candidate folder that holds them all. */
export function loadPageAssets(moduleUrl: string = import.meta.url): ReadonlyMap<string, PageAsset> {
  const names = Object.keys(PAGE_ASSET_TYPES);
  const candidates = assetDirectoryCandidates(moduleUrl);
  const dir = candidates.find((d) => names.every((n) => existsSync(d + n)));
  if (dir === undefined) throw new Error(`The verification page's files (${names.join(', ')}) are in none of ${candidates.join(', ')}`);
  return new Map(names.map((n) => [n, { contentType: PAGE_ASSET_TYPES[n]!, body: readFileSync(dir + n) }]));
}
