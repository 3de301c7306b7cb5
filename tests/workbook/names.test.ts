import { freeSheetName } from '../../src/workbook/names';

describe('free names', () => {
  test('free sheet names stay within 31 characters', () => {
    const long = 'A very long competency sheet nm'; // 31 chars
    expect(freeSheetName(long, new Set([long.toLowerCase()]))).toBe('A very long competency shee (2)');
    expect(freeSheetName('Team', new Set(['team', 'team (2)']))).toBe('Team (3)');
  });
});
