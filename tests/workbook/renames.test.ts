import { formulaSheets, renameReferences } from '../../src/workbook/renames';

describe('formula references', () => {
  test('renameReferences renames sheets, tables and names outside strings', () => {
    const r = {
      sheets: { Team: 'Team (2)', "Bob's": 'Other' },
      objects: { Scores: 'Scores_2', Cutoff: 'Cutoff_2' },
    };
    expect(renameReferences('SUM(Team!A1:A3)+team!B1', r)).toBe("SUM('Team (2)'!A1:A3)+'Team (2)'!B1");
    expect(renameReferences("'Bob''s'!A1&\"Team!A1\"", r)).toBe('Other!A1&"Team!A1"');
    expect(renameReferences('AVERAGE(Scores[Self])*Cutoff+Team!Cutoff', r)).toBe(
      "AVERAGE(Scores_2[Self])*Cutoff_2+'Team (2)'!Cutoff",
    );
    expect(renameReferences('CUTOFF(1)+ROWS(scores)', r)).toBe('CUTOFF(1)+ROWS(Scores_2)');
    expect(renameReferences("Scores[[#Totals],['[Odd']]]", r)).toBe("Scores_2[[#Totals],['[Odd']]]");
    // a number's exponent and the letters after "$" are not names
    expect(renameReferences('1E5+$Cutoff$1', { objects: { E5: 'x', Cutoff: 'y' } })).toBe('1E5+$Cutoff$1');
  });

  test('formulaSheets names every sheet a formula needs, both ends of a 3D reference included', () => {
    expect(formulaSheets("SUM('Jan:Feb'!A1)+Team!B1+'It''s'!C1&\"Nope!A1\"")).toEqual([
      'Jan',
      'Feb',
      'Team',
      "It's",
    ]);
  });
});
