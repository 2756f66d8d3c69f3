/** PNG rendering of a Data Matrix symbol: whole pixels per module, black on white, with a quiet zone. */
import { PNG } from 'pngjs';
import { AppError } from '../errors/app-error.js';
import { dataMatrixModules } from './datamatrix-encode.js';

/** Size of the rendered image: pixels per module and light modules around the symbol. */
export interface PngRenderOptions {
  /** Pixels per module, a whole number from 1 up. */
  readonly modulePx: number;
  /** Light modules on every side; the spec asks for at least 1. */
  readonly quietZoneModules: number;
}

/** Renders a module matrix (true = dark) as an 8-bit greyscale PNG with exact pixels. */
export function renderModulesPng(modules: readonly (readonly boolean[])[], options: PngRenderOptions): Buffer {
  const { modulePx, quietZoneModules: quiet } = options;
  if (!Number.isInteger(modulePx) || modulePx < 1 || !Number.isInteger(quiet) || quiet < 1) {
    throw new AppError('INVALID_ARGUMENT', 'modulePx must be a whole number of at least 1 and quietZoneModules at least 1', { modulePx, quietZoneModules: quiet });
  }
  const rows = modules.length;
  const cols = modules[0]?.length ?? 0;
  const png = new PNG({ width: (cols + 2 * quiet) * modulePx, height: (rows + 2 * quiet) * modulePx });
  png.data.fill(255);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (!modules[r]![c]) continue;
      for (let dy = 0; dy < modulePx; dy++) {
        const y = (r + quiet) * modulePx + dy;
        const from = (y * png.width + (c + quiet) * modulePx) * 4;
        // Black, opaque: clear RGB and keep alpha at 255.
        for (let p = from; p < from + modulePx * 4; p += 4) png.data.fill(0, p, p + 3);
      }
    }
  }
  return PNG.sync.write(png, { colorType: 0 });
}

/** Renders `bytes` as a Base 256 Data Matrix symbol in a PNG file (black on white). */
export function renderDataMatrixPng(bytes: Uint8Array, options: PngRenderOptions): Buffer {
  return renderModulesPng(dataMatrixModules(bytes), options);
}
