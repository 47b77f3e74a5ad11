import { describe, expect, it } from 'vitest';
import { formatCsvRow, parseCsv } from '../csv';

describe('CSV', () => {
  it('quotes only fields that need it', () => {
    expect(formatCsvRow(['a', 1, null, 'b,c', 'say "hi"'])).toBe('a,1,,"b,c","say ""hi"""');
  });

  it('parses back what it formats, including commas, quotes and newlines inside fields', () => {
    const rows = [
      ['/scans/odd, name.png', 'x"y', 'two\nlines', ''],
      ['plain', '0.5', 'N', 'é'],
    ];
    const text = `${rows.map(formatCsvRow).join('\r\n')}\n`;
    expect(parseCsv(text)).toEqual(rows);
  });
});
