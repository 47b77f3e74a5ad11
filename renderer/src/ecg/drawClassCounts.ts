import * as d3 from 'd3';

export interface ClassCountsStyle {
  width: number;
  height: number;
  axisColor: string;
  colorOf: (cls: string) => string;
}

/** Grouped bars per class: model predictions (outlined) beside reviewer labels (filled). */
export function drawClassCounts(
  svgEl: SVGSVGElement,
  classes: readonly string[],
  predicted: Record<string, number>,
  labelled: Record<string, number>,
  s: ClassCountsStyle,
) {
  const m = { top: 24, right: 8, bottom: 24, left: 52 };
  const svg = d3
    .select(svgEl)
    .attr('viewBox', `0 0 ${s.width} ${s.height}`)
    .attr('width', s.width)
    .attr('height', s.height);
  svg.selectAll('*').remove();
  const x = d3
    .scaleBand<string>()
    .domain(classes)
    .range([m.left, s.width - m.right])
    .padding(0.25);
  const sub = d3.scaleBand<string>().domain(['model', 'reviewers']).range([0, x.bandwidth()]).padding(0.1);
  const max = d3.max(classes.flatMap((c) => [predicted[c] ?? 0, labelled[c] ?? 0])) ?? 0;
  const y = d3
    .scaleSqrt()
    .domain([0, Math.max(1, max)])
    .nice()
    .range([s.height - m.bottom, m.top]);
  const bars = classes.flatMap((c) => [
    { c, who: 'model', n: predicted[c] ?? 0 },
    { c, who: 'reviewers', n: labelled[c] ?? 0 },
  ]);
  const g = svg
    .append('g')
    .selectAll('g')
    .data(bars)
    .join('g')
    .attr('transform', (d) => `translate(${x(d.c)! + sub(d.who)!},0)`);
  g.append('rect')
    .attr('y', (d) => y(d.n))
    .attr('width', sub.bandwidth())
    .attr('height', (d) => y(0) - y(d.n))
    .attr('fill', (d) => (d.who === 'model' ? 'none' : s.colorOf(d.c)))
    .attr('stroke', (d) => s.colorOf(d.c))
    .attr('stroke-width', 1.5);
  g.append('text')
    .attr('x', sub.bandwidth() / 2)
    .attr('y', (d) => y(d.n) - 3)
    .attr('text-anchor', 'middle')
    .attr('font-size', 10)
    .attr('fill', s.axisColor)
    .text((d) => String(d.n));
  const ax = svg
    .append('g')
    .attr('transform', `translate(0,${s.height - m.bottom})`)
    .call(d3.axisBottom(x));
  const ay = svg.append('g').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(4, '~s'));
  for (const a of [ax, ay]) {
    a.selectAll('path,line').attr('stroke', s.axisColor);
    a.selectAll('text').attr('fill', s.axisColor);
  }
  svg
    .append('text')
    .attr('x', m.left)
    .attr('y', 12)
    .attr('fill', s.axisColor)
    .attr('font-size', 11)
    .text('outlined: model · filled: reviewers (√ scale)');
}
