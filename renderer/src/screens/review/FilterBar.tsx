import { AAMI_CLASSES, LABEL_VALUES, type AamiClass } from '../../../../common/ecg/aami';
import type { BeatFilter, ImageSummary } from '../../../../common/schemas/view';
import type { SortOrder } from '../../hooks/useBeatCache';

interface Props {
  filter: BeatFilter;
  sort: SortOrder;
  images: ImageSummary[];
  total: number | null;
  onFilter: (f: BeatFilter) => void;
  onSort: (s: SortOrder) => void;
}

const ENTROPY_STEPS = [0, 0.2, 0.4, 0.6, 0.8];

/** Filters the API can apply server-side, so they hold across all pages, not just the loaded ones. */
export function FilterBar({ filter, sort, images, total, onFilter, onSort }: Props) {
  const predicted = new Set(filter.predicted ?? []);
  const toggle = (c: AamiClass) => {
    const next = new Set(predicted);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    onFilter({ ...filter, predicted: next.size ? AAMI_CLASSES.filter((x) => next.has(x)) : undefined });
  };
  const labelValue = filter.label?.[0] ?? '';
  return (
    <div className="filterbar" role="toolbar" aria-label="Filter and sort beats">
      <fieldset className="chips">
        <legend>Model</legend>
        {AAMI_CLASSES.map((c) => (
          <button
            key={c}
            type="button"
            className={`chip cls-${c}${predicted.has(c) ? ' on' : ''}`}
            aria-pressed={predicted.has(c)}
            onClick={() => toggle(c)}
          >
            {c}
          </button>
        ))}
      </fieldset>
      <label>
        Your label
        <select
          name="label"
          value={labelValue}
          onChange={(e) =>
            onFilter({
              ...filter,
              label: e.target.value ? [e.target.value as (typeof LABEL_VALUES)[number] | 'none'] : undefined,
            })
          }
        >
          <option value="">any</option>
          <option value="none">not labelled</option>
          {LABEL_VALUES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Uncertainty ≥
        <select
          name="minEntropy"
          value={filter.minEntropy === undefined ? 0 : Math.round((filter.minEntropy / Math.log(5)) * 10) / 10}
          onChange={(e) => {
            const share = Number(e.target.value);
            onFilter({ ...filter, minEntropy: share > 0 ? share * Math.log(5) : undefined });
          }}
        >
          {ENTROPY_STEPS.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? 'any' : `${Math.round(s * 100)}%`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Source file
        <select
          name="image"
          value={filter.imageSha256 ?? ''}
          onChange={(e) => onFilter({ ...filter, imageSha256: e.target.value || undefined })}
        >
          <option value="">all files</option>
          {images
            .filter((i) => i.beats > 0)
            .map((i) => (
              <option key={i.sha256} value={i.sha256}>
                {i.path.split(/[\\/]/).pop()} ({i.beats})
              </option>
            ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={!!filter.disagreement}
          onChange={(e) => onFilter({ ...filter, disagreement: e.target.checked || undefined })}
        />
        Disagreements
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={!!filter.flagged}
          onChange={(e) => onFilter({ ...filter, flagged: e.target.checked || undefined })}
        />
        Flagged
      </label>
      <label>
        Sort
        <select name="sort" value={sort} onChange={(e) => onSort(e.target.value as SortOrder)}>
          <option value="position">by position</option>
          <option value="uncertainty">most uncertain first</option>
          <option value="class">by class</option>
        </select>
      </label>
      <span className="spacer" />
      <span className="count" data-testid="beat-count" aria-live="polite">
        {total === null ? 'Loading…' : `${total.toLocaleString()} beats`}
      </span>
    </div>
  );
}
