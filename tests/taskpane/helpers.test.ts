// Pure helpers behind the task pane: period suggestions, form validation, report wording, the api runner.
import { createRunner, RunnerDeps } from '../../src/taskpane/App';
import { errorText } from '../../src/taskpane/components/common';
import { refreshSummary } from '../../src/taskpane/components/CompareTab';
import { importSummary } from '../../src/taskpane/components/OutcomesTab';
import { nextPeriodLabel, periodSuggestions } from '../../src/taskpane/components/ReviewTab';
import { draftFromSettings, scaleRange, validateSettings } from '../../src/taskpane/components/SetupTab';
import { shareableSheets } from '../../src/taskpane/components/ShareTab';
import { normalizeDate, validateTeam, validateWorker } from '../../src/taskpane/components/TeamTab';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { PaneState } from '../../src/excel/api';
import { Worker } from '../../src/domain/csv';

const ana: Worker = {
  workerId: 'W01',
  name: 'Ana Diaz',
  role: 'Recovery Coach',
  supervisor: 'Sam',
  startDate: '',
};

describe('nextPeriodLabel', () => {
  const today = new Date(2026, 4, 15); // May 2026, Q2
  test('the quarter after the latest period, in meaning order', () => {
    expect(nextPeriodLabel(['2026 Q1', '2026 Q3', '2026 Q2'], today)).toBe('2026 Q4');
    expect(nextPeriodLabel(['2025 Q4'], today)).toBe('2026 Q1');
    expect(nextPeriodLabel(['Q2 2026'], today)).toBe('2026 Q3');
  });
  test('keeps the style of halves, months and years', () => {
    expect(nextPeriodLabel(['2026 H1'], today)).toBe('2026 H2');
    expect(nextPeriodLabel(['2026 H2'], today)).toBe('2027 H1');
    expect(nextPeriodLabel(['Dec 2026'], today)).toBe('Jan 2027');
    expect(nextPeriodLabel(['2026-03'], today)).toBe('2026-04');
    expect(nextPeriodLabel(['2025'], today)).toBe('2026');
  });
  test('seasons move on a quarter; no usable period gives the current quarter', () => {
    expect(nextPeriodLabel(['Spring 2026'], today)).toBe('2026 Q3');
    expect(nextPeriodLabel([], today)).toBe('2026 Q2');
    expect(nextPeriodLabel(['Intake review'], today)).toBe('2026 Q2');
  });
  test('suggestions: next, current quarter, then existing periods latest first, no repeats', () => {
    expect(periodSuggestions(['2026 Q1', '2026 Q2'], today)).toEqual(['2026 Q3', '2026 Q2', '2026 Q1']);
  });
});

describe('worker form', () => {
  test('a good worker is trimmed and its date normalised', () => {
    const r = validateWorker({ ...ana, workerId: ' W02 ', startDate: '3/1/2025' }, [ana]);
    expect(r.errors).toEqual({});
    expect(r.worker).toEqual({ ...ana, workerId: 'W02', startDate: '2025-03-01' });
  });
  test('empty id, empty name and bad date each get a message in plain words', () => {
    const r = validateWorker({ ...ana, workerId: ' ', name: '', startDate: '2025-02-30' }, []);
    expect(r.worker).toBeUndefined();
    expect(r.errors.workerId).toBe('Enter a worker ID.');
    expect(r.errors.name).toBe('Enter a name.');
    expect(r.errors.startDate).toMatch(/"2025-02-30" is not a date\. Enter it as yyyy-mm-dd/);
  });
  test('an id that Excel formulas would read as a pattern is refused in plain words', () => {
    const r = validateWorker({ ...ana, workerId: 'W0*' }, []);
    expect(r.worker).toBeUndefined();
    expect(r.errors.workerId).toBe(
      'The ID "W0*" contains *, which Excel formulas read as a wildcard; use letters, digits, - or _.',
    );
  });
  test('a duplicate id is refused ignoring case', () => {
    const r = validateWorker({ ...ana, workerId: 'w01', name: 'Bo' }, [ana]);
    expect(r.errors.workerId).toMatch(/W01 is already used by Ana Diaz/);
  });
  test('dates', () => {
    expect(normalizeDate('')).toBe('');
    expect(normalizeDate('2024-2-29')).toBe('2024-02-29');
    expect(normalizeDate('2023-02-29')).toBeNull();
    expect(normalizeDate('next week')).toBeNull();
  });
  test('a whole roster lists every problem', () => {
    expect(validateTeam([ana, { ...ana, name: 'Bo' }, { ...ana, workerId: '', name: '' }])).toEqual([
      'W01: The ID W01 is already used by Ana Diaz. Each worker needs a different ID (capital letters do not make it different).',
      'Row 3: Enter a worker ID.',
      'Row 3: Enter a name.',
    ]);
    expect(validateTeam([ana])).toEqual([]);
  });
});

