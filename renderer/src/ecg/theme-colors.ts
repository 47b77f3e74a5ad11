import type { Theme } from './palette';

/** Colours of axes and paper grid for SVG charts, per theme. */
export function getChartColors(theme: Theme) {
  return theme === 'dark'
    ? { axis: '#b9bec7', grid: '#3a2f33', text: '#e8e8e8', highlight: '#F0E442' }
    : { axis: '#444a52', grid: '#f3d7d7', text: '#222222', highlight: '#E69F00' };
}
