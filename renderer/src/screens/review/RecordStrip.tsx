import type { BeatDetail, BeatSummary } from '../../../../common/schemas/view';
import { computeImageView } from '../../ecg/computeImageView';
import { getClassColor, type Theme } from '../../ecg/palette';
import { useImageUrl } from '../../hooks/useImageUrl';

interface Props {
  detail: BeatDetail;
  beats: BeatSummary[];
  theme: Theme;
  width: number;
  onPick: (rSample: number) => void;
}

/** The whole strip of the record with a marker per beat (coloured by class); click one to go to it. */
export function RecordStrip({ detail, beats, theme, width, onPick }: Props) {
  const url = useImageUrl(detail.summary.imageSha256);
  const pm = detail.pixelMap;
  const marks = beats.length
    ? beats.map((b) => ({ rSample: b.rSample, cls: b.myLabel ?? b.finalLabel ?? b.predicted }))
    : detail.rr.map((r) => ({ rSample: r.rSample, cls: null }));
  if (!marks.some((m) => m.rSample === detail.summary.rSample))
    marks.push({ rSample: detail.summary.rSample, cls: detail.summary.myLabel ?? detail.summary.predicted });
  const view = pm && detail.imageWidth ? computeImageView(pm, detail.fs, pm.panel, width, 140) : null;
  const last = Math.max(...marks.map((m) => m.rSample), 1);
  const xOf = view ? view.sampleToX : (s: number) => 8 + ((width - 16) * s) / last;
  const height = view ? view.height : 36;
  return (
    <div
      className="record-strip"
      style={{ width: view?.width ?? width, height: height + 14 }}
      data-testid="record-strip"
    >
      {view && url && (
        <div className="crop" style={{ width: view.width, height: view.height }}>
          <img
            src={url}
            alt={`Whole strip of lead ${detail.summary.lead}`}
            width={detail.imageWidth!}
            height={detail.imageHeight!}
            style={{ transform: view.transform, transformOrigin: '0 0', maxWidth: 'none' }}
            draggable={false}
          />
        </div>
      )}
      {!view && <div className="timeline" style={{ height }} />}
      {marks.map((m) => {
        const current = m.rSample === detail.summary.rSample;
        return (
          <button
            key={m.rSample}
            type="button"
            className={`marker${current ? ' current' : ''}`}
            style={{ left: xOf(m.rSample) - 5, top: height, borderBottomColor: getClassColor(theme, m.cls) }}
            aria-label={`Beat at ${(m.rSample / detail.fs).toFixed(2)} s${m.cls ? `, ${m.cls}` : ''}${current ? ' (this beat)' : ''}`}
            aria-current={current || undefined}
            onClick={() => onPick(m.rSample)}
          />
        );
      })}
    </div>
  );
}
