export {
  digitizeImage,
  digitizeRaster,
  type DigitizeOptions,
  type DigitizeResult,
  type DigitizeStatus,
} from './digitize-image';
export { ECG_DIGITIZE_FS } from './digitize-sheet';
export { mapSampleToSource } from './pixel-map';
