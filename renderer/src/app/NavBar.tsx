import type { Theme } from '../ecg/palette';
import { formatShortPath } from '../ecg/format';

export type Screen = 'start' | 'batch' | 'review' | 'sheets' | 'sheet' | 'disagreements' | 'stats';

interface Props {
  screen: Screen;
  onNavigate: (s: Screen) => void;
  hasBatch: boolean;
  hasSet: boolean;
  reviewer: string | null;
  reviewSet: string | null;
  theme: Theme;
  onToggleTheme: () => void;
  onExport: () => void;
  onHelp: () => void;
  onReviewer: () => void;
}

const TABS: { id: Screen; label: string; needs: 'none' | 'batch' | 'set' }[] = [
  { id: 'start', label: 'Start', needs: 'none' },
  { id: 'batch', label: 'Batch', needs: 'batch' },
  { id: 'review', label: 'Beats', needs: 'set' },
  { id: 'sheets', label: 'Sheets', needs: 'set' },
  { id: 'disagreements', label: 'Disagreements', needs: 'set' },
  { id: 'stats', label: 'Statistics', needs: 'set' },
];

export function NavBar(p: Props) {
  return (
    <header className="navbar">
      <span className="brand">ECG Review Desk</span>
      <nav aria-label="Screens">
        {TABS.filter((t) => t.needs === 'none' || (t.needs === 'batch' ? p.hasBatch : p.hasSet)).map((t) => {
          // One sheet open is still the Sheets tab.
          const on = p.screen === t.id || (t.id === 'sheets' && p.screen === 'sheet');
          return (
            <button
              key={t.id}
              type="button"
              className={`tab${on ? ' on' : ''}`}
              aria-current={on ? 'page' : undefined}
              onClick={() => p.onNavigate(t.id)}
            >
              {t.label}
            </button>
          );
        })}
      </nav>
      <span className="spacer" />
      {p.reviewSet && (
        <span className="muted set-path" title={p.reviewSet}>
          {formatShortPath(p.reviewSet)}
        </span>
      )}
      {p.hasSet && (
        <button type="button" onClick={p.onExport}>
          Export…
        </button>
      )}
      <button type="button" onClick={p.onReviewer} title="Change reviewer">
        {p.reviewer ?? 'Reviewer'}
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={p.onToggleTheme}
        aria-label={`Switch to ${p.theme === 'light' ? 'dark' : 'light'} theme`}
      >
        {p.theme === 'light' ? '☾' : '☀'}
      </button>
      <button type="button" className="icon-button" onClick={p.onHelp} aria-label="Keyboard shortcuts">
        ?
      </button>
    </header>
  );
}
