import { useMemo } from 'react';
import type { SheetView } from '../../../../common/schemas/view';
import {
  computeLeadPath,
  computeSaliencyColumns,
  computeSheetViewBox,
  getDeskewTransform,
} from '../../ecg/computeSheetGeometry';

interface Props {
  sheet: SheetView;
  url: string | null;
  /** The lead shown alone (zoomed onto its panel), or null for all leads. */
  selected: string | null;
  showTraces: boolean;
  showSaliency: boolean;
  onPickLead: (lead: string) => void;
}

/** Okabe–Ito blue for the traces (reads on pink and grey grids), vermillion for the saliency. */
const ECG_SHEET_TRACE = '#0072B2';
const ECG_SHEET_SALIENCY = '#D55E00';

/**
 * The scan with each extracted lead drawn back onto it through its pixel map, and the record model's
 * saliency as shaded panel columns. Drawn in image pixels: each lead's group turns its deskewed frame
 * back onto the scan, so the overlay lands where the digitizer read the trace.
 */
export function SheetImage({ sheet, url, selected, showTraces, showSaliency, onPickLead }: Props) {
  const { image, leads, prediction } = sheet;
  const drawn = useMemo(
    () =>
      leads
        .filter((l) => l.pixelMap)
        .map((l) => ({
          name: l.name,
          pm: l.pixelMap!,
          transform: getDeskewTransform(l.pixelMap!),
          d: computeLeadPath(l.samples, l.fs, l.pixelMap!),
          n: l.samples.length,
          fs: l.fs,
        })),
    [leads],
  );
  const shading = useMemo(() => {
    const sal = prediction?.saliency ?? [];
    const maxShare = Math.max(0, ...sal.map((s) => s.share));
    return drawn.map((l) => {
      const s = sal.find((x) => x.lead === l.name);
      return { name: l.name, cols: s ? computeSaliencyColumns(s, maxShare, l.n, l.fs, l.pm) : [] };
    });
  }, [drawn, prediction]);
  const sel = drawn.find((l) => l.name === selected) ?? null;
  const box = computeSheetViewBox(image.width, image.height, sel?.pm ?? null);
  const visible = (name: string) => selected === null || name === selected;
  // Stroke widths and label sizes in image pixels, so they look the same whatever the zoom.
  const unit = Math.max(box.width / 1400, box.height / 900);
  const fileName = image.path.split(/[\\/]/).pop();

  return (
    <svg
      className="sheet-svg"
      viewBox={`${box.x} ${box.y} ${box.width} ${box.height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={`Scan ${fileName}${selected ? `, lead ${selected}` : ', all leads'} with the extracted traces`}
      data-testid="sheet-image"
      data-lead={selected ?? 'all'}
    >
      {url && <image href={url} x={0} y={0} width={image.width} height={image.height} preserveAspectRatio="none" />}
      {showSaliency && (
        <g data-testid="sheet-saliency" aria-hidden="true">
          {shading
            .filter((s) => visible(s.name))
            .map((s) => {
              const l = drawn.find((x) => x.name === s.name)!;
              return (
                <g key={s.name} transform={l.transform} data-lead={s.name}>
                  {s.cols.map((c, i) => (
                    <rect
                      key={i}
                      x={c.x}
                      y={c.y}
                      width={c.width}
                      height={c.height}
                      fill={ECG_SHEET_SALIENCY}
                      fillOpacity={c.opacity}
                    />
                  ))}
                </g>
              );
            })}
        </g>
      )}
      {showTraces && (
        <g data-testid="sheet-traces" aria-hidden="true">
          {drawn
            .filter((l) => visible(l.name))
            .map((l) => (
              <path
                key={l.name}
                d={l.d}
                transform={l.transform}
                fill="none"
                stroke={ECG_SHEET_TRACE}
                strokeOpacity={0.85}
                strokeWidth={(selected ? 1.6 : 1.3) * unit}
                strokeLinejoin="round"
                data-lead={l.name}
              />
            ))}
        </g>
      )}
      <g className="sheet-lead-names">
        {drawn
          .filter((l) => visible(l.name))
          .map((l) => (
            <g key={l.name} transform={l.transform}>
              <text
                x={l.pm.panel.x + 6 * unit}
                y={l.pm.panel.y + 18 * unit}
                fontSize={15 * unit}
                className="sheet-lead-name"
                role="button"
                tabIndex={-1}
                onClick={() => onPickLead(l.name)}
              >
                {l.name}
              </text>
            </g>
          ))}
      </g>
    </svg>
  );
}
