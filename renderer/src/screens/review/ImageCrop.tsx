import { useLayoutEffect, useRef, useState } from 'react';
import type { BeatDetail } from '../../../../common/schemas/view';
import { computeBeatBox, computeImageView, computeMvRange } from '../../ecg/computeImageView';
import { drawSaliencyOverlay, drawTraceOnScan } from '../../ecg/drawSaliencyOverlay';
import { useImageUrl } from '../../hooks/useImageUrl';

/** The scan around the beat, with the saliency as a heat overlay and the digitized trace drawn back on it. */
export function ImageCrop({ detail, width }: { detail: BeatDetail; width: number }) {
  const url = useImageUrl(detail.summary.imageSha256);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [showTrace, setShowTrace] = useState(true);
  const pm = detail.pixelMap;
  const view = pm
    ? computeImageView(
        pm,
        detail.fs,
        computeBeatBox(pm, detail.fs, detail.summary.rSample, 0.9, computeMvRange(detail.samples)),
        width,
        280,
      )
    : null;

  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c || !view) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(view.width * dpr);
    c.height = Math.round(view.height * dpr);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawSaliencyOverlay(ctx, view, detail.window.start, detail.window.end, detail.saliency);
    if (showTrace) drawTraceOnScan(ctx, view, detail.offset, detail.samples, '#0072B2');
  });

  if (!pm || !view || !detail.imageWidth || !detail.imageHeight) {
    return (
      <p className="muted placeholder-box">
        This beat has no mapping back to its scan (the image was a beat crop or the lead had no calibration).
      </p>
    );
  }
  return (
    <figure className="image-crop">
      <div className="crop" style={{ width: view.width, height: view.height }} data-testid="image-crop">
        {url && (
          <img
            src={url}
            alt={`Scan of ${detail.summary.file}, lead ${detail.summary.lead}, around the beat`}
            width={detail.imageWidth}
            height={detail.imageHeight}
            style={{ transform: view.transform, transformOrigin: '0 0', maxWidth: 'none' }}
            draggable={false}
          />
        )}
        <canvas ref={canvas} style={{ width: view.width, height: view.height }} aria-hidden="true" />
      </div>
      <figcaption className="muted small">
        Scan, lead {detail.summary.lead}; shaded: what the model looked at (saliency).{' '}
        <label className="check inline">
          <input type="checkbox" checked={showTrace} onChange={(e) => setShowTrace(e.target.checked)} /> digitized trace
        </label>
      </figcaption>
    </figure>
  );
}
