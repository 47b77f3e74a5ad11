import type { RefusalCode } from '../../../common/schemas/image';

/** A decode failure with the refusal code the batch records for the file (one code per cause). */
export class ImageDecodeError extends Error {
  readonly code: RefusalCode;
  constructor(code: RefusalCode, message: string) {
    super(message);
    this.name = 'ImageDecodeError';
    this.code = code;
  }
}

export function isImageDecodeError(err: unknown): err is ImageDecodeError {
  return err instanceof ImageDecodeError;
}
