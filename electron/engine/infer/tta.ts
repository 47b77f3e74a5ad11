import type { TtaConfig } from '../../../common/inference';
import type { ModelManifest } from '../../../common/schemas/model';

/** One augmented copy of the window: out[j] = scale · w[j + shift] (linear, clamped at the ends). */
export interface TtaVariant {
  shift: number;
  scale: number;
}

/**
 * The manifest's measured decision: TTA is on by default only when training found it helps on the
 * image-shift set (`tta.recommended`); the shifts it measured are the ones used.
 */
export function getManifestTta(manifest: Pick<ModelManifest, 'tta'>): TtaConfig | false {
  const t = manifest.tta;
  if (!t?.recommended) return false;
  return normalizeTta({ shifts: t.shift_samples ?? [], scales: t.scales ?? [] });
}

export function normalizeTta(cfg: TtaConfig | false): TtaConfig | false {
  if (!cfg) return false;
  const shifts = [...new Set(cfg.shifts.filter((s) => Number.isFinite(s) && s !== 0))];
  const scales = [...new Set(cfg.scales.filter((a) => Number.isFinite(a) && a > 0 && a !== 1))];
  return shifts.length || scales.length ? { shifts, scales } : false;
}

/** The unaugmented window first (CAM and embedding come from it), then shifts, then scales; not crossed. */
export function getTtaVariants(cfg: TtaConfig | false): TtaVariant[] {
  const out: TtaVariant[] = [{ shift: 0, scale: 1 }];
  if (!cfg) return out;
  for (const shift of cfg.shifts) if (shift !== 0) out.push({ shift, scale: 1 });
  for (const scale of cfg.scales) if (scale !== 1) out.push({ shift: 0, scale });
  return out;
}

/**
 * Stack every variant of `n` windows of length `len` into one [variants·n, len] batch, variant
 * major. Shifting past the window's ends repeats the edge sample: the window is all the signal
 * the engine receives.
 */
export function buildAugmentedBatch(
  beat: Float32Array,
  n: number,
  len: number,
  variants: readonly TtaVariant[],
): Float32Array {
  if (variants.length === 1 && variants[0]!.shift === 0 && variants[0]!.scale === 1) return beat.subarray(0, n * len);
  const out = new Float32Array(variants.length * n * len);
  variants.forEach(({ shift, scale }, v) => {
    for (let b = 0; b < n; b++) {
      const src = b * len;
      const dst = (v * n + b) * len;
      for (let j = 0; j < len; j++) {
        const pos = Math.min(len - 1, Math.max(0, j + shift));
        const i0 = Math.floor(pos);
        const i1 = Math.min(len - 1, i0 + 1);
        const f = pos - i0;
        out[dst + j] = scale * (beat[src + i0]! * (1 - f) + beat[src + i1]! * f);
      }
    }
  });
  return out;
}

/** Repeat the rhythm rows once per variant (rhythm does not change with the window). */
export function repeatRows(rows: Float32Array, n: number, width: number, times: number): Float32Array {
  if (times === 1) return rows.subarray(0, n * width);
  const out = new Float32Array(times * n * width);
  for (let v = 0; v < times; v++) out.set(rows.subarray(0, n * width), v * n * width);
  return out;
}
