import { BATCH_STAGES, type BatchProgress } from '../../../../common/schemas/batch';
import { formatPercent } from '../../ecg/format';

const STAGE_NAMES: Record<(typeof BATCH_STAGES)[number], string> = {
  scan: 'Scan files',
  digitize: 'Digitize traces',
  beats: 'Find beats',
  classify: 'Classify beats',
};

export function StageBars({ progress }: { progress: BatchProgress }) {
  return (
    <div className="stages">
      {BATCH_STAGES.map((s) => {
        const c = progress.stages[s] ?? { done: 0, total: 0 };
        return (
          <div key={s} className="stage" data-testid={`stage-${s}`}>
            <span className="stage-name" id={`stage-${s}`}>
              {STAGE_NAMES[s]}
            </span>
            <progress aria-labelledby={`stage-${s}`} max={Math.max(1, c.total)} value={c.done} />
            <span className="stage-count">
              {c.done.toLocaleString()} / {c.total.toLocaleString()}{' '}
              <span className="muted">({formatPercent(c.done, c.total)})</span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
