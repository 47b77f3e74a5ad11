import { useMemo, useState } from 'react';
import { RECORD_CLASS_TITLES } from '../../../../common/schemas/record';
import type { ImageSummary } from '../../../../common/schemas/view';
import { useApi } from '../../api/api-context';
import { getErrorMessage } from '../../api/api-error';
import { getRecordClassColor, type Theme } from '../../ecg/palette';
import { useAsync } from '../../hooks/useAsync';

type SheetSort = 'file' | 'uncertain';

interface Props {
  theme: Theme;
  onOpen: (imageSha256: string, order: string[]) => void;
}

/** Sheets first to review: those the record model abstains on, then by its uncertainty. */
export function sortSheets(rows: readonly ImageSummary[], sort: SheetSort): ImageSummary[] {
  if (sort === 'file') return [...rows];
  const key = (r: ImageSummary) => [r.record?.abstain ? 1 : 0, r.record?.entropy ?? -1] as const;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return kb[0] - ka[0] || kb[1] - ka[1];
  });
}

/** The images that are whole sheets, with the record model's call and the record labels; open one to review it. */
export function SheetListScreen({ theme, onOpen }: Props) {
  const api = useApi();
  const { value: images, error } = useAsync(() => api.listImages({}), [api]);
  const [sort, setSort] = useState<SheetSort>('file');
  const rows = useMemo(
    () =>
      sortSheets(
        (images ?? []).filter((i) => i.kind === 'sheet' || i.record),
        sort,
      ),
    [images, sort],
  );
  const order = rows.map((r) => r.sha256);
  if (error)
    return (
      <p className="error-text" role="alert">
        {getErrorMessage(error)}
      </p>
    );
  return (
    <div className="card sheets" data-testid="sheet-list">
      <div className="row wrap">
        <h1>12-lead sheets</h1>
        <span className="spacer" />
        <label>
          Sort{' '}
          <select name="sheet-sort" value={sort} onChange={(e) => setSort(e.target.value as SheetSort)}>
            <option value="file">by file</option>
            <option value="uncertain">model unsure first</option>
          </select>
        </label>
      </div>
      {!images && <p className="muted">Loading…</p>}
      {images && rows.length === 0 && (
        <p className="muted">No whole 12-lead sheets in this review set (only strips or beat crops).</p>
      )}
      {rows.length > 0 && (
        <table className="table sheet-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Beats</th>
              <th scope="col">Record model</th>
              <th scope="col">Your label</th>
              <th scope="col">Final label</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.sha256} data-testid="sheet-row" data-sha={r.sha256}>
                <td>
                  <button type="button" className="link" onClick={() => onOpen(r.sha256, order)} title={r.path}>
                    {r.path.split(/[\\/]/).pop()}
                  </button>
                </td>
                <td>
                  <span className={`pill pill-${r.status}`}>{r.status}</span>
                </td>
                <td>{r.beats}</td>
                <td>
                  {r.record?.predicted ? (
                    <span style={{ color: getRecordClassColor(theme, r.record.predicted) }}>
                      {RECORD_CLASS_TITLES[r.record.predicted]}
                      {r.record.abstain ? ' ⚠ unsure' : ''}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{r.record?.myLabel ? RECORD_CLASS_TITLES[r.record.myLabel] : '—'}</td>
                <td>{r.record?.finalLabel ? RECORD_CLASS_TITLES[r.record.finalLabel] : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
