import type { ArtifactLevel } from './artifacts';
import type { Prng } from './prng';

/**
 * The signal-level distribution shift of seed 000's test set: amplitude scaling, baseline drift,
 * additive Gaussian noise and temporal warping, at graded strengths (level 0 = none).
 */
export interface ShiftPlan {
  level: ArtifactLevel;
  /** Factor applied about the window's median. */
  amplitude: number;
  /** Peak amplitude of a slow sinusoidal drift, mV. */
  baselineDrift: number;
  driftHz: number;
  driftPhase: number;
  /** Standard deviation of white noise, mV. */
  noise: number;
  /** Relative stretch of the time axis about the R peak (0.1 = the beat drawn 10 % wider). */
  timeWarp: number;
}

// Largest strength per level: ln(amplitude factor), drift mV, noise mV, stretch.
const ECG_SHIFT_LIMITS = [
  [0, 0, 0, 0],
  [0.12, 0.05, 0.01, 0.04],
  [0.3, 0.15, 0.025, 0.1],
  [0.55, 0.3, 0.05, 0.18],
] as const;

export function planShift(level: ArtifactLevel, prng: Prng): ShiftPlan {
  const [amp, drift, noise, warp] = ECG_SHIFT_LIMITS[level];
  // Each component between a third and all of its level's limit, so levels stay distinct.
  const pickStrength = (max: number) => (max ? max * prng.range(1 / 3, 1) : 0);
  return {
    level,
    amplitude: Math.exp(prng.sign() * pickStrength(amp)),
    baselineDrift: pickStrength(drift),
    driftHz: prng.range(0.3, 1.2),
    driftPhase: prng.range(0, 2 * Math.PI),
    noise: pickStrength(noise),
    timeWarp: warp ? prng.sign() * pickStrength(warp) : 0,
  };
}
