import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/api-context';
import { ExportDialog } from '../components/ExportDialog';
import { ReviewerDialog } from '../components/ReviewerDialog';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { useAsync } from '../hooks/useAsync';
import { isTypingTarget } from '../state/keymap';
import { BatchScreen } from '../screens/batch/BatchScreen';
import { DisagreementScreen } from '../screens/disagreements/DisagreementScreen';
import { ReviewScreen } from '../screens/review/ReviewScreen';
import { SheetScreen } from '../screens/sheet/SheetScreen';
import { SheetListScreen } from '../screens/sheets/SheetListScreen';
import { StartScreen } from '../screens/start/StartScreen';
import { StatsScreen } from '../screens/stats/StatsScreen';
import { ErrorBoundary } from './ErrorBoundary';
import { NavBar, type Screen } from './NavBar';
import { useTheme } from './theme';
import { useToasts } from './toasts';

export interface BatchRef {
  batchId: string;
  folder: string;
  reviewSet: string;
}

export function App() {
  const api = useApi();
  const toasts = useToasts();
  const [theme, toggleTheme] = useTheme();
  const info = useAsync(() => api.getAppInfo({}), [api]);
  const [screen, setScreen] = useState<Screen>('start');
  const [batch, setBatch] = useState<BatchRef | null>(null);
  const [dialog, setDialog] = useState<'help' | 'export' | 'reviewer' | null>(null);
  /** The sheet open in the sheet view and the list it was opened from (for next / previous). */
  const [sheet, setSheet] = useState<{ sha: string; order: string[] } | null>(null);
  const openSheet = useCallback((sha: string, order: string[]) => {
    setSheet({ sha, order: order.length ? order : [sha] });
    setScreen('sheet');
  }, []);

  useEffect(() => api.on('error', (e) => toasts.showError(e)), [api, toasts]);
  useEffect(() => {
    if (info.error) toasts.showError(info.error);
  }, [info.error, toasts]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !isTypingTarget(e.target) && !document.querySelector('[role="dialog"]')) {
        e.preventDefault();
        setDialog('help');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const startBatch = useCallback(
    async (folder: string, reviewSet?: string) => {
      try {
        const r = await api.startBatch(reviewSet ? { folder, reviewSet } : { folder });
        setBatch({ batchId: r.batchId, folder, reviewSet: r.reviewSet });
        setScreen('batch');
      } catch (err) {
        toasts.showError(err);
      }
    },
    [api, toasts],
  );

  const openSet = useCallback(
    async (path: string) => {
      try {
        await api.openReviewSet({ path });
        info.reload();
        setScreen('review');
      } catch (err) {
        toasts.showError(err);
      }
    },
    [api, toasts, info],
  );

  const appInfo = info.value;
  const needsReviewer = appInfo !== undefined && appInfo.reviewer === null;
  const hasSet = !!appInfo?.reviewSet || batch !== null;

  return (
    <div className="app">
      <NavBar
        screen={screen}
        onNavigate={setScreen}
        hasBatch={batch !== null}
        hasSet={hasSet}
        reviewer={appInfo?.reviewer?.name ?? null}
        reviewSet={appInfo?.reviewSet?.path ?? batch?.reviewSet ?? null}
        theme={theme}
        onToggleTheme={toggleTheme}
        onExport={() => setDialog('export')}
        onHelp={() => setDialog('help')}
        onReviewer={() => setDialog('reviewer')}
      />
      <main className="main">
        <ErrorBoundary onReset={() => setScreen('start')}>
          {screen === 'start' && (
            <StartScreen
              info={appInfo}
              loading={info.loading}
              onStartBatch={startBatch}
              onOpenSet={openSet}
              onContinue={() => setScreen('review')}
            />
          )}
          {screen === 'batch' && batch && (
            <BatchScreen
              batch={batch}
              onResume={() => startBatch(batch.folder, batch.reviewSet)}
              onReview={() => {
                info.reload();
                setScreen('review');
              }}
            />
          )}
          {screen === 'review' && (
            <ReviewScreen theme={theme} onHelp={() => setDialog('help')} onOpenSheet={openSheet} />
          )}
          {screen === 'sheets' && <SheetListScreen theme={theme} onOpen={openSheet} />}
          {screen === 'sheet' && sheet && (
            <SheetScreen
              imageSha256={sheet.sha}
              order={sheet.order}
              reviewer={appInfo?.reviewer?.name ?? null}
              theme={theme}
              onOpen={(sha) => setSheet((s) => ({ sha, order: s?.order.includes(sha) ? s.order : [sha] }))}
              onBack={() => setScreen('sheets')}
            />
          )}
          {screen === 'disagreements' && <DisagreementScreen theme={theme} onHelp={() => setDialog('help')} />}
          {screen === 'stats' && <StatsScreen theme={theme} />}
        </ErrorBoundary>
      </main>
      {(needsReviewer || dialog === 'reviewer') && (
        <ReviewerDialog
          initial={appInfo?.reviewer}
          onSave={async (r) => {
            try {
              await api.setReviewer(r);
              setDialog(null);
              info.reload();
            } catch (err) {
              toasts.showError(err);
            }
          }}
        />
      )}
      {dialog === 'help' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      {dialog === 'export' && (
        <ExportDialog
          reviewSet={appInfo?.reviewSet?.path ?? batch?.reviewSet ?? null}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
