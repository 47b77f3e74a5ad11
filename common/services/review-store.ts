import type { z } from 'zod';
import type { LabelValue } from '../ecg/aami';
import type { Beat } from '../schemas/beat';
import type { FileReason, FileStatus, SourceImage } from '../schemas/image';
import type { ModelRef, Prediction } from '../schemas/prediction';
import type { RecordClass, RecordLabelEvent, RecordPrediction } from '../schemas/record';
import type { ReviewEvent, Reviewer } from '../schemas/review';
import type { LeadQuality, PixelMap } from '../schemas/signal';
import type {
  BeatDetail,
  BeatFilter,
  BeatPage,
  BeatSort,
  ImageSummary,
  ReviewSetSummary,
  SheetView,
  Stats,
} from '../schemas/view';

/** A page request for the beat grid; `reviewer` decides what "my label" means. */
export interface BeatListQuery {
  filter?: BeatFilter;
  sort?: z.infer<typeof BeatSort>;
  offset?: number;
  limit?: number;
  reviewer?: string | null;
}

/** One extracted lead as the batch pipeline hands it over (samples in mV, NaN or null = gap). */
export interface LeadInput {
  imageSha256: string;
  name: string;
  fs: number;
  startTime?: number;
  samples: Float32Array | ArrayLike<number | null>;
  pixelMap: PixelMap | null;
  quality: LeadQuality | null;
}

/** The model a batch of predictions came from; registered on first use. */
export interface ModelRegistration {
  ref: ModelRef;
  /** The model's manifest (model.json) as shipped, kept for provenance. */
  manifest: unknown;
}

export type PredictionInput = Prediction & { embedding?: Float32Array | readonly number[] };

export interface ModelSummary {
  id: string;
  name: string;
  version: string;
  sha256: string;
  active: boolean;
  registeredAt: string;
}

/**
 * The review set (one SQLite file) as a service: writers for the batch pipeline, reviewer actions
 * that append to the label log, and the queries the UI needs. Implemented by engine/store/ReviewStore.
 */
export interface ReviewStoreService {
  readonly path: string;

  // Batch pipeline writers
  upsertImage(image: SourceImage): void;
  markImageStatus(sha256: string, status: FileStatus, reasons?: FileReason[]): void;
  /** True once the image has a final status (ok, partial, refused): a resumed batch skips it. */
  hasImage(sha256: string): boolean;
  insertLead(lead: LeadInput): void;
  insertBeats(beats: readonly Beat[]): void;
  insertPredictions(model: ModelRegistration, predictions: readonly PredictionInput[]): void;
  /** A record model's prediction for a whole sheet (replacing the same model's earlier one). */
  insertRecordPrediction(prediction: RecordPrediction): void;
  setActiveModel(modelId: string): void;
  listModels(): ModelSummary[];

  // Reviewer actions: each returns after its events are durable
  setLabel(reviewer: Reviewer, beatIds: readonly string[], label: LabelValue): ReviewEvent[];
  acceptModel(reviewer: Reviewer, beatIds: readonly string[]): ReviewEvent[];
  undo(reviewer: Reviewer): ReviewEvent[];
  redo(reviewer: Reviewer): ReviewEvent[];
  comment(reviewer: Reviewer, beatId: string, text: string): ReviewEvent;
  setFlag(reviewer: Reviewer, beatId: string, flagged: boolean): ReviewEvent;
  /** Record-level label of a sheet; shares the reviewer's undo stack with beat labels. */
  setRecordLabel(reviewer: Reviewer, imageSha256: string, label: RecordClass): RecordLabelEvent[];
  /** Undo/redo returning both the beat and the record-label events the step appended. */
  replay(reviewer: Reviewer, direction: 'undo' | 'redo'): { events: ReviewEvent[]; recordEvents: RecordLabelEvent[] };

  // Queries
  getSummary(): ReviewSetSummary;
  listImages(reviewer?: string | null): ImageSummary[];
  getSheet(imageSha256: string, reviewer?: string | null): SheetView;
  listBeats(query: BeatListQuery): BeatPage;
  getBeat(beatId: string, reviewer?: string | null): BeatDetail;
  findSimilar(beatId: string, k: number): string[];
  listDisagreements(query: { offset?: number; limit?: number; reviewer?: string | null }): BeatPage;
  getStats(): Stats;
  listEvents(query?: { beatId?: string; reviewer?: string; afterId?: number }): ReviewEvent[];

  close(): void;
}
