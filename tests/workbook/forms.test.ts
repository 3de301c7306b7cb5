/**
 * Self-assessment forms, reading them back, merging, and de-identified copies: the pure layer
 * (plans and value grids; the .xlsx round trips are in tests/integration/forms.test.ts).
 */
import { createHash } from 'crypto';
import { Worker } from '../../src/domain/csv';
import { flattenCompetencies } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { Rating } from '../../src/domain/ratings';
import { findRole } from '../../src/domain/roles';
import { BLANK, NA, score } from '../../src/domain/scale';
import {
  deidentifyPlan,
  identifierLeaks,
  rewriteFormula,
  scrubber,
  workerCodes,
} from '../../src/workbook/deidentify';
import {
  FORM_HEADERS,
  FORM_IDENTITY_MARKER,
  FORM_LAYOUT,
  formCheck,
  formFileName,
  formSheetName,
  mergeSelfRatings,
  readForm,
  selfAssessmentForm,
  sha256Hex,
} from '../../src/workbook/forms';
import { agencyWorkbook } from '../../src/workbook/build';
import { parseRange } from '../../src/workbook/a1';
import { Grid } from '../../src/workbook/read';
import { SheetPlan, WorkbookPlan } from '../../src/workbook/plan';

const samhsa = getFramework('samhsa-core-2015');
const scale = getScale();
const roles = library().roles;
const team: Worker[] = [
  {
    workerId: 'PS-101',
    name: 'Avery Lindqvist',
    role: 'Recovery Coach',
    supervisor: 'Jordan Okafor',
    startDate: '2023-03-13',
  },
  {
    workerId: 'PS-102',
    name: 'Marisol Teague',
    role: 'Recovery Coach',
    supervisor: 'Jordan Okafor',
    startDate: '',
  },
  {
    workerId: 'PS-104',
    name: 'Keiko Brannigan',
    role: 'Recovery/Crisis Interventionist',
    supervisor: 'Renata Vasquez-Holm',
    startDate: '2025-01-20',
  },
];
const avery = team[0];
const ctx = { team, frameworks: library().frameworks, scale, periods: ['2026 Q2'] };

function form(worker = avery, period = '2026 Q2'): WorkbookPlan {
  return selfAssessmentForm({ worker, period, framework: samhsa, scale, role: findRole(roles, worker.role) });
}
/** The values a reader sees in a freshly written plan (no formulas in forms). */
function grid(plan: SheetPlan): Grid {
  return plan.cells.map((row) => (row ?? []).map((c) => (c ? (c.value ?? null) : null)));
}
function grids(plan: WorkbookPlan) {
  return plan.sheets.map((s) => ({ name: s.name, grid: grid(s) }));
}
const L = FORM_LAYOUT;

