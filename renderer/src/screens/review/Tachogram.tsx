import type { BeatDetail } from '../../../../common/schemas/view';
import { D3Svg } from '../../components/D3Svg';
import { drawTachogram } from '../../ecg/drawTachogram';
import { getClassColor, type Theme } from '../../ecg/palette';
import { getChartColors } from '../../ecg/theme-colors';

export function Tachogram({
  detail,
  theme,
  width,
  onPick,
}: {
  detail: BeatDetail;
  theme: Theme;
  width: number;
  onPick: (rSample: number) => void;
}) {
  const c = getChartColors(theme);
  return (
    <D3Svg
      className="tachogram"
      label={`RR-interval tachogram of the record, ${detail.rr.length} intervals`}
      deps={[detail, theme, width]}
      draw={(svg) =>
        drawTachogram(
          svg,
          detail.rr,
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
