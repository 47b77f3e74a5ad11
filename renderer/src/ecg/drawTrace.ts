import * as d3 from 'd3';
import type { TraceGeometry } from './computeTraceGeometry';

export interface TraceStyle {
  width: number;
  height: number;
  color: string;
  axisColor: string;
  gridColor: string;
}

const M = { top: 8, right: 12, bottom: 46, left: 44 };
const BAND = 10;

/**
 * The reconstructed trace in mV against ms from R, on ECG-paper grid lines (40 ms / 0.1 mV minor is
 * too dense at this size, so 200 ms / 0.5 mV), with the saliency as a colour band under the axis.
 */
export function drawTrace(svgEl: SVGSVGElement, g: TraceGeometry, s: TraceStyle) {
  const svg = d3
    .select(svgEl)
    .attr('viewBox', `0 0 ${s.width} ${s.height}`)
    .attr('width', s.width)
    .attr('height', s.height);
  svg.selectAll('*').remove();
  // The model window and a little either side: the store sends seconds of context, too much to read.
  const first = Math.max(g.points[0]?.t ?? -400, Math.min(-400, g.windowMs[0] - 300));
  const last = Math.min(g.points[g.points.length - 1]?.t ?? 400, Math.max(400, g.windowMs[1] + 300));
  const inView = <T extends { t: number }>(p: T) => p.t >= first && p.t <= last;
  const x = d3
    .scaleLinear()
    .domain([first, last])
    .range([M.left, s.width - M.right]);
  const y = d3
    .scaleLinear()
    .domain(g.vRange)
    .range([s.height - M.bottom, M.top]);
  const plot = svg.append('g');

  const xt = d3.range(Math.ceil(first / 200) * 200, last + 1, 200);
  const yt = d3.range(Math.ceil(g.vRange[0] / 0.5) * 0.5, g.vRange[1] + 1e-9, 0.5);
  plot
    .append('g')
    .selectAll('line')
    .data(xt)
    .join('line')
    .attr('x1', (d) => x(d))
    .attr('x2', (d) => x(d))
    .attr('y1', M.top)
    .attr('y2', s.height - M.bottom)
    .attr('stroke', s.gridColor);
  plot
    .append('g')
    .selectAll('line')
    .data(yt)
    .join('line')
    .attr('x1', M.left)
    .attr('x2', s.width - M.right)
    .attr('y1', (d) => y(d))
    .attr('y2', (d) => y(d))
    .attr('stroke', s.gridColor);

  plot
    .append('rect')
    .attr('class', 'model-window')
    .attr('x', x(Math.max(first, g.windowMs[0])))
    .attr('width', Math.max(0, x(Math.min(last, g.windowMs[1])) - x(Math.max(first, g.windowMs[0]))))
    .attr('y', M.top)
    .attr('height', s.height - M.bottom - M.top)
    .attr('fill', s.color)
    .attr('opacity', 0.06);
  plot
    .append('line')
    .attr('x1', x(0))
    .attr('x2', x(0))
    .attr('y1', M.top)
    .attr('y2', s.height - M.bottom)
    .attr('stroke', s.axisColor)
    .attr('stroke-dasharray', '3 3')
    .attr('opacity', 0.6);

  const line = d3
    .line<{ t: number; v: number | null }>()
    .defined((p) => p.v !== null)
    .x((p) => x(p.t))
    .y((p) => y(p.v!));
  plot
    .append('path')
    .attr('class', 'trace')
    .attr('d', line(g.points.filter(inView)))
    .attr('fill', 'none')
    .attr('stroke', s.color)
    .attr('stroke-width', 1.6);

  const axisX = svg
    .append('g')
    .attr('transform', `translate(0,${s.height - M.bottom})`)
    .call(d3.axisBottom(x).tickValues(xt.filter((_, i) => i % 2 === 0)));
  const axisY = svg
    .append('g')
    .attr('transform', `translate(${M.left},0)`)
    .call(d3.axisLeft(y).tickValues(yt).tickFormat(d3.format('.1f')));
  for (const a of [axisX, axisY]) {
    a.selectAll('path,line').attr('stroke', s.axisColor);
    a.selectAll('text').attr('fill', s.axisColor);
  }
  svg
    .append('text')
    .attr('x', s.width - M.right)
    .attr('y', s.height - 4)
    .attr('text-anchor', 'end')
    .attr('fill', s.axisColor)
    .attr('font-size', 11)
    .text('ms from R');
  svg
    .append('text')
    .attr('transform', `translate(11,${M.top + 2}) rotate(90)`)
    .attr('fill', s.axisColor)
    .attr('font-size', 11)
    .text('mV');

  // Saliency band: one cell per window sample, viridis (ordered in lightness, readable without hue).
  const bandY = s.height - M.bottom + 22;
  const cellW = g.saliency.length > 1 ? Math.abs(x(g.saliency[1]!.t) - x(g.saliency[0]!.t)) + 0.5 : 2;
  svg
    .append('g')
    .attr('class', 'saliency-band')
    .selectAll('rect')
    .data(g.saliency.filter(inView))
    .join('rect')
    .attr('x', (d) => x(d.t))
    .attr('width', cellW)
    .attr('y', bandY)
    .attr('height', BAND)
    .attr('fill', (d) => d3.interpolateViridis(d.s));
  svg
    .append('text')
    .attr('x', M.left - 4)
    .attr('y', bandY + 9)
    .attr('text-anchor', 'end')
    .attr('fill', s.axisColor)
    .attr('font-size', 10)
    .text('sal.');
}
