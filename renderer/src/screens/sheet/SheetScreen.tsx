import { useCallback, useEffect, useRef, useState } from 'react';
import { RECORD_CLASS_TITLES, type RecordClass } from '../../../../common/schemas/record';
import { useApi } from '../../api/api-context';
import { useToasts } from '../../app/toasts';
import type { Theme } from '../../ecg/palette';
import { useImageUrl } from '../../hooks/useImageUrl';
import { useSheet } from '../../hooks/useSheet';
import { isTypingTarget } from '../../state/keymap';
import { computeNextLead, getSheetKeyAction } from '../../state/sheet-keymap';
import { LeadSwitcher } from './LeadSwitcher';
import { RecordLabelPanel } from './RecordLabelPanel';
import { RecordPredictionPanel } from './RecordPredictionPanel';
import { SheetImage } from './SheetImage';

interface Props {
  imageSha256: string;
  /** The sheets in list order, for next / previous. */
  order: readonly string[];
  reviewer: string | null;
  theme: Theme;
  onOpen: (imageSha256: string) => void;
  onBack: () => void;
}

/**
 * A whole 12-lead sheet: the scan with its 13 extracted traces, the record model's call and saliency,
 * and the reviewer's record label, all from the keyboard as well as the mouse.
 */
export function SheetScreen({ imageSha256, order, reviewer, theme, onOpen, onBack }: Props) {
  const api = useApi();
  const toasts = useToasts();
  const [stamp, setStamp] = useState(0);
  const { sheet, stale, error } = useSheet(imageSha256, stamp);
  const url = useImageUrl(imageSha256);
  const [selected, setSelected] = useState<string | null>(null);
  const [showTraces, setShowTraces] = useState(true);
  const [showSaliency, setShowSaliency] = useState(true);
  const [busy, setBusy] = useState(false);
  const shown = sheet ?? stale;
  const leadNames = shown?.leads.filter((l) => l.pixelMap).map((l) => l.name) ?? [];
  // Keys act on the newest state, not the last rendered one.
  const latest = useRef({ sheet, selected, leadNames });
  latest.current = { sheet, selected, leadNames };

  useEffect(() => setSelected(null), [imageSha256]);

  const label = useCallback(
    async (value: RecordClass) => {
      setBusy(true);
      try {
        const r = await api.setRecordLabel({ imageSha256, label: value });
        if (r.events.length) toasts.showInfo(`Record labelled ${RECORD_CLASS_TITLES[value]}`);
        setStamp((s) => s + 1);
      } catch (err) {
        toasts.showError(err);
      } finally {
        setBusy(false);
      }
    },
    [api, imageSha256, toasts],
  );

  const undoRedo = useCallback(
    async (which: 'undo' | 'redo') => {
      try {
        const r = which === 'undo' ? await api.undo({}) : await api.redo({});
        const rec = r.recordEvents[0];
        if (rec)
          toasts.showInfo(
            `${which === 'undo' ? 'Undone' : 'Redone'}: record is now ${rec.to ? RECORD_CLASS_TITLES[rec.to] : 'unlabelled'}`,
          );
        else if (r.event)
          toasts.showInfo(
            `${which === 'undo' ? 'Undone' : 'Redone'}: a beat label (beat is now ${r.event.to ?? 'unlabelled'})`,
          );
        else toasts.showInfo(which === 'undo' ? 'Nothing to undo' : 'Nothing to redo');
        if (rec && rec.imageSha256 !== imageSha256) onOpen(rec.imageSha256);
        setStamp((s) => s + 1);
      } catch (err) {
        toasts.showError(err);
      }
    },
    [api, imageSha256, onOpen, toasts],
  );

  const stepSheet = useCallback(
    (delta: number) => {
      const at = order.indexOf(imageSha256);
      const next = order[at + delta];
      if (next) onOpen(next);
    },
    [order, imageSha256, onOpen],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.defaultPrevented || document.querySelector('[role="dialog"]')) return;
      const a = getSheetKeyAction(e);
      if (!a) return;
      // Enter on a button belongs to the button.
      if (a.kind === 'acceptModel' && (e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
      e.preventDefault();
      if (e.repeat && a.kind !== 'lead' && a.kind !== 'sheet') return;
      const { sheet: s, selected: sel, leadNames: names } = latest.current;
      switch (a.kind) {
        case 'recordLabel':
          return void label(a.label);
        case 'acceptModel':
          if (s?.prediction) void label(s.prediction.predicted);
          return;
        case 'lead':
          return setSelected(computeNextLead(names, sel, a.delta));
        case 'allLeads':
          return setSelected(null);
        case 'toggleSaliency':
          return setShowSaliency((v) => !v);
        case 'toggleTraces':
          return setShowTraces((v) => !v);
        case 'sheet':
          return stepSheet(a.delta);
        case 'back':
          return onBack();
        case 'undo':
        case 'redo':
          return void undoRedo(a.kind);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [label, undoRedo, stepSheet, onBack]);

  const at = order.indexOf(imageSha256);
  const selLead = shown?.leads.find((l) => l.name === selected) ?? null;
  return (
    <div className={`sheet-screen${sheet ? '' : ' stale'}`} data-testid="sheet-screen" data-sha={imageSha256}>
      <div className="sheet-main">
        {shown && (
          <LeadSwitcher
            leads={shown.leads.filter((l) => l.pixelMap)}
            selected={selected}
            onSelect={setSelected}
            showTraces={showTraces}
            showSaliency={showSaliency}
            hasSaliency={!!shown.prediction?.saliency.length}
            onTraces={setShowTraces}
            onSaliency={setShowSaliency}
          />
        )}
        <div className="sheet-canvas">
          {error && !shown && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          {!shown && !error && <p className="muted">Loading…</p>}
          {shown && (
            <SheetImage
              sheet={shown}
              url={url}
              selected={selected}
              showTraces={showTraces}
              showSaliency={showSaliency}
              onPickLead={setSelected}
            />
          )}
        </div>
      </div>
      <aside className="detail sheet-side" aria-label="Record review">
        <div className="row wrap">
          <button type="button" onClick={onBack} title="Back to the sheets (B)">
            ← Sheets
          </button>
          <span className="spacer" />
          <button type="button" onClick={() => stepSheet(-1)} disabled={at <= 0} title="Previous sheet ([)">
            ‹ Prev
          </button>
          <span className="muted small">{at >= 0 ? `${at + 1} / ${order.length}` : ''}</span>
          <button
            type="button"
            onClick={() => stepSheet(1)}
            disabled={at < 0 || at >= order.length - 1}
            title="Next sheet (])"
          >
            Next ›
          </button>
        </div>
        {shown && (
          <>
            <header className="detail-header">
              <h2 title={shown.image.path}>{shown.image.path.split(/[\\/]/).pop()}</h2>
              <div className="row wrap">
                <span className={`pill pill-${shown.image.status}`}>{shown.image.status}</span>
                <span className="pill">{shown.leads.length} leads</span>
                {shown.image.reasons.map((r) => (
                  <span key={r.code + r.message} className="muted small" title={r.code}>
                    {r.message}
                  </span>
                ))}
              </div>
            </header>
            <h3>Record model</h3>
            <RecordPredictionPanel prediction={shown.prediction} theme={theme} />
            <h3>Record label</h3>
            <RecordLabelPanel
              sheet={shown}
              reviewer={reviewer}
              theme={theme}
              busy={busy}
              onLabel={(l) => void label(l)}
              onAccept={() => shown.prediction && void label(shown.prediction.predicted)}
            />
            {selLead?.quality && (
              <>
                <h3>Lead {selLead.name}</h3>
                <p className="small">
                  Trace found in {Math.round(selLead.quality.coverage * 100)} % of the panel
                  {selLead.quality.calibrationPulseFound ? ', calibration pulse found' : ''}
                  {selLead.quality.flat ? ', flat' : ''}.
                  {selLead.quality.notes.length ? ` ${selLead.quality.notes.join('; ')}` : ''}
                </p>
              </>
            )}
          </>
        )}
      </aside>
    </div>
  );
}
