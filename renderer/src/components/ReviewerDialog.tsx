import { useState } from 'react';
import type { Reviewer } from '../../../common/schemas/review';
import { Dialog } from './Dialog';

/** Asked once: every label the reviewer makes carries this name. */
export function ReviewerDialog({
  onSave,
  initial,
}: {
  onSave: (r: Reviewer) => Promise<void>;
  initial?: Reviewer | null;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [role, setRole] = useState<Reviewer['role']>(initial?.role ?? 'reviewer');
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title="Who is reviewing?" testId="reviewer-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          setBusy(true);
          onSave({ name: name.trim(), role }).finally(() => setBusy(false));
        }}
      >
        <p className="muted">Your labels are recorded under this name, so several reviewers can be compared.</p>
        <label>
          Name
          <input
            data-autofocus
            name="reviewer"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={80}
            required
          />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Reviewer['role'])}>
            <option value="reviewer">Reviewer</option>
            <option value="adjudicator">Adjudicator</option>
          </select>
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
