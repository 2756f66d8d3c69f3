/**
 * The few browser globals that code run inside pages (page.evaluate) uses, typed without the DOM
 * library: the project's type-check (tsconfig.test.json) has Node's types only, and adding lib "dom"
 * for the whole program would give every Node file browser globals too. In-page code reads them as
 *
 *   const { document } = globalThis as unknown as BrowserGlobals;
 *
 * which the browser runs as it stands (the types vanish when compiled).
 */

/** A DOM node, as far as the tests read it. */
export interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
}

/** A box in CSS pixels. */
export interface DomRect {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** A DOM element, as far as the tests read it. */
export interface DomElement extends DomNode {
  readonly tagName: string;
  readonly id: string;
  readonly className: string;
  readonly innerText: string;
  readonly childNodes: Iterable<DomNode>;
  readonly parentElement: DomElement | null;
  readonly nextElementSibling: DomElement | null;
  /** Form controls only. */
  readonly labels?: Iterable<DomElement> | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  closest(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getBoundingClientRect(): DomRect;
}

/** The computed style properties the tests read. */
export interface DomStyle {
  readonly color: string;
  readonly backgroundColor: string;
  readonly fontSize: string;
  readonly fontWeight: string;
  readonly visibility: string;
  readonly outlineStyle: string;
  readonly outlineWidth: string;
}

/** A 2D canvas, for drawing a test photo in the page. */
export interface DomCanvas extends DomElement {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    drawImage(image: DomImage, x: number, y: number): void;
  } | null;
  toDataURL(type: string, quality?: number): string;
}

/** An <img> made by the test. */
export interface DomImage {
  src: string;
  readonly width: number;
  readonly height: number;
  decode(): Promise<void>;
}

/** The document. */
export interface DomDocument {
  readonly title: string;
  readonly documentElement: DomElement & { readonly lang: string; readonly clientWidth: number; readonly scrollWidth: number };
  readonly activeElement: DomElement | null;
  getElementById(id: string): DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  createElement(tag: 'canvas'): DomCanvas;
}

/** The globals in-page code uses. */
export interface BrowserGlobals {
  readonly document: DomDocument;
  getComputedStyle(element: DomElement): DomStyle;
  readonly Node: { readonly TEXT_NODE: number };
  readonly Image: new () => DomImage;
}
