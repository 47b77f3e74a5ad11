import type { BeatDetail } from '../../../../common/schemas/view';
import { D3Svg } from '../../components/D3Svg';
import { computeRecordRR } from '../../ecg/computeRecordRR';
import { drawTachogram } from '../../ecg/drawTachogram';
import { getClassColor, type Theme } from '../../ecg/palette';
import { getChartColors } from '../../ecg/theme-colors';

/** The record's RR intervals: from all its beats when they are loaded, else the detail's own context. */
export function Tachogram({
  detail,
  rSamples,
  theme,
  width,
  onPick,
}: {
  detail: BeatDetail;
  rSamples: readonly number[];
  theme: Theme;
  width: number;
  onPick: (rSample: number) => void;
}) {
  const c = getChartColors(theme);
  const rr = rSamples.length > 2 ? computeRecordRR(rSamples, detail.fs) : detail.rr;
  return (
    <D3Svg
      className="tachogram"
      label={`RR-interval tachogram of the record, ${rr.length} intervals`}
      deps={[detail, rr.length, theme, width]}
      draw={(svg) =>
        drawTachogram(
          svg,
          rr,
          detail.summary.rSample,
          {
            width,
            height: 120,
            fs: detail.fs,
            color: getClassColor(theme, 'N'),
            highlight: c.highlight,
            axisColor: c.axis,
          },
          onPick,
        )
      }
    />
  );
}
