import { z } from 'zod';
import { API_METHODS, EVENT_NAMES, Envelope, type ApiMethod, type EventName } from './api';
import { AppErrorPayload } from './schemas/errors';

/**
 * Messages between the Electron main process and the utility process that runs the engine.
 * Main validates the renderer's input with the API table before forwarding, and the output again
 * on the way back; these schemas only guard the process boundary itself.
 */
const MethodName = z.enum(API_METHODS as [ApiMethod, ...ApiMethod[]]);
const EventNameSchema = z.enum(EVENT_NAMES as [EventName, ...EventName[]]);

/** What the engine cannot find out for itself in a utility process (it has no `app` to ask). */
export const WorkerInit = z
  .object({
    kind: z.literal('init'),
    version: z.string(),
    /** Models ship outside app.asar (extraResources), so only main knows where. */
    modelsDir: z.string().min(1),
    sampleFolder: z.string().nullable(),
  })
  .strict();
export type WorkerInit = z.infer<typeof WorkerInit>;

export const WorkerCall = z
  .object({ kind: z.literal('call'), id: z.number().int().nonnegative(), method: MethodName, input: z.unknown() })
  .strict();
export type WorkerCall = z.infer<typeof WorkerCall>;

/** Close the review set cleanly (SQLite checkpoint) and exit; main kills the process if this takes too long. */
export const WorkerShutdown = z.object({ kind: z.literal('shutdown') }).strict();

export const WorkerRequest = z.discriminatedUnion('kind', [WorkerInit, WorkerCall, WorkerShutdown]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;

export const WorkerReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('fatal'), error: AppErrorPayload }),
  z.object({ kind: z.literal('result'), id: z.number().int().nonnegative(), envelope: Envelope }),
  z.object({ kind: z.literal('event'), event: EventNameSchema, payload: z.unknown() }),
]);
export type WorkerReply = z.infer<typeof WorkerReply>;
