/** The 2D symbol of spec §6: rendering indicia as Data Matrix, reading them back from images, PDFs and hex. */
export { dataMatrixModules, encodeDataMatrixCodewords } from './datamatrix-encode.js';
export { renderDataMatrixPng, renderModulesPng, type PngRenderOptions } from './datamatrix-render-png.js';
export { renderDataMatrixSvg, renderModulesSvg, type SvgRenderOptions } from './datamatrix-render-svg.js';
export { drawDataMatrixOnPdfPage, type PdfDrawOptions } from './datamatrix-render-pdf.js';
export { decodeDataMatrixPng, decodeDataMatrixImage, decodeDataMatrixModules, type DecodedDataMatrix } from './datamatrix-decode.js';
export { grayFromPng, type GrayImage } from './datamatrix-decode-image.js';
export { readIndicia, PDF_RASTER_DPI, type IndiciumSource } from './read-indicia.js';
