import { RECORD_CLASS_TITLES, RECORD_CLASSES, type RecordPrediction } from '../../../../common/schemas/record';
import { computeRecordUncertainty } from '../../ecg/computeSheetGeometry';
import { getRecordClassColor, type Theme } from '../../ecg/palette';

/** How many leads the saliency summary lists, largest share first. */
const ECG_SALIENCY_TOP_LEADS = 5;

/** The record model's call: class, probabilities, uncertainty (with its abstain mark) and where it looked. */
export function RecordPredictionPanel({ prediction, theme }: { prediction: RecordPrediction | null; theme: Theme }) {
  if (!prediction)
    return (
      <p className="muted placeholder-box" data-testid="record-prediction">
        No record model has classified this sheet (none was installed when it was read).
      </p>
    );
  const best = prediction.probs.indexOf(Math.max(...prediction.probs));
  const uncertainty = computeRecordUncertainty(prediction.entropy, RECORD_CLASSES.length);
  const top = [...prediction.saliency].sort((a, b) => b.share - a.share).slice(0, ECG_SALIENCY_TOP_LEADS);
  const maxShare = top[0]?.share || 1;
  return (
    <div data-testid="record-prediction" data-predicted={prediction.predicted} data-abstain={prediction.abstain}>
      <div className="row wrap">
        <span className="pill" style={{ borderColor: getRecordClassColor(theme, prediction.predicted) }}>
          model: {RECORD_CLASS_TITLES[prediction.predicted]}
        </span>
        <span className="pill">uncertainty {Math.round(uncertainty * 100)}%</span>
        {prediction.abstain && (
          <span className="pill pill-partial" title="Above the model's abstain threshold: review this sheet first">
            ⚠ unsure: review first
          </span>
        )}
      </div>
      <table className="table probs record-probs" aria-label="Record class probabilities">
        <tbody>
          {RECORD_CLASSES.map((c, i) => (
            <tr key={c}>
              <th scope="row">
                <span className="swatch" style={{ background: getRecordClassColor(theme, c) }} aria-hidden="true" />
                {RECORD_CLASS_TITLES[c]}
              </th>
              <td className={i === best ? 'best' : ''}>
                <span
                  className="prob-bar"
                  style={{
                    width: `${Math.round(prediction.probs[i]! * 100)}%`,
                    background: getRecordClassColor(theme, c),
                  }}
                />
                <span className="prob-num">{prediction.probs[i]!.toFixed(2)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {prediction.modelId} · shaded on the scan: where the decision came from. Leads with the largest share:
      </p>
      <ul className="saliency-leads" aria-label="Leads that drove the decision">
        {top.map((s) => (
          <li key={s.lead}>
            <span className="saliency-lead">{s.lead}</span>
            <span className="saliency-bar" style={{ width: `${Math.round((s.share / maxShare) * 100)}%` }} />
            <span className="small">{Math.round(s.share * 100)}%</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
