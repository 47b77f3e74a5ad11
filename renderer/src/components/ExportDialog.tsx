import { useState } from 'react';
import { EXPORT_FORMATS, type ExportResult } from '../../../common/schemas/export';
import { useApi } from '../api/api-context';
import { getErrorMessage } from '../api/api-error';
import { formatBytes } from '../ecg/format';
import { computeExportDir, type ExportFormatName as ExportFormat } from './computeExportDir';
import { Dialog } from './Dialog';

const FORMAT_HELP: Record<ExportFormat, string> = {
  csv: 'One row per beat: file, lead, R sample, model prediction and probabilities, reviewers’ labels, final label.',
  wfdb: 'WFDB records (.hea/.dat) with annotation files (.atr) holding the final labels.',
  json: 'A JSON manifest with signals’ locations, pixel maps, predictions and the label log.',
};

/** Export the review set in any format and show exactly where each file went. */
export function ExportDialog({ reviewSet, onClose }: { reviewSet: string | null; onClose: () => void }) {
  const api = useApi();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [outDir, setOutDir] = useState(computeExportDir(reviewSet, 'csv'));
  const [force, setForce] = useState(false);
  const [includeUnlabelled, setIncludeUnlabelled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);

  function pickFormat(f: ExportFormat) {
    if (outDir === computeExportDir(reviewSet, format)) setOutDir(computeExportDir(reviewSet, f));
    setFormat(f);
    setResult(null);
  }

  async function run() {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.exportSet({ format, outDir, force, includeUnlabelled }));
    } catch (err) {
      setError(getErrorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Export review set" onClose={onClose} wide testId="export-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset className="segmented">
          <legend>Format</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f} className={format === f ? 'on' : ''}>
              <input type="radio" name="format" value={f} checked={format === f} onChange={() => pickFormat(f)} />
              {f.toUpperCase()}
            </label>
          ))}
        </fieldset>
        <p className="muted">{FORMAT_HELP[format]}</p>
        <label>
          Folder to write to
          <input name="outDir" value={outDir} onChange={(e) => setOutDir(e.target.value)} required spellCheck={false} />
        </label>
        <label className="check">
          <input type="checkbox" checked={includeUnlabelled} onChange={(e) => setIncludeUnlabelled(e.target.checked)} />
          Include beats nobody has labelled yet
        </label>
        <label className="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          Replace an earlier export in that folder
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="export-error">
            {error}
          </p>
        )}
        {result && (
          <div className="export-result" role="status" data-testid="export-result">
            <p>
              Exported <strong>{result.beats}</strong> beats
              {result.records ? (
                <>
                  {' '}
                  and <strong>{result.records}</strong> sheet records
                </>
              ) : null}{' '}
              to <code data-testid="export-outdir">{result.outDir}</code>
            </p>
            <ul className="file-list">
              {result.files.map((f) => (
                <li key={f.path}>
                  <code>{f.path}</code> <span className="muted">{formatBytes(f.bytes)}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" className="primary" disabled={busy || !outDir.trim()}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
