import type { SheetLead } from '../../../../common/schemas/view';

interface Props {
  leads: readonly SheetLead[];
  selected: string | null;
  onSelect: (lead: string | null) => void;
  showTraces: boolean;
  showSaliency: boolean;
  hasSaliency: boolean;
  onTraces: (on: boolean) => void;
  onSaliency: (on: boolean) => void;
}

/** All leads or one (zoomed onto its panel), and which overlays to draw. */
export function LeadSwitcher(p: Props) {
  return (
    <div className="lead-switcher" role="toolbar" aria-label="Leads and overlays">
      <fieldset className="chips" aria-label="Lead">
        <legend>Lead</legend>
        <button
          type="button"
          className={`chip${p.selected === null ? ' on' : ''}`}
          aria-pressed={p.selected === null}
          onClick={() => p.onSelect(null)}
          title="All leads (A)"
        >
          All
        </button>
        {p.leads.map((l) => {
          const weak = l.quality && (l.quality.flat || l.quality.coverage < 0.8);
          return (
            <button
              key={l.name}
              type="button"
              className={`chip${p.selected === l.name ? ' on' : ''}${weak ? ' weak' : ''}`}
              aria-pressed={p.selected === l.name}
              onClick={() => p.onSelect(p.selected === l.name ? null : l.name)}
              title={l.quality ? `trace found in ${Math.round(l.quality.coverage * 100)} % of the panel` : undefined}
            >
              {l.name}
            </button>
          );
        })}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={p.showTraces} onChange={(e) => p.onTraces(e.target.checked)} /> traces (T)
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={p.showSaliency}
          disabled={!p.hasSaliency}
          onChange={(e) => p.onSaliency(e.target.checked)}
        />{' '}
        saliency (H)
      </label>
    </div>
  );
}
