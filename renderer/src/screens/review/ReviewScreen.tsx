import { useCallback, useEffect, useState } from 'react';
import type { BeatFilter, ImageSummary } from '../../../../common/schemas/view';
import { useApi } from '../../api/api-context';
import type { GridLayout } from '../../ecg/computeGridLayout';
import type { Theme } from '../../ecg/palette';
import { useBeatCache, type SortOrder } from '../../hooks/useBeatCache';
import { useReviewActions } from '../../hooks/useReviewActions';
import { EMPTY_SELECTION, type Selection } from '../../state/selection';
import { BeatGrid } from './BeatGrid';
import { DetailPanel } from './DetailPanel';
import { FilterBar } from './FilterBar';
import { SelectionBar } from './SelectionBar';

interface Props {
  theme: Theme;
  onHelp: () => void;
  /** The disagreement queue reuses this screen over listDisagreements. */
  source?: 'beats' | 'disagreements';
  header?: React.ReactNode;
  /** Open a whole sheet in the sheet view (with the sheets in list order). */
  onOpenSheet?: (imageSha256: string, order: string[]) => void;
}

export function ReviewScreen({ theme, onHelp, source = 'beats', header, onOpenSheet }: Props) {
  const api = useApi();
  const [filter, setFilter] = useState<BeatFilter>({});
  const [sort, setSort] = useState<SortOrder>('position');
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [grid, setGrid] = useState({ cols: 1, pageRows: 1 });
  const [images, setImages] = useState<ImageSummary[]>([]);
  const [override, setOverride] = useState<string | null>(null);
  const { cache, version } = useBeatCache(filter, sort, source);
  const actions = useReviewActions({
    cache,
    selection,
    setSelection,
    cols: grid.cols,
    pageRows: grid.pageRows,
    onHelp,
    active: true,
  });

  useEffect(() => {
    api.listImages({}).then(setImages, () => setImages([]));
  }, [api]);
  useEffect(() => setSelection(EMPTY_SELECTION), [cache]);
  // Once the first page is in, focus the first beat so the keys work straight away.
  useEffect(() => {
    if (selection.focus === null && cache.get(0))
      setSelection({ ids: new Set([cache.get(0)!.id]), anchor: 0, focus: 0 });
  }, [cache, version, selection.focus]);

  const select = useCallback((s: Selection) => {
    setOverride(null);
    setSelection(s);
  }, []);
  const onLayout = useCallback((l: GridLayout, pageRows: number) => setGrid({ cols: l.cols, pageRows }), []);
  const jump = useCallback(
    (id: string) => {
      const at = cache.indexOf(id);
      if (at >= 0) select({ ids: new Set([id]), anchor: at, focus: at });
      else setOverride(id);
    },
    [cache, select],
  );

  return (
    <div className="review" data-testid={source === 'beats' ? 'review-screen' : 'disagreement-screen'}>
      <div className="review-main">
        {header}
        {source === 'beats' && (
          <FilterBar
            filter={filter}
            sort={sort}
            images={images}
            total={cache.total}
            onFilter={setFilter}
            onSort={setSort}
          />
        )}
        <SelectionBar
          count={selection.ids.size}
          focusedId={actions.focusedId}
          onLabel={actions.label}
          onAccept={actions.accept}
          onFindSimilar={actions.findSimilar}
          onClear={() => setSelection({ ...selection, ids: new Set() })}
          onHelp={onHelp}
          busy={actions.busy}
        />
        <BeatGrid
          cache={cache}
          version={version}
          selection={selection}
          onSelection={select}
          onLayout={onLayout}
          theme={theme}
          label={source === 'beats' ? 'Beats' : 'Disagreements'}
        />
      </div>
      <DetailPanel
        sheets={onOpenSheet ? images.filter((i) => i.kind === 'sheet').map((i) => i.sha256) : []}
        onOpenSheet={onOpenSheet}
        beatId={override ?? actions.focusedId}
        stamp={actions.stamp}
        theme={theme}
        onJump={jump}
        onChanged={actions.changed}
      />
    </div>
  );
}
