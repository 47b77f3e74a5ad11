import { useState } from 'react';
import { formatBeatId } from '../../../../common/schemas/beat';
import { useApi } from '../../api/api-context';
import { useToasts } from '../../app/toasts';
import { computeUncertaintyShare } from '../../ecg/computeThumbPoints';
import { getClassColor, type Theme } from '../../ecg/palette';
import { useBeatDetail } from '../../hooks/useBeatDetail';
import { useElementWidth } from '../../hooks/useElementWidth';
import { useRecordBeats } from '../../hooks/useRecordBeats';
import { ImageCrop } from './ImageCrop';
import { Neighbours } from './Neighbours';
import { ProbTable } from './ProbTable';
import { RecordStrip } from './RecordStrip';
import { Tachogram } from './Tachogram';
import { TraceView } from './TraceView';

interface Props {
  beatId: string | undefined;
  stamp: number;
  theme: Theme;
  onJump: (beatId: string) => void;
  onChanged: () => void;
  /** Images that are whole sheets (list order); a beat of one links to the sheet view. */
  sheets?: string[];
  onOpenSheet?: (imageSha256: string, order: string[]) => void;
}

export function DetailPanel({ beatId, stamp, theme, onJump, onChanged, sheets = [], onOpenSheet }: Props) {
  const api = useApi();
  const toasts = useToasts();
  const [ref, width] = useElementWidth<HTMLElement>();
  const { detail, error, stale } = useBeatDetail(beatId, stamp);
  const record = useRecordBeats(detail?.summary.imageSha256, detail?.summary.lead, stamp);
  const [comment, setComment] = useState('');
  const inner = width - 24;
  const jumpTo = (rSample: number) =>
    detail && onJump(formatBeatId(detail.summary.imageSha256, detail.summary.lead, rSample));

  return (
    <aside ref={ref} className={`detail${stale ? ' stale' : ''}`} aria-label="Beat detail" data-testid="beat-detail">
      {!beatId && <p className="muted placeholder-box">Select a beat to see its scan, trace and probabilities.</p>}
      {beatId && error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {beatId && !detail && !error && <p className="muted">Loading…</p>}
      {detail && (
        <>
          <header className="detail-header">
            <h2>
              <span title={detail.summary.file}>{detail.summary.file.split(/[\\/]/).pop()}</span> · lead{' '}
              {detail.summary.lead} · {(detail.summary.rSample / detail.fs).toFixed(2)} s
            </h2>
            <div className="row wrap">
              <span
                className="pill"
                style={{ borderColor: getClassColor(theme, detail.summary.predicted) }}
                data-testid="detail-predicted"
              >
                model {detail.summary.predicted ?? '—'}
                {detail.summary.abstain ? ' (abstains)' : ''}
              </span>
              <span
                className={`pill${detail.summary.myLabel ? ' solid' : ''}`}
                style={
                  detail.summary.myLabel ? { background: getClassColor(theme, detail.summary.myLabel) } : undefined
                }
                data-testid="detail-label"
              >
                you {detail.summary.myLabel ?? '—'}
              </span>
              <span className="pill">final {detail.summary.finalLabel ?? '—'}</span>
              <span className="pill">
                uncertainty {Math.round(computeUncertaintyShare(detail.summary.entropy) * 100)}%
              </span>
              {detail.summary.disagreement && <span className="pill pill-failed">disagreement</span>}
              <button
                type="button"
                className={`pill-button${detail.summary.flagged ? ' on' : ''}`}
                aria-pressed={detail.summary.flagged}
                onClick={() =>
                  api
                    .setFlag({ beatId: detail.summary.id, flagged: !detail.summary.flagged })
                    .then(onChanged, toasts.showError)
                }
              >
                ⚑ {detail.summary.flagged ? 'Flagged' : 'Flag'}
              </button>
              {onOpenSheet && sheets.includes(detail.summary.imageSha256) && (
                <button
                  type="button"
                  className="pill-button"
                  data-testid="open-sheet"
                  onClick={() => onOpenSheet(detail.summary.imageSha256, sheets)}
                >
                  Open 12-lead sheet
                </button>
              )}
            </div>
          </header>
          <ImageCrop detail={detail} width={inner} />
          <TraceView detail={detail} theme={theme} width={inner} />
          <h3>Probabilities {detail.modelId && <span className="muted small">{detail.modelId}</span>}</h3>
          <ProbTable detail={detail} theme={theme} />
          {!detail.rhythmUsed && (
            <p className="muted small">The model saw no rhythm features for this beat (no RR context in its image).</p>
          )}
          <h3>Neighbouring beats</h3>
          <Neighbours
            beats={record}
            current={detail.summary.id}
            theme={theme}
            width={inner}
            onPick={(b) => onJump(b.id)}
          />
          <h3>Record</h3>
          <RecordStrip detail={detail} beats={record} theme={theme} width={inner} onPick={jumpTo} />
          <Tachogram
            detail={detail}
            rSamples={record.map((b) => b.rSample)}
            theme={theme}
            width={inner}
            onPick={jumpTo}
          />
          <h3>Labels</h3>
          {detail.labels.length === 0 && <p className="muted small">Nobody has labelled this beat yet.</p>}
          <ul className="labels">
            {detail.labels.map((l) => (
              <li key={l.reviewer + l.at}>
                <strong>{l.reviewer}</strong>: <span style={{ color: getClassColor(theme, l.label) }}>{l.label}</span>{' '}
                <span className="muted small">{new Date(l.at).toLocaleString()}</span>
              </li>
            ))}
          </ul>
          {detail.comments.map((c) => (
            <blockquote key={c.reviewer + c.at} className="comment">
              {c.text} <span className="muted small">— {c.reviewer}</span>
            </blockquote>
          ))}
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (!comment.trim()) return;
              api.comment({ beatId: detail.summary.id, text: comment.trim() }).then(() => {
                setComment('');
                onChanged();
              }, toasts.showError);
            }}
          >
            <input
              aria-label="Comment on this beat"
              placeholder="Comment…"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={2000}
            />
            <button type="submit" disabled={!comment.trim()}>
              Add
            </button>
          </form>
        </>
      )}
    </aside>
  );
}
