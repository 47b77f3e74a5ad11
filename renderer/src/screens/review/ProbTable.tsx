import { AAMI_CLASSES } from '../../../../common/ecg/aami';
import type { BeatDetail } from '../../../../common/schemas/view';
import { getClassColor, type Theme } from '../../ecg/palette';

/** Per-class probabilities of the ensemble and of each fold; the bar behind each number is its size. */
export function ProbTable({ detail, theme }: { detail: BeatDetail; theme: Theme }) {
  const rows: { name: string; probs: readonly number[] }[] = [];
  if (detail.summary.probs) rows.push({ name: 'Ensemble', probs: detail.summary.probs });
  detail.foldProbs.forEach((p, i) => rows.push({ name: `Fold ${i + 1}`, probs: p }));
  if (!rows.length) return <p className="muted">No prediction for this beat.</p>;
  return (
    <table className="table probs" aria-label="Class probabilities">
      <thead>
        <tr>
          <th scope="col">Model</th>
          {AAMI_CLASSES.map((c) => (
            <th key={c} scope="col" style={{ color: getClassColor(theme, c) }}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, ri) => {
          const best = r.probs.indexOf(Math.max(...r.probs));
          return (
            <tr key={r.name} className={ri === 0 && detail.summary.probs ? 'ensemble' : ''}>
              <th scope="row">{r.name}</th>
              {AAMI_CLASSES.map((c, i) => (
                <td key={c} className={i === best ? 'best' : ''}>
                  <span
                    className="prob-bar"
                    style={{ width: `${Math.round((r.probs[i] ?? 0) * 100)}%`, background: getClassColor(theme, c) }}
                  />
                  <span className="prob-num">{(r.probs[i] ?? 0).toFixed(2)}</span>
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