describe('settings form', () => {
  test('the range of the bundled scales, or of a title like "1-7"', () => {
    expect(scaleRange('default-1-5')).toBe(4);
    expect(scaleRange('three-level')).toBe(2);
    expect(scaleRange('agency', 'Agency scale 1-7')).toBe(6);
  });
  test('good values become settings, keeping the ones the form does not show', () => {
    const draft = { ...draftFromSettings(DEFAULT_SETTINGS), gapThreshold: '3', orsChild: '31.5' };
    const r = validateSettings(draft, DEFAULT_SETTINGS, 4);
    expect(r.errors).toEqual({});
    expect(r.settings).toEqual({
      ...DEFAULT_SETTINGS,
      gapThreshold: 3,
      orsCutoff: { ...DEFAULT_SETTINGS.orsCutoff, child: 31.5 },
    });
  });
  test('bad values are named per field', () => {
    const draft = {
      ...draftFromSettings(DEFAULT_SETTINGS),
      gapThreshold: '5',
      orsAdult: '',
      srsCutoff: 'abc',
    };
    const r = validateSettings(draft, DEFAULT_SETTINGS, 4);
    expect(r.settings).toBeUndefined();
    expect(r.errors).toEqual({
      gapThreshold: 'The gap threshold must be from 1 to 4.',
      orsAdult: 'Enter the adult ORS cutoff.',
      srsCutoff: '"abc" is not a number. Enter the SRS cutoff as a number.',
    });
    expect(
      validateSettings(
        { ...draft, orsAdult: '25', srsCutoff: '36', gapThreshold: '1.5' },
        DEFAULT_SETTINGS,
        4,
      ).errors,
    ).toEqual({ gapThreshold: 'Enter the gap threshold as a whole number.' });
  });
});

describe('report wording', () => {
  test('refresh report', () => {
    const base = {
      sheets: ['A', 'B', 'C'],
      created: [] as string[],
      changedCells: 12,
      keptCells: 4,
      goalsFilled: 5,
      problems: [],
    };
    expect(refreshSummary(base)).toBe(
      'Refreshed 3 sheets; 12 values changed; kept 4 cells you typed; filled 5 empty goals.',
    );
    expect(refreshSummary({ ...base, sheets: ['A'], changedCells: 1, keptCells: 0, goalsFilled: 1 })).toBe(
      'Refreshed 1 sheet; 1 value changed; filled 1 empty goal.',
    );
    expect(refreshSummary({ ...base, changedCells: 0, keptCells: 0, goalsFilled: 0 })).toBe(
      'Refreshed 3 sheets; no values changed.',
    );
    expect(refreshSummary({ ...base, sheets: [] })).toBe('No sheets were made or refreshed.');
    // sheets made this time are not "refreshed"
    expect(refreshSummary({ ...base, created: ['A', 'B', 'C'], changedCells: 0, keptCells: 0 })).toBe(
      'Made 3 sheets; filled 5 empty goals.',
    );
    expect(refreshSummary({ ...base, created: ['C'], changedCells: 2, keptCells: 0, goalsFilled: 0 })).toBe(
      'Made 1 sheet; refreshed 2 sheets; 2 values changed.',
    );
  });
  test('import report', () => {
    expect(
      importSummary({
        accepted: 12,
        duplicates: 2,
        rejected: [{ file: 'x.csv', row: 3, message: 'bad' }],
        needsConfirmation: ['Ana Diaz'],
        sheets: [],
      }),
    ).toBe(
      'Imported 12 sessions. Skipped 2 duplicates already in the workbook. Left out 1 row with a problem (listed below). Held back 1 person code that looks like a name.',
    );
    expect(
      importSummary({ accepted: 0, duplicates: 0, rejected: [], needsConfirmation: [], sheets: [] }),
    ).toBe('No sessions were imported.');
  });
  test('errors in plain words', () => {
    expect(errorText(new Error('The sheet "Team" is protected.'))).toBe('The sheet "Team" is protected.');
    expect(errorText('busy')).toBe('busy');
    expect(errorText(undefined)).toMatch(/Something went wrong/);
  });
});

