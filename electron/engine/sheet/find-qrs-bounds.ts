import { ECG_TEMPLATE_FS, ECG_TEMPLATE_LENGTH, ECG_TEMPLATE_R_INDEX } from './compute-lead-templates';

/** Onset/offset: where the leads' summed slope falls below this share of its QRS peak. */
const ECG_QRS_SLOPE_SHARE = 0.15;
/** ...and stays below it this long (s), so a notch inside the QRS does not end it. */
const ECG_QRS_QUIET_S = 0.016;
const ECG_QRS_SEARCH_S = [0.15, 0.2] as const;
/** Plausible QRS durations (s); a measure outside is clamped. */
const ECG_QRS_RANGE_S = [0.05, 0.2] as const;

export interface QrsBounds {
  /** Template indices (ECG_TEMPLATE_FS) of the QRS onset and offset (J point). */
  onset: number;
  offset: number;
}

/**
 * QRS onset and J point shared by all leads, from the summed absolute slope of the median beats:
 * one global pair, as electrocardiographs measure QRS duration across leads.
 */
export function findQrsBounds(templates: readonly Float64Array[]): QrsBounds {
  const n = ECG_TEMPLATE_LENGTH;
  const v = new Float64Array(n);
  for (const t of templates) {
    for (let j = 1; j < n - 1; j++) {
      const d = Math.abs(t[j + 1]! - t[j - 1]!);
      if (!Number.isNaN(d)) v[j]! += d;
    }
  }
  const r = ECG_TEMPLATE_R_INDEX;
  const lo = Math.max(1, r - Math.round(ECG_QRS_SEARCH_S[0] * ECG_TEMPLATE_FS));
  const hi = Math.min(n - 2, r + Math.round(ECG_QRS_SEARCH_S[1] * ECG_TEMPLATE_FS));
  let peak = r;
  const near = Math.round(0.06 * ECG_TEMPLATE_FS);
  for (let j = r - near; j <= r + near; j++) if (v[j]! > v[peak]!) peak = j;
  const thr = ECG_QRS_SLOPE_SHARE * v[peak]!;
  const quiet = Math.max(1, Math.round(ECG_QRS_QUIET_S * ECG_TEMPLATE_FS));
  const isQuiet = (j: number, dir: 1 | -1) => {
    for (let k = 0; k < quiet; k++) {
      const i = j + dir * k;
      if (i < 1 || i > n - 2) break;
      if (v[i]! >= thr) return false;
    }
    return true;
  };
  let onset = lo;
  for (let j = peak; j >= lo; j--) {
    if (isQuiet(j, -1)) {
      onset = j;
      break;
    }
  }
  let offset = hi;
  for (let j = peak; j <= hi; j++) {
    if (isQuiet(j, 1)) {
      offset = j;
      break;
    }
  }
  const minLen = Math.round(ECG_QRS_RANGE_S[0] * ECG_TEMPLATE_FS);
  const maxLen = Math.round(ECG_QRS_RANGE_S[1] * ECG_TEMPLATE_FS);
  if (offset - onset < minLen) offset = onset + minLen;
  if (offset - onset > maxLen) offset = onset + maxLen;
  return { onset, offset };
}
