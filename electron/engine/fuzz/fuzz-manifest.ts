import type { ImageFormat, RefusalCode } from '../../../common/schemas/image';

/**
 * What the scan must make of one corpus entry:
 * - `image-ok`: recognised as an image (with the recorded format and size);
 * - `duplicate`: the same bytes as `duplicateOf`, which the walk (name order) meets first;
 * - `refused:<code>`: refused with exactly this reason code;
 * - `any-refused`: refused, with a code that depends on where the damage landed;
 * - `any`: one outcome of any kind (bit flips may or may not break a file);
 * - `no-event`: a folder, or a file hidden inside an unlistable folder: no event of its own.
 */
export type FuzzExpectation = 'image-ok' | 'duplicate' | `refused:${RefusalCode}` | 'any-refused' | 'any' | 'no-event';

export const FUZZ_KINDS = [
  'seed',
  'wrong-extension',
  'truncated',
  'truncated-header',
  'bit-flip',
  'empty',
  'bomb',
  'non-image',
  'symlink-loop',
  'dangling-symlink',
  'symlink-to-image',
  'unreadable-mode',
  'unreadable-folder',
  'fifo',
  'folder-named-image',
  'odd-name',
  'long-name',
  'deep-path',
  'invalid-utf8-name',
  'duplicate',
  'manifest',
] as const;
export type FuzzKind = (typeof FUZZ_KINDS)[number];

export interface FuzzEntry {
  /** Relative to the corpus root, '/'-separated; as Node's readdir spells it (lossy for invalid UTF-8). */
  path: string;
  kind: FuzzKind;
  expect: FuzzExpectation;
  /**
   * 'decode' when the scan is allowed to accept the file and only decoding must refuse it (TIFF
   * strips are checked when decoded, by design of the scan).
   */
  refusedBy?: 'scan' | 'decode';
  /** Format of the bytes (for images and their mutants), which may differ from the extension. */
  format?: ImageFormat;
  width?: number;
  height?: number;
  duplicateOf?: string;
  derivedFrom?: string;
  detail?: string;
  /** Hex of the raw file name bytes when they are not valid UTF-8. */
  rawNameHex?: string;
}

export interface FuzzManifest {
  schema: 1;
  generator: 'ecg-review fuzz';
  seed: number;
  count: number;
  /** sharp/libvips versions: the encoders' bytes (and so the corpus hashes) depend on them. */
  encoders: Record<string, string>;
  runningAsRoot: boolean;
  notes: string[];
  files: FuzzEntry[];
  hugeFolder?: {
    dir: string;
    files: number;
    namePattern: string;
    expect: 'image-ok';
    format: 'png';
    width: number;
    height: number;
  };
}

export const FUZZ_MANIFEST_NAME = 'manifest.json';