test('shareable sheets: rating sheets, team, settings, sheets made this session, no repeats', () => {
  const state = {
    ratingSheets: [
      { sheet: 'W01 2026 Q1', workerId: 'W01', period: '2026 Q1', frameworkId: 'x' },
      { sheet: 'W02 2026 Q1', workerId: 'W02', period: '2026 Q1', frameworkId: 'x' },
    ],
    teamSheet: 'Team',
  } as PaneState;
  expect(shareableSheets(state, ['Dashboard', 'Team'])).toEqual([
    'W01 2026 Q1',
    'W02 2026 Q1',
    'Team',
    'Settings',
    'Dashboard',
  ]);
  expect(shareableSheets({ ...state, ratingSheets: [], teamSheet: null })).toEqual(['Settings']);
});

describe('createRunner (every api call from the pane)', () => {
  function setup(load: () => Promise<PaneState>) {
    const log: string[] = [];
    const deps: RunnerDeps = {
      api: { load },
      running: { current: false },
      setBusy: (l) => log.push(`busy:${l ?? '-'}`),
      setError: (m) => m && log.push(`error:${m}`),
      setNotice: (m) => m && log.push(`notice:${m}`),
      setState: () => log.push('state'),
    };
    return { log, deps, run: createRunner(deps) };
  }
  const state = {} as PaneState;

  test('success: spinner on, result, notice, reload, spinner off', async () => {
    const { log, run } = setup(async () => state);
    await expect(run('Saving', async () => 7, { reload: true, done: 'Saved.' })).resolves.toBe(7);
    expect(log).toEqual([
      'busy:Saving',
      'notice:Saved.',
      'busy:Reading the workbook again',
      'state',
      'busy:-',
    ]);
  });
  test('failure: the error message in plain words, no reload, resolves undefined', async () => {
    const load = jest.fn(async () => state);
    const { log, run } = setup(load);
    await expect(
      run('Saving', async () => Promise.reject(new Error('The Team sheet is protected.')), { reload: true }),
    ).resolves.toBeUndefined();
    expect(log).toEqual(['busy:Saving', 'error:The Team sheet is protected.', 'busy:-']);
    expect(load).not.toHaveBeenCalled();
  });
  test('a failed reload after a success still returns the result and says what happened', async () => {
    const { log, run } = setup(async () => Promise.reject(new Error('Excel is busy.')));
    await expect(run('Inserting', async () => 'ok', { reload: true })).resolves.toBe('ok');
    expect(log).toContain('error:That worked, but reading the workbook again failed: Excel is busy.');
  });
  test('a second call while one runs is ignored', async () => {
    const { deps, run } = setup(async () => state);
    let release!: () => void;
    const first = run('One', () => new Promise<number>((r) => (release = () => r(1))));
    expect(deps.running.current).toBe(true);
    await expect(run('Two', async () => 2)).resolves.toBeUndefined();
    release();
    await expect(first).resolves.toBe(1);
    expect(deps.running.current).toBe(false);
  });
});

describe('forms collection summary', () => {
  it('says what was merged, what was not used and what needs a choice', async () => {
    const { collectSummary } = await import('../../src/taskpane/components/FormsTab');
    const problem = { file: 'b.xlsx', message: 'is empty (0 bytes), not a returned form' };
    expect(
      collectSummary({
        files: [
          { name: 'a.xlsx', ok: true, accepted: 62, problems: [] },
          { name: 'b.xlsx', ok: false, accepted: 0, problems: [problem] },
        ],
        written: 40,
        conflicts: [
          { key: 'k', workerId: 'W', period: 'P', competencyId: '1.2', existing: '4', incoming: '2' },
        ],
      }),
    ).toBe(
      'Checked 1 form: 40 rows written. 1 file not used (reasons below); nothing was taken from it. 1 Self value already in the sheets differs from the forms: choose below.',
    );
    expect(
      collectSummary({
        files: [{ name: 'b.xlsx', ok: false, accepted: 0, problems: [problem] }],
        written: 0,
        conflicts: [],
      }),
    ).toBe('No form could be used. 1 file not used (reasons below); nothing was taken from it.');
  });
});
