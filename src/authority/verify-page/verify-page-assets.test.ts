import { describe, expect, it } from 'vitest';
import { assetDirectoryCandidates, loadPageAssets, PAGE_ASSET_TYPES } from './verify-page-assets.js';

describe('loadPageAssets', () => {
  it('reads the stylesheet and the script beside the source module', () => {
    const assets = loadPageAssets();
    expect([...assets.keys()]).toEqual(Object.keys(PAGE_ASSET_TYPES));
    expect(assets.get('verify-page.css')?.body.toString('utf8')).toContain(':focus-visible');
    expect(assets.get('verify-page.js')?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('finds them in the source tree when run from dist/', () => {
    const fromDist = new URL('../../../dist/authority/verify-page/verify-page-assets.js', import.meta.url).href;
    const [beside, source] = assetDirectoryCandidates(fromDist);
    expect(beside).toMatch(/\/dist\/authority\/verify-page\/assets\/$/);
    expect(source).toBe(new URL('./assets/', import.meta.url).pathname);
    expect(loadPageAssets(fromDist).size).toBe(2);
  });

  it('fails, naming where it looked, when the files are nowhere', () => {
    expect(() => loadPageAssets('file:///nowhere/a/b/c/module.js')).toThrow(/are in none of \/nowhere\/a\/b\/c\/assets\//);
  });
});
