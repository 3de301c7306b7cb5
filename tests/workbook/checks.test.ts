import { planProblems } from '../../src/workbook/checks';
import { handPlan } from '../excel/render/fixtures';

describe('plan checks', () => {
  test('planProblems', () => {
    expect(planProblems(handPlan())).toEqual([]);
    const bad = handPlan();
    bad.sheets[0].merges.push('A6:B6');
    bad.sheets[0].tables.push({ ...bad.sheets[0].tables[0], name: 'Second', totals: undefined });
    expect(planProblems(bad)).toEqual([
      'sheet "Ratings": tables "RatingsTable" and "Second" overlap',
      'sheet "Ratings": merged cells A6:B6 overlap the table "RatingsTable"',
      'sheet "Ratings": merged cells A6:B6 overlap the table "Second"',
    ]);
  });
});