describe('sha256Hex (pure, for the browser bundle)', () => {
  it('matches the standard test vectors and node crypto, across block boundaries and non-ASCII text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const n of [55, 56, 63, 64, 65, 119, 1000]) {
      const text = 'x\u00e9\u4e2d'.repeat(n).slice(0, n);
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('selfAssessmentForm', () => {
  const plan = form();
  const [sheet, identity] = plan.sheets;
  const comps = flattenCompetencies(samhsa);

  it('names the sheet and file after the worker and period', () => {
    expect(sheet.name).toBe('Self-assessment PS-101 2026 Q2');
    expect(formSheetName('PS-101', '2026 Q2')).toBe(sheet.name);
    expect(formFileName('PS/1:01', 'Q2?')).toBe('Self-assessment PS-1-01 Q2-.xlsx');
  });

  it('lists every competency with Self and Notes to fill in and no Supervisor column', () => {
    const g = grid(sheet);
    expect(g[L.headerRow].slice(0, FORM_HEADERS.length)).toEqual([...FORM_HEADERS]);
    expect(JSON.stringify(g)).not.toMatch(/Supervisor/);
    expect(g.slice(L.firstDataRow).map((r) => r[1])).toEqual(comps.map((c) => c.id));
    expect(g.slice(L.firstDataRow).every((r) => r[3] === null && r[4] === null)).toBe(true);
  });

  it('marks the role profile and shows the worker id and period in plain view', () => {
    const g = grid(sheet);
    const marked = g.slice(L.firstDataRow).filter((r) => r[5] === 'Key competency' || r[5] === 'Key task');
    expect(marked.length).toBeGreaterThan(0);
    const labels = new Map(g.slice(L.labelRow, L.headerRow).map((r) => [r[0], r[1]]));
    expect(labels.get('Worker ID')).toBe('PS-101');
    expect(labels.get('Period')).toBe('2026 Q2');
    expect(labels.get('Role profile')).toBe('Recovery Coach');
    expect(String(g[L.instructionsRow + 1][0])).toMatch(/Self column/);
  });

  it('has no other worker in it', () => {
    const text = JSON.stringify(plan);
    for (const w of team.slice(1)) {
      expect(text).not.toContain(w.workerId);
      expect(text).not.toContain(w.name);
    }
    expect(text).not.toContain(avery.supervisor);
  });

  it('is protected except Self and Notes; Self has the scale list', () => {
    expect(sheet.protection).toEqual({
      protect: true,
      unlocked: [
        `D${L.firstDataRow + 1}:D${L.firstDataRow + comps.length}`,
        `E${L.firstDataRow + 1}:E${L.firstDataRow + comps.length}`,
      ],
    });
    expect(sheet.validations).toHaveLength(1);
    expect(sheet.validations[0]).toMatchObject({
      ref: `D${L.firstDataRow + 1}:D${L.firstDataRow + comps.length}`,
      type: 'list',
      values: ['1', '2', '3', '4', '5', 'N/A'],
    });
  });

  it('carries a hidden, protected identity with a check over the fields and the competency ids', () => {
    expect(identity.hidden).toBe('very');
    expect(identity.protection).toEqual({ protect: true, unlocked: [] });
    const g = grid(identity);
    expect(g[0][0]).toBe(FORM_IDENTITY_MARKER);
    const f = new Map(g.slice(3).map((r) => [r[0], r[1]]));
    const id = {
      workerId: 'PS-101',
      period: '2026 Q2',
      frameworkId: samhsa.id,
      frameworkVersion: samhsa.version,
      competencyIds: comps.map((c) => c.id),
    };
    expect(f.get('Check')).toBe(formCheck(id));
    expect(f.get('Competencies')).toBe(id.competencyIds.join(','));
    // Any field, or the list of ids, changes the check.
    expect(formCheck({ ...id, workerId: 'PS-102' })).not.toBe(formCheck(id));
    expect(formCheck({ ...id, period: '2026 Q3' })).not.toBe(formCheck(id));
    expect(formCheck({ ...id, frameworkVersion: '2016' })).not.toBe(formCheck(id));
    expect(formCheck({ ...id, competencyIds: id.competencyIds.slice(1) })).not.toBe(formCheck(id));
  });
});

describe('readForm (value grids)', () => {
  const comps = flattenCompetencies(samhsa);
  const fill = (plan: WorkbookPlan, values: Record<number, unknown>, notes: Record<number, string> = {}) => {
    const g = grids(plan);
    for (const [i, v] of Object.entries(values)) g[0].grid[L.firstDataRow + Number(i)][3] = v as string;
    for (const [i, v] of Object.entries(notes)) g[0].grid[L.firstDataRow + Number(i)][4] = v;
    return g;
  };

  it('returns one Self rating per competency, blanks and N/A included, Supervisor blank', () => {
    const res = readForm(
      fill(form(), { 0: 4, 1: 'N/A', 2: '5', 3: 'n/a' }, { 0: 'Proud of this' }),
      'f.xlsx',
      ctx,
    );
    expect(res.ok).toBe(true);
    expect(res.report).toEqual({ accepted: comps.length, problems: [] });
    expect(res.ratings).toHaveLength(comps.length);
    expect(res.ratings.slice(0, 5)).toEqual([
      {
        workerId: 'PS-101',
        period: '2026 Q2',
        frameworkId: samhsa.id,
        competencyId: comps[0].id,
        self: score(4),
        supervisor: BLANK,
        notes: 'Proud of this',
      },
      expect.objectContaining({ competencyId: comps[1].id, self: NA }),
      expect.objectContaining({ competencyId: comps[2].id, self: score(5) }),
      expect.objectContaining({ competencyId: comps[3].id, self: NA }),
      expect.objectContaining({ competencyId: comps[4].id, self: BLANK, notes: '' }),
    ]);
  });

  it('reports every bad score by cell and takes nothing', () => {
    const res = readForm(fill(form(), { 0: 4, 1: 7, 5: 'abc', 6: 2.5 }), 'f.xlsx', ctx);
    expect(res.ok).toBe(false);
    expect(res.ratings).toEqual([]);
    expect(res.report.accepted).toBe(0);
    const r = L.firstDataRow + 1;
    expect(res.report.problems).toEqual([
      {
        file: 'f.xlsx',
        cell: `D${r + 1}`,
        message: `Self for competency ${comps[1].id}: 7 is not on the scale (expected a whole number 1-5, N/A or blank)`,
      },
      {
        file: 'f.xlsx',
        cell: `D${r + 5}`,
        message: `Self for competency ${comps[5].id}: "abc" is not a score (expected a whole number 1-5, N/A or blank)`,
      },
      {
        file: 'f.xlsx',
        cell: `D${r + 6}`,
        message: `Self for competency ${comps[6].id}: 2.5 is not on the scale (expected a whole number 1-5, N/A or blank)`,
      },
    ]);
  });

  it('finds the form by headers and identity, whatever the sheets are called or where they are', () => {
    const g = fill(form(), { 0: 3 });
    const moved = [
      { name: 'Anything', grid: [[1]] },
      { ...g[1], name: 'x' },
      { ...g[0], name: 'My answers' },
    ];
    const res = readForm(moved, 'f.xlsx', ctx);
    expect(res.ok).toBe(true);
    expect(res.ratings[0].self).toEqual(score(3));
  });

  it('refuses a tampered identity, a changed visible label, a wrong period or worker, and an old version', () => {
    const tampered = grids(form());
    const idRow = tampered[1].grid.findIndex((r) => r[0] === 'Worker ID');
    tampered[1].grid[idRow][1] = 'PS-102';
    expect(readForm(tampered, 'f.xlsx', ctx).report.problems[0].message).toMatch(
      /hidden identity was changed.*check value does not match/,
    );

    const relabelled = grids(form());
    relabelled[0].grid[L.labelRow][1] = 'PS-102';
    expect(readForm(relabelled, 'f.xlsx', ctx).report.problems).toEqual([
      {
        file: 'f.xlsx',
        cell: `B${L.labelRow + 1}`,
        message:
          'sheet "Self-assessment PS-101 2026 Q2": Worker ID says "PS-102" but the form was made for "PS-101"',
      },
    ]);

    const other = readForm(grids(form(avery, '2025 Q4')), 'old.xlsx', ctx);
    expect(other.ok).toBe(false);
    expect(other.report.problems).toEqual([
      {
        file: 'old.xlsx',
        message: 'is for period "2025 Q4", which is not one of the periods being collected (2026 Q2)',
      },
    ]);
    expect(readForm(grids(form(avery, '2025 Q4')), 'old.xlsx', { ...ctx, periods: undefined }).ok).toBe(true);

    const stranger = { ...avery, workerId: 'PS-999' };
    expect(readForm(grids(form(stranger)), 'f.xlsx', ctx).report.problems[0].message).toBe(
      'is for worker "PS-999", who is not on the team',
    );

    const newer = { ...samhsa, version: '2030' };
    const res = readForm(grids(form()), 'f.xlsx', { ...ctx, frameworks: [newer] });
    expect(res.report.problems[0].message).toBe(
      'was made for samhsa-core-2015 version 2015, but the workbook uses version 2030; send a new form',
    );
  });

  it('names unrelated workbooks, supervisor workbooks and half forms plainly', () => {
    const msg = (sheets: { name: string; grid: Grid }[]) =>
      readForm(sheets, 'x.xlsx', ctx).report.problems.map((p) => p.message);
    expect(
      msg([
        {
          name: 'Budget',
          grid: [
            ['Item', 'Cost'],
            ['Rent', 100],
          ],
        },
      ]),
    ).toEqual([
      'is not a self-assessment form from Peer Performance Support (no form identity and no sheet with the headers Category, ID, Competency, Self, Notes)',
    ]);
    const agency = agencyWorkbook({ team, periods: ['2026 Q2'], ctx: { framework: samhsa, scale, roles } });
    expect(msg(grids(agency))).toEqual([
      'is a workbook with rating sheets, not a returned self-assessment form',
    ]);
    const g = grids(form());
    expect(msg([g[0]])[0]).toMatch(/has no form identity .* cannot be checked/);
    expect(msg([g[1]])[0]).toMatch(/has a form identity but no sheet with the headers/);
    expect(msg([...g, { ...g[0], name: 'copy' }])[0]).toMatch(/holds 2 forms/);
  });

  it('reports deleted and repeated competency rows', () => {
    const g = grids(form());
    const rows = g[0].grid;
    rows.splice(L.firstDataRow + 2, 1); // a row deleted (after unprotecting)
    rows[L.firstDataRow + 3] = [...rows[L.firstDataRow]];
    const res = readForm(g, 'f.xlsx', ctx);
    expect(res.ok).toBe(false);
    expect(res.report.problems.map((p) => p.message)).toEqual([
      `competency ${comps[0].id} appears again (first at B${L.firstDataRow + 1})`,
      `sheet "Self-assessment PS-101 2026 Q2" is missing competencies ${comps[2].id}, ${comps[4].id}`,
    ]);
  });
});

describe('mergeSelfRatings', () => {
  const r = (id: string, self: Rating['self'], supervisor: Rating['self'] = BLANK, notes = ''): Rating => ({
    workerId: 'PS-101',
    period: '2026 Q2',
    frameworkId: samhsa.id,
    competencyId: id,
    self,
    supervisor,
    notes,
  });

  it('fills blank Self only, reports different Self as conflicts, never touches Supervisor', () => {
    const existing = [
      r('1.1', BLANK, score(3), 'sup note'),
      r('1.2', score(4), score(2)),
      r('1.3', score(3)),
      r('1.5', score(2), NA),
    ];
    const incoming = [
      r('1.1', score(5), BLANK, 'mine'),
      r('1.2', score(2)),
      r('1.3', score(3)),
      r('1.4', NA),
      r('1.5', BLANK, BLANK, 'a note'),
      r('1.6', BLANK),
    ];
    const m = mergeSelfRatings(existing, incoming);
    expect(m.write).toEqual([
      r('1.1', score(5), score(3), 'sup note'),
      r('1.4', NA),
      r('1.5', score(2), NA, 'a note'),
    ]);
    expect(m.conflicts).toEqual([
      {
        competencyId: '1.2',
        workerId: 'PS-101',
        period: '2026 Q2',
        frameworkId: samhsa.id,
        existing: score(4),
        incoming: score(2),
      },
    ]);
    expect(m.unchanged).toBe(2); // 1.3 same, 1.6 blank and new
  });

  it('treats N/A as a value: N/A against a score is a conflict, N/A against N/A is unchanged', () => {
    const m = mergeSelfRatings([r('1.1', NA), r('1.2', NA)], [r('1.1', score(3)), r('1.2', NA)]);
    expect(m.write).toEqual([]);
    expect(m.conflicts.map((c) => [c.competencyId, c.existing, c.incoming])).toEqual([['1.1', NA, score(3)]]);
    expect(m.unchanged).toBe(1);
  });
});

describe('rewriteFormula', () => {
  const maps = {
    sheet: (n: string) =>
      (
        ({
          'ps-101 2026 q1': 'W01 2026 Q1',
          ps101: 'W01',
          "it's ps-101": "It's W01",
          jan: 'A',
          feb: 'B',
        }) as Record<string, string>
      )[n.toLowerCase()],
    name: (n: string) => (({ ratings_ps_101: 'Ratings_W01' }) as Record<string, string>)[n.toLowerCase()],
    text: (s: string) => s.replace(/Avery Lindqvist|PS-101/g, 'W01'),
  };
  it.each([
    ["AVERAGE('PS-101 2026 Q1'!$D$13:$D$74)", "AVERAGE('W01 2026 Q1'!$D$13:$D$74)"],
    ['PS101!A1+ps101!B2', "'W01'!A1+'W01'!B2"], // W01 looks like a cell: quoted
    ["'It''s PS-101'!A1", "'It''s W01'!A1"],
    ["SUM('Jan:Feb'!A1)", "SUM('A:B'!A1)"],
    ['IF(A1="Avery Lindqvist","PS-101 said ""hi""","")', 'IF(A1="W01","W01 said ""hi""","")'],
    [
      'SUM(Ratings_PS_101[Self])+COUNT(Ratings_PS_101[[#This Row],[Self]])',
      'SUM(Ratings_W01[Self])+COUNT(Ratings_W01[[#This Row],[Self]])',
    ],
    [
      'COUNTIFS(A1:A9,">=-1E+307")*PPS_GapThreshold+Team!$B$2',
      'COUNTIFS(A1:A9,">=-1E+307")*PPS_GapThreshold+Team!$B$2',
    ],
    ['PS101(1)', 'PS101(1)'],
    ['Team!Ratings_PS_101+Ratings_PS_101', 'Team!Ratings_PS_101+Ratings_W01'], // after "!": a sheet's own name
  ])('%s', (f, want) => expect(rewriteFormula(f, maps)).toBe(want));
});

describe('deidentifyPlan', () => {
  const ratings: Rating[] = [
    {
      workerId: 'PS-101',
      period: '2026 Q1',
      frameworkId: samhsa.id,
      competencyId: '1.1',
      self: score(4),
      supervisor: score(2),
      notes: 'Avery asked Jordan Okafor about PS-102',
    },
    {
      workerId: 'PS-102',
      period: '2026 Q1',
      frameworkId: samhsa.id,
      competencyId: '1.2',
      self: score(2),
      supervisor: score(5),
      notes: 'Good week for marisol',
    },
  ];
  const outcomes: SheetPlan = {
    ...agencyWorkbook({ team: [], periods: [], ctx: { framework: samhsa, scale, roles } }).sheets[0],
    name: 'Outcomes PS-101',
    kind: 'outcomes',
    tables: [],
    cells: [
      [{ value: 'Person code' }, { value: 'Worker' }],
      [{ value: 'C2001' }, { value: 'PS-101' }],
      [{ value: 'C2002' }, { formula: "'PS-101 2026 Q1'!B3" }],
    ],
  };
  const plan = agencyWorkbook({
    team,
    periods: ['2026 Q1'],
    ctx: { framework: samhsa, scale, roles, ratings },
    extraSheets: [outcomes],
    computedAt: '2026-01-01 09:00',
  });

  it('codes workers W01... in team order; three digits from 100 workers', () => {
    expect([...workerCodes(team)]).toEqual([
      ['PS-101', 'W01'],
      ['PS-102', 'W02'],
      ['PS-104', 'W03'],
    ]);
    const many = Array.from({ length: 120 }, (_, i) => ({ ...avery, workerId: `X${i}` }));
    expect(workerCodes(many).get('X119')).toBe('W120');
    expect(workerCodes(many).get('X0')).toBe('W001');
  });

  it('leaves no roster name, worker id or supervisor name anywhere in the plan', () => {
    expect(identifierLeaks(plan, team).length).toBeGreaterThan(10);
    const { plan: out, cover, codes } = deidentifyPlan(plan, team, { emptyFreeText: true });
    expect(identifierLeaks(out, team)).toEqual([]);
    const text = JSON.stringify(out).toLowerCase();
    for (const w of team)
      for (const s of [w.name, w.workerId, w.supervisor]) expect(text).not.toContain(s.toLowerCase());
    expect(out.sheets[0]).toBe(cover);
    expect(codes.get('PS-104')).toBe('W03');
    // the key is not in the copy: no sheet pairs a code with anything of the roster
    expect(out.sheets.map((s) => s.name)).toEqual([
      'About this copy',
      ...plan.sheets.map((s) =>
        s.name.replace('PS-101', 'W01').replace('PS-102', 'W02').replace('PS-104', 'W03'),
      ),
    ]);
  });

  it('empties the roster Supervisor and Start date, and free text when asked, and says so', () => {
    const { plan: out, cover } = deidentifyPlan(plan, team, { emptyFreeText: true });
    const teamSheet = out.sheets.find((s) => s.kind === 'team')!;
    expect(
      grid(teamSheet)
        .slice(1, 4)
        .map((r) => r.slice(0, 5)),
    ).toEqual([
      // every role is held by fewer than 3 of these 3 workers: generalised (small-cell suppression)
      ['W01', 'W01', 'Peer worker', null, null],
      ['W02', 'W02', 'Peer worker', null, null],
      ['W03', 'W03', 'Peer worker', null, null],
    ]);
    // the kept roles are kept when the rule allows them: 2 Recovery Coaches with a minimum of 2
    const two = deidentifyPlan(plan, team, { emptyFreeText: true, minRoleCount: 2 }).plan.sheets.find(
      (s) => s.kind === 'team',
    )!;
    expect(
      grid(two)
        .slice(1, 4)
        .map((r) => r[2]),
    ).toEqual(['Recovery Coach', 'Recovery Coach', 'Peer worker']);
    const rating = out.sheets.find((s) => s.name === 'W01 2026 Q1')!;
    const t = rating.tables[0];
    expect(t.name).toBe('Ratings_W01_2026_Q1');
    const notesCol = parseRange(t.ref).col1 + t.columns.indexOf('Notes');
    expect(
      grid(rating)
        .map((r) => r[notesCol])
        .filter((v) => v && v !== 'Notes'),
    ).toEqual([]);
    const coverText = grid(cover).flat().join('\n');
    expect(coverText).toMatch(/W01 to W03, 3 workers/);
    expect(coverText).toMatch(/Free text was emptied/);
    expect(coverText).toMatch(/Supervisor \(3 cells\)/);
    expect(coverText).toMatch(/Notes \(2 cells\)/);
  });

  it('keeps free text when asked, with names (also first names alone) replaced', () => {
    const { plan: out, cover } = deidentifyPlan(plan, team, { emptyFreeText: false });
    const notes = out.sheets
      .flatMap((s) => grid(s).flat())
      .filter((v) => typeof v === 'string' && /asked|Good week/.test(v));
    expect(notes).toEqual(['W01 asked [supervisor] about W02', 'Good week for W02']);
    expect(grid(cover).flat().join(' ')).toMatch(/Free text .* was kept/);
    expect(identifierLeaks(out, team)).toEqual([]);
  });

  it('keeps person codes, numbers and formulas; formulas follow renamed sheets and names', () => {
    const { plan: out } = deidentifyPlan(plan, team, { emptyFreeText: true });
    const o = out.sheets.find((s) => s.kind === 'outcomes')!;
    expect(o.name).toBe('Outcomes W01');
    expect(o.cells).toEqual([
      [{ value: 'Person code' }, { value: 'Worker' }],
      [{ value: 'C2001' }, { value: 'W01' }],
      [{ value: 'C2002' }, { formula: "'W01 2026 Q1'!B3" }],
    ]);
    const before = plan.sheets.flatMap((s) => s.cells.flat()).filter((c) => c?.formula).length;
    const after = out.sheets.flatMap((s) => s.cells.flat()).filter((c) => c?.formula).length;
    expect(after).toBe(before);
    const charts = out.sheets.flatMap((s) => s.charts);
    const names = new Set(out.sheets.map((s) => s.name));
    for (const ch of charts) {
      expect(names.has(ch.categories.sheet)).toBe(true);
      ch.series.forEach((x) => expect(names.has(x.values.sheet)).toBe(true));
    }
    expect(out.names.map((n) => n.name)).toEqual(plan.names.map((n) => n.name));
  });

  it('empties free-text columns under plain header rows outside tables (agenda notes)', () => {
    const agenda: SheetPlan = {
      ...outcomes,
      name: 'Agenda PS-102',
      kind: 'other',
      cells: [
        [{ value: 'Agenda' }],
        ['Section', 'Minutes', 'Prompt', 'Supervisor notes', 'Worker notes'].map((value) => ({ value })),
        [
          { value: 'Check-in' },
          { value: 5 },
          { value: 'How are you?' },
          { value: 'Marisol Teague tired' },
          { value: 'ok' },
        ],
        [
          { value: 'Goals' },
          { value: 10 },
          { value: 'Review' },
          undefined,
          { value: 'Ask Renata Vasquez-Holm' },
        ],
        [],
        [{ value: 'Total' }, { formula: 'SUM(B3:B4)' }],
      ],
    };
    const p = { sheets: [agenda], names: [] };
    const emptied = deidentifyPlan(p, team, { emptyFreeText: true }).plan.sheets[1];
    expect(grid(emptied).slice(2)).toEqual([
      ['Check-in', 5, 'How are you?', null, null],
      ['Goals', 10, 'Review', null, null],
      [],
      ['Total', null],
    ]);
    expect(emptied.cells[5][1]).toEqual({ formula: 'SUM(B3:B4)' });
    const kept = deidentifyPlan(p, team, { emptyFreeText: false }).plan.sheets[1];
    expect(grid(kept)[3][4]).toBe('Ask [supervisor]');
    expect(kept.name).toBe('Agenda W02');
  });

  it('matches short ids only as whole words', () => {
    const s = scrubber([{ workerId: '7', name: 'Bo Li', role: '', supervisor: '', startDate: '' }]);
    expect(s.text('worker 7, row 17, Bo Li')).toBe('worker W01, row 17, W01');
    expect(s.leaks('row 17')).toBe(false);
    expect(s.leaks('id 7')).toBe(true);
  });
});
