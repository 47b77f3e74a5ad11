import { useApi } from '../../api/api-context';
import type { Theme } from '../../ecg/palette';
import { useAsync } from '../../hooks/useAsync';
import { ReviewScreen } from '../review/ReviewScreen';
import { KappaSummary } from './KappaSummary';

/** Beats where reviewers (or a reviewer and the model) disagree, to adjudicate with the same keys. */
export function DisagreementScreen({ theme, onHelp }: { theme: Theme; onHelp: () => void }) {
  const api = useApi();
  const stats = useAsync(() => api.getStats({}), [api]);
  return (
    <ReviewScreen
      theme={theme}
      onHelp={onHelp}
      source="disagreements"
      header={
        <div className="queue-header">
          <h1>Disagreement queue</h1>
          <KappaSummary stats={stats.value} />
        </div>
      }
    />
  );
}
