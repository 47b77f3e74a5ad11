import type { z } from 'zod';
import type { SynthTruth, TruthBeat, TruthPanel } from '../../../common/schemas/truth';
import type { WfdbRecord } from '../wfdb/record';
import {
  type ArtifactLevel,
  applyCreases,
  applyLighting,
  applyPhotocopy,
  computePageTransform,
  describeArtifacts,
  planArtifacts,
  warpRaster,
} from './artifacts';
import { encodeWithArtifacts, type SynthFileFormat, type SynthFormat } from './encode';
import { drawECGGrid } from './grid';
import type { PageLayout } from './page-layout';
import { computePanelPixelMap, drawPanelTrace } from './panel';
import { ECG_INK, ECG_PAPER_STYLES, fadeColor, type GridColor } from './paper-style';
import { drawPenMarks } from './pen-marks';
import { applyHomography, IDENTITY_HOMOGRAPHY } from './pixel-map';
import { createPrng, deriveSeed } from './prng';
import { compositeMask, createMask, createRaster, drawPolyline, drawSegment, type Mask } from './raster';
import { getSortedBeats } from './record-cache';
import { drawText } from './stroke-font';
import { buildTruthLead, getBeatsInRange, makeTruthBeat, roundTo } from './truth';

export interface PageRenderOptions {
  kind: 'strip' | 'sheet';
  format: SynthFormat;
  seed: number;
  artifacts: ArtifactLevel;
  grid: GridColor;
  traceWidthMm: number;
  dpi: number;
}

export interface RenderResult {
  /** The encoded file (PNG unless a JPEG was asked for, or 'auto' chose one for a compressed scan). */
  image: Buffer;
  format: SynthFileFormat;
  truth: SynthTruth;
}

/** The 1 mV, 0.2 s calibration pulse every ECG printout starts with. */
function drawCalibrationPulse(mask: Mask, x: number, y: number, pxPerMm: number, hw: number): void {
  const xs = [x, x + 2 * pxPerMm, x + 2 * pxPerMm, x + 7 * pxPerMm, x + 7 * pxPerMm, x + 9 * pxPerMm];
  const ys = [y, y, y - 10 * pxPerMm, y - 10 * pxPerMm, y, y];
  drawPolyline(mask, xs, ys, hw);
}

/**
 * Print a laid-out page (grid, pulses, traces through the true samples, labels), apply the
 * artefact level, encode it, and describe it all in a SynthTruth.
 */
export async function renderPage(record: WfdbRecord, layout: PageLayout, o: PageRenderOptions): Promise<RenderResult> {
  const { widthPx: W, heightPx: H, pxPerMm } = layout;
  const artPrng = createPrng(deriveSeed(o.seed, 2));
  const plan = planArtifacts(o.kind, o.artifacts, artPrng, o.dpi, W, H);

  const base = ECG_PAPER_STYLES[o.grid];
  const fade = plan.fade ?? 0;
  const style = {
    ...base,
    minor: fadeColor(base.minor, base.paper, fade * 0.7),
    major: fadeColor(base.major, base.paper, fade * 0.7),
  };
  const page = createRaster(W, H, 3, style.paper);
  drawECGGrid(page, style, layout.gridBox, layout.gridOrigin, pxPerMm);

  const traceWidthPx = o.traceWidthMm * pxPerMm;
  const hw = traceWidthPx / 2;
  const ink = createMask(W, H);
  const maps = layout.panels.map((p) => computePanelPixelMap(record, p, W / 2, H / 2));
  layout.panels.forEach((p, k) => drawPanelTrace(ink, record, p, maps[k]!, hw));
  for (const pulse of layout.pulses) drawCalibrationPulse(ink, pulse.x, pulse.y, pxPerMm, hw);
  for (const s of layout.separators) drawSegment(ink, s.x, s.y0, s.x, s.y1, hw);
  for (const t of layout.texts)
    drawText(ink, t.text, t.x, t.y, { capPx: t.capPx, strokePx: Math.max(1, t.capPx * 0.11) });
  compositeMask(page, ink, ECG_INK, 1 - fade);

  const allBeats = getSortedBeats(record);
  const pageBeats: { panel: number; beat: (typeof allBeats)[number]; x: number; y: number }[] = [];
  layout.panels.forEach((p, k) => {
    const m = maps[k]!;
    const mv = record.signals[p.channel]!.mv;
    for (const b of getBeatsInRange(allBeats, p.startSample, p.startSample + p.nSamples)) {
      pageBeats.push({
        panel: k,
        beat: b,
        x: m.originX + ((b.sample - p.startSample) / record.fs) * m.pxPerSecond,
        y: m.originY - mv[b.sample]! * m.pxPerMv,
      });
    }
  });

  if (plan.marks) drawPenMarks(page, plan.marks, artPrng, pxPerMm, pageBeats);
  if (plan.creases.length) applyCreases(page, plan.creases);
  if (plan.photocopy) applyPhotocopy(page, plan.photocopy.threshold, artPrng);
  const h = computePageTransform(plan, W, H);
  const image = h === IDENTITY_HOMOGRAPHY ? page : warpRaster(page, h);
  if (plan.lighting) applyLighting(image, plan.lighting.strength, plan.lighting.angle);
  const file = await encodeWithArtifacts(image, plan, artPrng, o.dpi, o.format);

  const panels: z.infer<typeof TruthPanel>[] = layout.panels.map((p, k) => ({
    lead: p.label,
    channel: p.channel,
    box: maps[k]!.panel,
    pixelMap: maps[k]!,
    startTime: p.startSample / record.fs,
    duration: p.nSamples / record.fs,
  }));
  const beats: z.infer<typeof TruthBeat>[] = pageBeats.map((b) =>
    makeTruthBeat(b.panel, b.beat, applyHomography(h, b.x, b.y)),
  );
  const channels = [...new Set(layout.panels.map((p) => p.channel))].sort((a, b) => a - b);
  const start = Math.min(...layout.panels.map((p) => p.startSample));
  const end = Math.max(...layout.panels.map((p) => p.startSample + p.nSamples));
  const truth: SynthTruth = {
    version: 1,
    record: record.name,
    kind: o.kind,
    seed: o.seed,
    artifactLevel: o.artifacts,
    width: W,
    height: H,
    dpi: o.dpi,
    gridColor: o.grid === 'none' ? null : o.grid,
    rotationDeg: plan.rotationDeg,
    leads: channels.map((c) => buildTruthLead(record, c, start, end)),
    panels,
    beats,
    pageTransform: [...h],
    artifacts: describeArtifacts(plan),
    traceWidthPx: roundTo(traceWidthPx, 4),
  };
  return { ...file, truth };
}
