import { RECORD_CLASS_TITLES, RECORD_CLASSES, type RecordClass } from '../../../../common/schemas/record';
import type { SheetView } from '../../../../common/schemas/view';
import { getRecordClassColor, type Theme } from '../../ecg/palette';

interface Props {
  sheet: SheetView;
  reviewer: string | null;
  theme: Theme;
  busy: boolean;
  onLabel: (label: RecordClass) => void;
  onAccept: () => void;
}

/** The reviewer's record label (buttons with their keys), everyone's labels, and where they part from the model. */
export function RecordLabelPanel({ sheet, reviewer, theme, busy, onLabel, onAccept }: Props) {
  const { myLabel, finalLabel, prediction, disagreement } = sheet;
  return (
    <div data-testid="record-label" data-label={myLabel ?? ''} data-final={finalLabel ?? ''}>
      <div className="record-buttons" role="group" aria-label="Your record label">
        {RECORD_CLASSES.map((c, i) => (
          <button
            key={c}
            type="button"
            className={`record-button${myLabel === c ? ' on' : ''}`}
            style={{ borderColor: getRecordClassColor(theme, c) }}
            aria-pressed={myLabel === c}
            disabled={busy}
            onClick={() => onLabel(c)}
          >
            <kbd>⇧{i + 1}</kbd> {RECORD_CLASS_TITLES[c]}
          </button>
        ))}
      </div>
      <div className="row wrap">
        <button type="button" onClick={onAccept} disabled={busy || !prediction}>
          <kbd>Enter</kbd> Accept the model's class
        </button>
        <span className="pill">final: {finalLabel ? RECORD_CLASS_TITLES[finalLabel] : '—'}</span>
        {disagreement.model && (
          <span className="pill pill-failed" data-testid="record-disagrees-model">
            {myLabel && prediction && myLabel !== prediction.predicted
              ? 'you disagree with the model'
              : 'a reviewer disagrees with the model'}
          </span>
        )}
        {disagreement.reviewers && <span className="pill pill-failed">reviewers disagree</span>}
      </div>
      {sheet.labels.length === 0 && <p className="muted small">Nobody has labelled this record yet.</p>}
      <ul className="labels" aria-label="Record labels by reviewer">
        {sheet.labels.map((l) => (
          <li key={l.reviewer}>
            <strong>{l.reviewer === reviewer ? `${l.reviewer} (you)` : l.reviewer}</strong>:{' '}
            <span style={{ color: getRecordClassColor(theme, l.label) }}>{RECORD_CLASS_TITLES[l.label]}</span>
            {prediction && l.label !== prediction.predicted && (
              <span className="muted small"> (model: {RECORD_CLASS_TITLES[prediction.predicted]})</span>
            )}{' '}
            <span className="muted small">{new Date(l.at).toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
