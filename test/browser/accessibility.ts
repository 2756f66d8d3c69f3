/**
 * A small automated accessibility check run inside the page: what a machine can tell of WCAG 2.1 AA
 * without a person. It is no substitute for trying a page with a screen reader, but it catches the
 * common regressions: a control without a label, an image without alt text, a missing language,
 * skipped heading levels, duplicate ids, a result region nobody hears, and text below the contrast
 * ratios (4.5:1, or 3:1 for large text).
 */
import type { Page } from 'playwright-core';
import type { BrowserGlobals, DomElement } from './browser-globals.js';

/** What the check looks for beyond the general rules: selectors that must be aria-live regions. */
export interface AuditOptions {
  readonly liveRegions?: readonly string[];
}

/** Every violation found in the page as it stands, one sentence each; empty when none. */
export async function auditAccessibility(page: Page, options: AuditOptions = {}): Promise<string[]> {
  return page.evaluate(auditInPage, { liveRegions: [...(options.liveRegions ?? [])] });
}

// Runs in the browser: it may use nothing from this module but types, since only its text is sent.
function auditInPage(options: { liveRegions: string[] }): string[] {
  const { document, getComputedStyle, Node } = globalThis as unknown as BrowserGlobals;
  const problems: string[] = [];
  const describe = (el: DomElement): string => `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.className ? ` class="${String(el.className)}"` : ''}>`;
  const textOf = (ids: string | null): string => (ids ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();

  if (!document.documentElement.lang) problems.push('<html> has no lang');
  if (!document.title.trim()) problems.push('the page has no <title>');

  const controls = document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select');
  for (const c of controls) {
    const labelled = [...(c.labels ?? [])].some((l) => (l.textContent ?? '').trim() !== '') || (c.getAttribute('aria-label') ?? '').trim() !== '' || textOf(c.getAttribute('aria-labelledby')) !== '';
    if (!labelled) problems.push(`${describe(c)} has no label`);
  }
  for (const b of document.querySelectorAll('button, [role=button]')) {
    if (!(b.textContent ?? '').trim() && !(b.getAttribute('aria-label') ?? '').trim()) problems.push(`${describe(b)} has no accessible name`);
  }
  for (const img of document.querySelectorAll('img, input[type=image], area')) {
    if (!img.hasAttribute('alt')) problems.push(`${describe(img)} has no alt attribute`);
  }

  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
  if (headings.filter((level) => level === 1).length !== 1) problems.push(`the page has ${headings.filter((l) => l === 1).length} <h1> headings, not 1`);
  headings.forEach((level, i) => {
    const previous = i === 0 ? 0 : headings[i - 1]!;
    if (level > previous + 1) problems.push(`heading level ${level} follows level ${previous}`);
  });

  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`id "${id}" is used more than once`);
  for (const selector of options.liveRegions) {
    const region = document.querySelector(selector);
    if (region === null) problems.push(`no element matches ${selector}`);
    else if (!region.closest('[aria-live], [role=alert], [role=status], [role=log]')) problems.push(`${describe(region)} is not in an aria-live region`);
  }

  // Contrast of every visible element that holds text of its own, against the first opaque background behind it.
  const rgba = (css: string): [number, number, number, number] => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    const parts = (m?.[1] ?? '0, 0, 0, 0').split(/[,\s/]+/).filter(Boolean).map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const luminance = ([r, g, b]: number[]): number => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
  };
  const backgroundOf = (el: DomElement | null): number[] => {
    for (let e: DomElement | null = el; e !== null; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] >= 1) return bg;
    }
    return [255, 255, 255, 1];
  };
  for (const el of document.querySelectorAll('body *')) {
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (!ownText || style.visibility === 'hidden' || box.width === 0 || box.height === 0 || box.bottom < 0 || box.right < 0) continue;
    const fg = rgba(style.color);
    const bg = backgroundOf(el);
    // A translucent text colour is blended over its background first.
    const blended = [0, 1, 2].map((i) => fg[i]! * fg[3] + bg[i]! * (1 - fg[3]));
    const [hi, lo] = [luminance(blended), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`${describe(el)} "${(el.textContent ?? '').trim().slice(0, 40)}" has contrast ${ratio.toFixed(2)}:1`);
  }
  return problems;
}
