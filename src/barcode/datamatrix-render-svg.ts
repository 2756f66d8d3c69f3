/** SVG rendering of a Data Matrix symbol: one path of module rectangles, crisp edges, white quiet zone. */
import { AppError } from '../errors/app-error.js';
import { dataMatrixModules } from './datamatrix-encode.js';

/** Physical size of the drawing. */
export interface SvgRenderOptions {
  /** Size of one module in `unit`. */
  readonly moduleSize: number;
  /** CSS unit of width and height, such as 'mm', 'in', 'px' or 'pt'. */
  readonly unit: 'mm' | 'cm' | 'in' | 'pt' | 'px';
  /** Light modules on every side; 1 by default, as spec §6 asks. */
  readonly quietZoneModules?: number;
}

/**
 * The dark modules as one SVG path in module units (origin at the symbol's top-left corner, y down),
 * each horizontal run of dark modules one closed rectangle so that no seam shows between them.
 */
export function modulesPath(modules: readonly (readonly boolean[])[], offset = 0): string {
  const parts: string[] = [];
  modules.forEach((row, r) => {
    for (let c = 0; c < row.length; ) {
      if (!row[c]) {
        c++;
        continue;
      }
      const from = c;
      while (c < row.length && row[c]) c++;
      parts.push(`M${from + offset} ${r + offset}h${c - from}v1h-${c - from}z`);
    }
  });
  return parts.join('');
}

/** Renders a module matrix (true = dark) as a standalone SVG document. */
export function renderModulesSvg(modules: readonly (readonly boolean[])[], options: SvgRenderOptions): string {
  const quiet = options.quietZoneModules ?? 1;
  if (!(options.moduleSize > 0) || !Number.isInteger(quiet) || quiet < 1) {
    throw new AppError('INVALID_ARGUMENT', 'moduleSize must be positive and quietZoneModules a whole number of at least 1', { ...options });
  }
  const w = (modules[0]?.length ?? 0) + 2 * quiet;
  const h = modules.length + 2 * quiet;
  const size = (n: number): string => `${Number((n * options.moduleSize).toFixed(6))}${options.unit}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${size(w)}" height="${size(h)}" viewBox="0 0 ${w} ${h}" shape-rendering="crispEdges">`,
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>`,
    `<path fill="#000000" d="${modulesPath(modules, quiet)}"/>`,
    '</svg>',
    '',
  ].join('\n');
}

/** Renders `bytes` as a Base 256 Data Matrix symbol in an SVG document (black on white). */
export function renderDataMatrixSvg(bytes: Uint8Array, options: SvgRenderOptions): string {
  return renderModulesSvg(dataMatrixModules(bytes), options);
}
