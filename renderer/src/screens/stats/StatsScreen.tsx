import { useApi } from '../../api/api-context';
import { getErrorMessage } from '../../api/api-error';
import { D3Svg } from '../../components/D3Svg';
import { drawClassCounts } from '../../ecg/drawClassCounts';
import { drawConfusionMatrix } from '../../ecg/drawConfusionMatrix';
import { getClassColor, type Theme } from '../../ecg/palette';
import { getChartColors } from '../../ecg/theme-colors';
import { useAsync } from '../../hooks/useAsync';
import { KappaSummary } from '../disagreements/KappaSummary';
import { ModelPicker } from './ModelPicker';

export function StatsScreen({ theme }: { theme: Theme }) {
  const api = useApi();
  const { value: stats, error, reload } = useAsync(() => api.getStats({}), [api]);
  const c = getChartColors(theme);
  if (error)
    return (
      <p className="error-text" role="alert">
        {getErrorMessage(error)}
      </p>
    );
  if (!stats) return <p className="muted">Loading…</p>;
  const total = Object.values(stats.predictedCounts).reduce((a, b) => a + b, 0);
  const labelled = Object.values(stats.labelCounts).reduce((a, b) => a + b, 0);
  return (
    <div className="stats" data-testid="stats-screen">
      <ModelPicker onRerun={reload} />
      <section className="card">
        <h1>Class counts</h1>
        <p className="muted">
          {total.toLocaleString()} beats classified by the model, {labelled.toLocaleString()} labelled by reviewers.
        </p>
        <D3Svg
          label="Beats per class: model predictions and reviewers' labels"
          deps={[stats, theme]}
          draw={(svg) =>
            drawClassCounts(svg, stats.classes, stats.predictedCounts, stats.labelCounts, {
              width: 460,
              height: 240,
              axisColor: c.axis,
              colorOf: (k) => getClassColor(theme, k as 'N'),
            })
          }
        />
      </section>
      <section className="card">
        <h1>Model vs reviewers</h1>
        <p className="muted">Rows: reviewers’ final label. Columns: model prediction. Shade: share of the row.</p>
        <D3Svg
          label="Confusion matrix of reviewers' final labels against model predictions"
          deps={[stats, theme]}
          draw={(svg) =>
            drawConfusionMatrix(svg, stats.classes, stats.confusion, {
              size: 340,
              textColor: c.text,
              axisColor: c.axis,
              dark: theme === 'dark',
            })
          }
        />
      </section>
      <section className="card">
        <h1>Agreement between reviewers</h1>
        <KappaSummary stats={stats} />
      </section>
    </div>
  );
}
