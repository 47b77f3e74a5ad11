import type { BeatDetail } from '../../../../common/schemas/view';
import { D3Svg } from '../../components/D3Svg';
import { computeTraceGeometry } from '../../ecg/computeTraceGeometry';
import { drawTrace } from '../../ecg/drawTrace';
import { getClassColor, type Theme } from '../../ecg/palette';
import { getChartColors } from '../../ecg/theme-colors';

export function TraceView({ detail, theme, width }: { detail: BeatDetail; theme: Theme; width: number }) {
  const g = computeTraceGeometry(detail);
  const c = getChartColors(theme);
  const color = getClassColor(theme, detail.summary.myLabel ?? detail.summary.predicted);
  return (
    <D3Svg
      className="trace-view"
      label={`Reconstructed trace of the beat, ${detail.samples.length} samples at ${detail.fs} Hz, with the saliency band below`}
      deps={[detail, theme, width]}
      draw={(svg) => drawTrace(svg, g, { width, height: 210, color, axisColor: c.axis, gridColor: c.grid })}
    />
  );
}
