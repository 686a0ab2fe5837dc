import { stringify } from 'csv-stringify/sync';
import { csvLine } from './csv-line';

describe('csvLine', () => {
  const records: Array<Array<string | number>> = [
    ['a', 1, '', 'b'],
    ['{"n":1,"text":"note 1 备注"}', 'with,comma', 'say "hi"', 'line\nbreak', 'cr\rhere', '""'],
    [' lead', 'trail ', '=1+1', '-3', 0, -2, 1.5, 'plain'],
    ['', '', ''],
  ];

  it.each(records.map((r) => [r]))('should write %j exactly as csv-stringify does', (r) => {
    expect(csvLine(r)).toBe(stringify([r]));
  });

  it('should write a batch as csv-stringify writes the same records in one call', () => {
    expect(records.map(csvLine).join('')).toBe(stringify(records));
  });
});
