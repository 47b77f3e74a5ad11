import { LABEL_VALUES, type LabelValue } from '../../../../common/ecg/aami';

interface Props {
  count: number;
  focusedId: string | undefined;
  onLabel: (l: LabelValue) => void;
  onAccept: () => void;
  onFindSimilar: () => void;
  onClear: () => void;
  onHelp: () => void;
  busy: boolean;
}

/** What a key press would do, as buttons: the same actions for the mouse. */
export function SelectionBar({ count, focusedId, onLabel, onAccept, onFindSimilar, onClear, onHelp, busy }: Props) {
  const target = count > 1 ? `${count} selected beats` : focusedId ? 'the focused beat' : 'nothing selected';
  return (
    <div className="selectionbar" role="toolbar" aria-label="Label the selection">
      <span data-testid="selection-count" className="muted">
        {target}
      </span>
      {LABEL_VALUES.map((l) => (
        <button
          key={l}
          type="button"
          className={`chip cls-${l}`}
          disabled={busy || (!count && !focusedId)}
          onClick={() => onLabel(l)}
          title={`Label ${l}`}
        >
          {l === 'unsure' ? '?' : l}
        </button>
      ))}
      <button type="button" disabled={busy || (!count && !focusedId)} onClick={onAccept}>
        Accept model
      </button>
      <button type="button" disabled={busy || !focusedId} onClick={onFindSimilar} data-testid="find-similar">
        Find similar
      </button>
      {count > 0 && (
        <button type="button" onClick={onClear}>
          Clear
        </button>
      )}
      <span className="spacer" />
      <button type="button" className="link" onClick={onHelp}>
        Shortcuts (?)
      </button>
    </div>
  );
}
