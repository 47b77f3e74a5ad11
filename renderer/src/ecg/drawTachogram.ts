import * as d3 from 'd3';

export interface TachogramStyle {
  width: number;
  height: number;
  fs: number;
  color: string;
  highlight: string;
  axisColor: string;
}

const M = { top: 8, right: 10, bottom: 26, left: 44 };

/** RR interval (ms) of every beat of the record against its time (s); the current beat is ringed; click jumps. */
export function drawTachogram(
  svgEl: SVGSVGElement,
  rr: readonly { rSample: number; rrMs: number }[],
  current: number,
  s: TachogramStyle,
  onPick: (rSample: number) => void,
) {
  const svg = d3
    .select(svgEl)
    .attr('viewBox', `0 0 ${s.width} ${s.height}`)
    .attr('width', s.width)
    .attr('height', s.height);
  svg.selectAll('*').remove();
  if (rr.length === 0) {
    svg
      .append('text')
      .attr('x', s.width / 2)
      .attr('y', s.height / 2)
      .attr('text-anchor', 'middle')
      .attr('fill', s.axisColor)
      .text('No RR intervals for this record');
    return;
  }
  const t = (d: { rSample: number }) => d.rSample / s.fs;
  const x = d3
    .scaleLinear()
    .domain(d3.extent(rr, t) as [number, number])
    .nice()
    .range([M.left, s.width - M.right]);
  const [lo, hi] = d3.extent(rr, (d) => d.rrMs) as [number, number];
  const y = d3
    .scaleLinear()
    .domain([Math.max(0, lo - 100), hi + 100])
    .nice()
    .range([s.height - M.bottom, M.top]);
  svg
    .append('path')
    .attr(
      'd',
      d3
        .line<{ rSample: number; rrMs: number }>()
        .x((d) => x(t(d)))
        .y((d) => y(d.rrMs))([...rr]),
    )
    .attr('fill', 'none')
    .attr('stroke', s.color)
    .attr('stroke-width', 1.2);
  svg
    .append('g')
    .selectAll('circle')
    .data(rr)
    .join('circle')
    .attr('cx', (d) => x(t(d)))
    .attr('cy', (d) => y(d.rrMs))
    .attr('r', (d) => (d.rSample === current ? 5 : 3))
    .attr('fill', (d) => (d.rSample === current ? s.highlight : s.color))
    .attr('stroke', (d) => (d.rSample === current ? s.axisColor : 'none'))
    .style('cursor', 'pointer')
    .on('click', (_e, d) => onPick(d.rSample))
    .append('title')
    .text((d) => `${t(d).toFixed(2)} s · RR ${Math.round(d.rrMs)} ms`);
  const ax = svg
    .append('g')
    .attr('transform', `translate(0,${s.height - M.bottom})`)
    .call(
      d3
        .axisBottom(x)
        .ticks(6)
        .tickFormat((d) => `${d} s`),
    );
  const ay = svg.append('g').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(4));
  for (const a of [ax, ay]) {
    a.selectAll('path,line').attr('stroke', s.axisColor);
    a.selectAll('text').attr('fill', s.axisColor);
  }
  svg
    .append('text')
    .attr('x', M.left + 4)
    .attr('y', M.top + 10)
    .attr('fill', s.axisColor)
    .attr('font-size', 11)
    .text('RR ms');
}
