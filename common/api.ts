import { z } from 'zod';
import { BeatId } from './schemas/beat';
import { BatchProgress } from './schemas/batch';
import { AppErrorPayload } from './schemas/errors';
import { ExportRequest, ExportResult } from './schemas/export';
import { RefusedFile } from './schemas/image';
import { LabelValueSchema, Sha256, UserPath } from './schemas/primitives';
import { RecordClass, RecordLabelEvent } from './schemas/record';
import { ReviewEvent, Reviewer } from './schemas/review';
import {
  BeatDetail,
  BeatFilter,
  BeatPage,
  BeatSort,
  ImageSummary,
  ReviewSetSummary,
  SheetView,
  Stats,
} from './schemas/view';

/**
 * The one API the renderer can call. Each entry names its channel and the zod schemas of its input
 * and output; the Electron main process, the preload bridge, the loopback HTTP host and the
 * renderer's client are all built by looping over this table, so none of them can drift.
 */
export const ECG_CHANNEL_PREFIX = 'ecg:';

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const ModelInfo = z.object({ id: z.string(), name: z.string(), version: z.string(), active: z.boolean() });
/** `hasPredictions`: the open review set already holds this model's predictions (else rerunInference fills them). */
export const SetActiveModelResult = z.object({ id: z.string(), modelId: z.string(), hasPredictions: z.boolean() });
/** `modelId` is the store's id (name@version#sha12) the predictions were written under; `changed` counts class changes. */
export const RerunInferenceResult = z.object({
  modelId: z.string(),
  previousModelId: z.string().nullable(),
  beats: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
});

const UndoResult = z.object({
  event: ReviewEvent.nullable(),
  events: z.array(ReviewEvent),
  recordEvents: z.array(RecordLabelEvent).default([]),
});

export const API = {
  getAppInfo: call(
    Empty,
    z.object({
      version: z.string(),
      host: z.enum(['electron', 'loopback']),
      reviewer: Reviewer.nullable(),
      sampleFolder: z.string().nullable(),
      reviewSet: ReviewSetSummary.nullable(),
      recent: z.array(z.string()),
    }),
  ),
  setReviewer: call(Reviewer, Ok),
  listModels: call(Empty, z.array(ModelInfo)),
  /** Make an installed model (an id from listModels) the one new batches and rerunInference use. */
  setActiveModel: call(z.object({ id: z.string().min(1) }).strict(), SetActiveModelResult),
  /** Re-classify every beat of the open review set with the active model; labels are never touched. */
  rerunInference: call(Empty, RerunInferenceResult),
  startBatch: call(
    z.object({ folder: UserPath, reviewSet: UserPath.optional() }).strict(),
    z.object({ batchId: z.string(), reviewSet: z.string() }),
  ),
  cancelBatch: call(z.object({ batchId: z.string() }).strict(), Ok),
  getBatchProgress: call(z.object({ batchId: z.string() }).strict(), BatchProgress),
  openReviewSet: call(z.object({ path: UserPath }).strict(), ReviewSetSummary),
  listImages: call(Empty, z.array(ImageSummary)),
  /** Files of the batches that never became an image (not an image, unreadable, cut short, duplicate), with reasons. */
  listRefusedFiles: call(Empty, z.array(RefusedFile)),
  listBeats: call(
    z
      .object({
        filter: BeatFilter.default({}),
        sort: BeatSort.default('position'),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(2000).default(200),
      })
      .strict(),
    BeatPage,
  ),
  getBeat: call(z.object({ beatId: BeatId }).strict(), BeatDetail),
  setLabel: call(
    z.object({ beatIds: z.array(BeatId).min(1).max(100_000), label: LabelValueSchema }).strict(),
    z.object({ events: z.array(ReviewEvent) }),
  ),
  acceptModel: call(
    z.object({ beatIds: z.array(BeatId).min(1).max(100_000) }).strict(),
    z.object({ events: z.array(ReviewEvent) }),
  ),
  /**
   * `event` is the first of the action's beat events (null when the action held none); `events` all of
   * them; `recordEvents` the record-label events (beat and record labels share one undo stack).
   */
  undo: call(Empty, UndoResult),
  redo: call(Empty, UndoResult),
  comment: call(z.object({ beatId: BeatId, text: z.string().min(1).max(2000) }).strict(), Ok),
  setFlag: call(z.object({ beatId: BeatId, flagged: z.boolean() }).strict(), Ok),
  findSimilar: call(
    z.object({ beatId: BeatId, k: z.number().int().positive().max(5000).default(50) }).strict(),
    z.object({ beatIds: z.array(BeatId) }),
  ),
  listDisagreements: call(
    z
      .object({
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().positive().max(2000).default(200),
      })
      .strict(),
    BeatPage,
  ),
  getStats: call(Empty, Stats),
  exportSet: call(ExportRequest, ExportResult),
  getImageUrl: call(z.object({ sha256: Sha256 }).strict(), z.object({ url: z.string() })),
  /** A whole sheet: the scan, its stored leads, the record-level prediction and the record labels. */
  getSheet: call(z.object({ imageSha256: Sha256 }).strict(), SheetView),
  /** The reviewer's record-level label for one sheet (appended to the record-label log; undoable). */
  setRecordLabel: call(
    z.object({ imageSha256: Sha256, label: RecordClass }).strict(),
    z.object({ events: z.array(RecordLabelEvent) }),
  ),
} as const;

export type ApiTable = typeof API;
export type ApiMethod = keyof ApiTable;
export type ApiInput<M extends ApiMethod> = z.input<ApiTable[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiTable[M]['output']>;

/** Events main → renderer. */
export const EVENTS = {
  batchProgress: BatchProgress,
  error: AppErrorPayload,
} as const;
export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** The object the renderer sees as `window.ecg`, whichever host serves it. */
export type EcgApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export function getChannel(method: ApiMethod): string {
  return `${ECG_CHANNEL_PREFIX}${method}`;
}

export const API_METHODS = Object.keys(API) as ApiMethod[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** Channel of a main → renderer event; distinct from every call channel. */
export function getEventChannel(event: EventName): string {
  return `${ECG_CHANNEL_PREFIX}event:${event}`;
}

/** Result envelope used on every transport so errors survive serialisation with their code. */
export const Envelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppErrorPayload }),
]);
export type Envelope = z.infer<typeof Envelope>;
