import * as d3 from 'd3';

export interface ConfusionStyle {
  size: number;
  textColor: string;
  axisColor: string;
  dark: boolean;
}

/** Row-normalised shares, so a rare class's errors show as strongly as a common one's. */
export function computeRowShares(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
}

/** Rows: reviewers' final label; columns: model prediction. Cell colour by row share, text the count. */
export function drawConfusionMatrix(
  svgEl: SVGSVGElement,
  classes: readonly string[],
  matrix: readonly (readonly number[])[],
  s: ConfusionStyle,
) {
  const m = { top: 40, left: 56, right: 8, bottom: 8 };
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${s.size} ${s.size}`).attr('width', s.size).attr('height', s.size);
  svg.selectAll('*').remove();
  const band = d3
    .scaleBand<string>()
    .domain(classes)
    .range([0, s.size - m.left - m.right])
    .padding(0.04);
  const shares = computeRowShares(matrix);
  const colour = d3.scaleSequential(s.dark ? d3.interpolateCividis : d3.interpolateBlues).domain([0, 1]);
  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const cells = classes.flatMap((r, i) =>
    classes.map((c, j) => ({ r, c, n: matrix[i]?.[j] ?? 0, share: shares[i]?.[j] ?? 0 })),
  );
  const cell = g
    .selectAll('g.cell')
    .data(cells)
    .join('g')
    .attr('class', 'cell')
    .attr('transform', (d) => `translate(${band(d.c)},${band(d.r)})`);
  cell
    .append('rect')
    .attr('width', band.bandwidth())
    .attr('height', band.bandwidth())
    .attr('fill', (d) => colour(d.share))
    .attr('rx', 2);
  cell
    .append('text')
    .attr('x', band.bandwidth() / 2)
    .attr('y', band.bandwidth() / 2 + 4)
    .attr('text-anchor', 'middle')
    .attr('font-size', 12)
    .attr('fill', (d) => ((s.dark ? d.share > 0.55 : d.share > 0.5) ? (s.dark ? '#111' : '#fff') : s.textColor))
    .text((d) => String(d.n));
  cell.append('title').text((d) => `reviewers ${d.r}, model ${d.c}: ${d.n} (${Math.round(d.share * 100)}% of row)`);
  g.append('g')
    .selectAll('text')
    .data(classes)
    .join('text')
    .attr('x', (d) => band(d)! + band.bandwidth() / 2)
    .attr('y', -8)
    .attr('text-anchor', 'middle')
    .attr('fill', s.axisColor)
    .attr('font-weight', 600)
    .text((d) => d);
  g.append('g')
    .selectAll('text')
    .data(classes)
    .join('text')
    .attr('x', -8)
    .attr('y', (d) => band(d)! + band.bandwidth() / 2 + 4)
    .attr('text-anchor', 'end')
    .attr('fill', s.axisColor)
    .attr('font-weight', 600)
    .text((d) => d);
  svg
    .append('text')
    .attr('x', m.left + (s.size - m.left) / 2)
    .attr('y', 14)
    .attr('text-anchor', 'middle')
    .attr('fill', s.axisColor)
    .attr('font-size', 11)
    .text('model prediction →');
  svg
    .append('text')
    .attr('transform', `translate(14,${m.top + (s.size - m.top) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', s.axisColor)
    .attr('font-size', 11)
    .text('reviewers ↓');
}
