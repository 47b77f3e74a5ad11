/** Programmatic API of the synthetic ECG image renderer (CLI `ecg-review synth`, benchmarks, training). */
export { renderBeatImage, isBeatRenderable, ECG_BEAT_IMAGE_SIZE, type BeatImageOptions } from './beat-image';
export { renderStrip, ECG_DEFAULT_STRIP_S, type StripOptions } from './strip';
export { renderSheet } from './sheet';
export { ECG_SHEET_DURATION_S } from './sheet-layout';
export type { RenderResult } from './page-render';
export type { PageOptions } from './page-options';
export { ECG_DEFAULT_DPI, ECG_MIN_DPI, ECG_MAX_DPI } from './page-options';
export { ECG_ARTIFACT_LEVELS, type ArtifactLevel } from './artifacts';
export { ECG_GRID_COLORS, type GridColor } from './paper-style';
export { ECG_DEFAULT_BEAT_WINDOW, type BeatWindow } from './beat-window';
export { mapSignalToImage, mapImageToSignal, applyHomography, type Homography } from './pixel-map';
export { getSortedBeats } from './record-cache';
export { deriveSeed } from './prng';
export { renderContactSheet } from './contact-sheet';
export { generateSynthSet, type SynthBatchOptions, type SynthBatchItem, type SynthKind } from './batch';
export { blurRaster, type SynthFormat, type SynthFileFormat } from './encode';
export { getImagePixelMap } from './pixel-map';
