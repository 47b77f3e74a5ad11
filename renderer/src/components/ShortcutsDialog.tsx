import { ECG_SHORTCUTS } from '../state/keymap';
import { ECG_SHEET_SHORTCUTS } from '../state/sheet-keymap';
import { Dialog } from './Dialog';

function ShortcutTable({ rows, label }: { rows: { keys: string; does: string }[]; label: string }) {
  return (
    <table className="shortcuts" aria-label={label}>
      <tbody>
        {rows.map((s) => (
          <tr key={s.keys}>
            <th scope="row">
              <kbd>{s.keys}</kbd>
            </th>
            <td>{s.does}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} wide testId="shortcuts-dialog">
      <h3>Beats</h3>
      <ShortcutTable rows={ECG_SHORTCUTS} label="Beat review shortcuts" />
      <h3>12-lead sheet</h3>
      <ShortcutTable rows={ECG_SHEET_SHORTCUTS} label="Sheet view shortcuts" />
    </Dialog>
  );
}
