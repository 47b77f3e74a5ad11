import type { AppErrorPayload, ErrorCode } from '../../../common/schemas/errors';

/** An API call that failed on the main side, keeping the AppError code so the UI can branch on it. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static fromPayload(p: AppErrorPayload): ApiError {
    return new ApiError(p.code, p.message, p.details);
  }
}

/** Words for a person, whatever was thrown. */
export function getErrorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  return 'Something went wrong';
}
