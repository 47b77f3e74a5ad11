export { decodeImage, decodeImageFile, ECG_DECODE_MAX_PIXELS, ECG_DECODE_MIN_SIDE } from './decode-image';
export { decodeBmp } from './decode-bmp';
export { ImageDecodeError, isImageDecodeError } from './decode-error';
export { computeGray, type Raster } from './raster';
