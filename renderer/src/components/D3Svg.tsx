import { useLayoutEffect, useRef } from 'react';

/** An <svg> whose content a pure draw* function owns; redrawn when `deps` change. */
export function D3Svg({
  draw,
  deps,
  className,
  label,
}: {
  draw: (svg: SVGSVGElement) => void;
  deps: readonly unknown[];
  className?: string;
  label: string;
}) {
  const ref = useRef<SVGSVGElement>(null);
  useLayoutEffect(() => {
    if (ref.current) draw(ref.current);
    // The caller lists what the drawing depends on.
  }, deps);
  return <svg ref={ref} className={className} role="img" aria-label={label} />;
}
