import { z } from 'zod';

export const ERROR_CODES = [
  'E_INVALID_INPUT',
  'E_NOT_FOUND',
  'E_FORBIDDEN_PATH',
  'E_SCHEMA_TOO_NEW',
  'E_CORRUPT_DATABASE',
  'E_MODEL_INVALID',
  'E_EXPORT_EXISTS',
  'E_EXPORT_INTO_SOURCE',
  'E_IO',
  'E_MISMATCHED_SETS',
  'E_CANCELLED',
  'E_INTERNAL',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** What crosses a process boundary when a call fails: a code to branch on and words for a person. */
export const AppErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.array(z.string()).optional(),
});
export type AppErrorPayload = z.infer<typeof AppErrorPayload>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'AppError';
  }
  toPayload(): AppErrorPayload {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Readable one-line-per-issue text for a zod failure, naming the field path. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

/** Parse or throw an AppError whose message names every offending field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const details = formatIssues(r.error);
  throw new AppError('E_INVALID_INPUT', `invalid ${what}: ${details.join('; ')}`, details);
}
