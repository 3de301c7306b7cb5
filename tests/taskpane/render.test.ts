// The task pane rendered to HTML (react-dom/server, no DOM): key states, labels, headings and test ids.
// Written with createElement because jest.config.js matches *.test.ts only.
import { createElement as h, ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App, AppProps, TabId, TABS } from '../../src/taskpane/App';
import { PaneContext } from '../../src/taskpane/components/common';
import { RefreshResult } from '../../src/taskpane/components/CompareTab';
import { ImportResult } from '../../src/taskpane/components/OutcomesTab';
import { InsertResult } from '../../src/taskpane/components/ReviewTab';
import { ShareDownload } from '../../src/taskpane/components/ShareTab';
import { FileDownloads } from '../../src/taskpane/components/FileDownloads';
import { LayoutStatus, PaneState, WorkbookApi } from '../../src/excel/api';
import { offerText, upgradeSummary } from '../../src/taskpane/upgradeText';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';

const state: PaneState = {
  team: [
    {
      workerId: 'W01',
      name: 'Ana Diaz',
      role: 'Recovery Coach',
      supervisor: 'Sam Lee',
      startDate: '2024-01-08',
    },
    { workerId: 'W02', name: 'Bo Chen', role: 'Peer Advocate', supervisor: 'Sam Lee', startDate: '' },
  ],
  teamSheet: 'Team',
  settings: DEFAULT_SETTINGS,
  frameworks: [
    { id: 'samhsa-core-2015', title: 'SAMHSA core competencies', origin: 'bundled' },
    { id: 'agency-list', title: 'Agency list', origin: 'workbook' },
  ],
  scales: [
    { id: 'default-1-5', title: 'Competency rating, 1-5' },
    { id: 'three-level', title: 'Needs improvement / Adequate / Exemplary, 1-3' },
  ],
  roles: [
    { id: 'recovery-coach', title: 'Recovery Coach' },
    { id: 'peer-advocate', title: 'Peer Advocate' },
    { id: 'peer-specialist', title: 'Peer Specialist' },
  ],
  periods: ['2026 Q2', '2026 Q3'],
  ratingSheets: [
    { sheet: 'Ana Diaz 2026 Q3', workerId: 'W01', period: '2026 Q3', frameworkId: 'samhsa-core-2015' },
    { sheet: 'Bo Chen 2026 Q3', workerId: 'W02', period: '2026 Q3', frameworkId: 'samhsa-core-2015' },
  ],
  problems: [],
};

const api = new Proxy({} as WorkbookApi, {
  get: () => () => Promise.reject(new Error('not called while rendering')),
});
const ctx: PaneContext = {
  api,
  busy: false,
  run: async () => undefined,
  activate: () => {},
  remember: () => {},
};

const html = (el: ReactElement) => renderToString(h(FluentProvider, { theme: webLightTheme }, el));
const app = (props: Partial<AppProps> = {}) =>
  html(h(App, { api, initialState: state, today: new Date(2026, 4, 15), ...props }));

/** Visible text, tags dropped and entities decoded. */
function text(markup: string): string {
  return markup
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/\s+/g, ' ');
}

/** The markup of the panel of one tab. */
function panel(markup: string, id: TabId): string {
  const start = markup.indexOf(`id="panel-${id}"`);
  const next = markup.indexOf('<section', start);
  return markup.slice(start, next === -1 ? undefined : next);
}

const tags = (markup: string, name: string) => markup.match(new RegExp(`<${name}\\b[^>]*>`, 'g')) ?? [];
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

describe('the whole pane', () => {
  const markup = app();

  test('one h1, an h2 per section, eight keyboard tabs with ids', () => {
    expect(tags(markup, 'h1')).toHaveLength(1);
    expect(text(markup)).toContain('Peer Performance Support');
    expect(tags(markup, 'h2')).toHaveLength(TABS.length);
    expect(tags(markup, 'button').filter((b) => attr(b, 'role') === 'tab')).toHaveLength(8);
    for (const t of TABS) expect(markup).toContain(`data-testid="tab-${t.id}"`);
  });

  test('only the selected panel is shown; the others are hidden', () => {
    const panels = tags(markup, 'section');
    expect(panels).toHaveLength(8);
    expect(panels.filter((p) => !/\shidden=""/.test(p)).map((p) => attr(p, 'id'))).toEqual(['panel-setup']);
    const review = tags(app({ initialTab: 'review' }), 'section').filter((p) => !/\shidden=""/.test(p));
    expect(review.map((p) => attr(p, 'id'))).toEqual(['panel-review']);
  });

  test('every input, select and textarea has a label, and nothing has a positive tabindex', () => {
    const labelled = new Set(tags(markup, 'label').map((l) => attr(l, 'for')));
    const controls = [...tags(markup, 'input'), ...tags(markup, 'select'), ...tags(markup, 'textarea')];
    expect(controls.length).toBeGreaterThan(20);
    for (const c of controls) {
      const ok = labelled.has(attr(c, 'id')) || attr(c, 'aria-label') || attr(c, 'aria-labelledby');
      if (!ok) throw new Error(`no label: ${c}`);
    }
    for (const t of markup.match(/tabindex="(\d+)"/gi) ?? []) expect(t).toMatch(/tabindex="0"/i);
  });

  test('every button has text', () => {
    const buttons = markup.match(/<button\b[^>]*>[\s\S]*?<\/button>/g) ?? [];
    expect(buttons.length).toBeGreaterThan(10);
    for (const b of buttons) expect(text(b).trim() || attr(b, 'aria-label')).toBeTruthy();
  });

  test('the main controls carry their test ids', () => {
    for (const id of [
      'framework-select',
      'scale-select',
      'gap-threshold',
      'ors-adult',
      'srs-cutoff',
      'save-settings',
      'worker-id-input',
      'worker-start-input',
      'save-team',
      'edit-worker-W01',
      'remove-worker-W02',
      'period-input',
      'worker-checkbox-all',
      'worker-checkbox-W01',
      'role-select',
      'insert-rating-sheets',
      'compare-period',
      'compare-worker',
      'compare-button',
      'trends-button',
      'dashboard-button',
      'sessions-file',
      'sessions-text',
      'import-sessions',
      'share-sheet-all',
      'share-sheet-Team',
      'share-deidentify',
      'share-empty-text',
      'create-copy',
    ])
      expect(markup).toContain(`data-testid="${id}"`);
  });
});

describe('sections', () => {
  test('Setup: workbook frameworks are marked, the threshold range follows the scale, the Settings sheet note', () => {
    const setup = text(panel(app(), 'setup'));
    expect(setup).toContain('Agency list (from this workbook)');
    expect(setup).toContain('(1 to 4)');
    expect(setup).toContain("Settings are stored in this workbook's Settings sheet");
    const three = text(
      panel(
        app({ initialState: { ...state, settings: { ...DEFAULT_SETTINGS, scaleId: 'three-level' } } }),
        'setup',
      ),
    );
    expect(three).toContain('(1 to 2)');
  });

  test('Team: the roster, and a note when the Team sheet will be created', () => {
    const team = text(panel(app(), 'team'));
    expect(team).toContain('W01 Ana Diaz (Recovery Coach)');
    expect(team).toContain('The team is kept in the Team sheet.');
    const none = text(panel(app({ initialState: { ...state, team: [], teamSheet: null } }), 'team'));
    expect(none).toContain('This workbook has no Team sheet yet: saving the team creates it.');
    expect(none).toContain('No workers yet.');
  });

  test('Review: the next quarter is suggested, every worker has a ticked checkbox, roles offered', () => {
    const markup = panel(app(), 'review');
    expect(markup).toMatch(
      /data-testid="period-input"[^>]*value="2026 Q4"|value="2026 Q4"[^>]*data-testid="period-input"/,
    );
    expect(text(markup)).toContain('Ana Diaz (W01)');
    expect(text(markup)).toContain("Use each worker's role");
    const w2 = tags(markup, 'input').find((t) => attr(t, 'data-testid') === 'worker-checkbox-W02')!;
    expect(w2).toMatch(/\schecked=""/);
    const none = text(panel(app({ initialState: { ...state, team: [] } }), 'review'));
    expect(none).toContain('add them on the Team tab first');
  });

  test('Compare: the latest period is chosen; without rating sheets the buttons are off', () => {
    const markup = panel(app(), 'compare');
    expect(markup).toMatch(/<option value="2026 Q3" selected="">/);
    const empty = panel(app({ initialState: { ...state, periods: [], ratingSheets: [] } }), 'compare');
    expect(text(empty)).toContain('There are no rating sheets yet');
    const compare = tags(empty, 'button').find((b) => attr(b, 'data-testid') === 'compare-button')!;
    expect(compare).toMatch(/\sdisabled=""/);
  });

  test('Share: rating, team and settings sheets listed; de-identify on, free text off', () => {
    const markup = panel(app(), 'share');
    expect(text(markup)).toContain('Ana Diaz 2026 Q3');
    expect(text(markup)).toContain('Settings');
    const box = (id: string) => tags(markup, 'input').find((t) => attr(t, 'data-testid') === id)!;
    expect(box('share-deidentify')).toMatch(/\schecked=""/);
    expect(box('share-empty-text')).not.toMatch(/\schecked=""/);
  });

  test('Share and Forms where this Excel cannot hand over files: the buttons are off and the pane says why', () => {
    const markup = app({ initialState: { ...state, files: 'none' } });
    for (const [tab, button, note] of [
      ['share', 'create-copy', 'share-no-files'],
      ['forms', 'create-forms', 'forms-no-files'],
    ] as const) {
      const p = panel(markup, tab);
      expect(tags(p, 'button').find((b) => attr(b, 'data-testid') === button)).toMatch(/\sdisabled=""/);
      expect(p).toContain(`data-testid="${note}"`);
      expect(text(p)).toContain(
        'Do this step in Excel on the web (office.com, in a browser) or in Excel for Windows.',
      );
    }
    const normal = panel(app(), 'share');
    expect(normal).not.toContain('data-testid="share-no-files"');
  });

  test('problems read from the workbook are shown', () => {
    const markup = app({
      initialState: { ...state, problems: [{ file: 'Agency list', cell: 'B4', message: 'is empty' }] },
    });
    expect(text(markup)).toContain('Agency list, cell B4: is empty');
  });

  test("what this Excel cannot do is said once, above the tabs' content", () => {
    const notice = 'Sheets inserted here print without their page setup.';
    const markup = app({ initialState: { ...state, notices: [notice] } });
    expect(markup.split('data-testid="host-notice"').length - 1).toBe(1);
    expect(text(markup)).toContain(notice);
    expect(app()).not.toContain('data-testid="host-notice"');
  });
});

describe('results', () => {
  test('inserted sheets are links; renamed sheets are explained', () => {
    const markup = html(
      h(InsertResult, {
        ctx,
        report: {
          created: ['Ana Diaz 2026 Q4', 'Bo Chen 2026 Q4 (2)'],
          renamed: [{ from: 'Bo Chen 2026 Q4', to: 'Bo Chen 2026 Q4 (2)' }],
          syncs: 3,
        },
      }),
    );
    expect(text(markup)).toContain('Created 2 rating sheets.');
    expect(text(markup)).toContain(
      '"Bo Chen 2026 Q4" was taken, so the sheet is named "Bo Chen 2026 Q4 (2)".',
    );
    expect(markup.match(/data-testid="sheet-link"/g)).toHaveLength(2);
    expect(markup).toContain('data-sheet="Ana Diaz 2026 Q4"');
  });

  test('a refresh report in plain words', () => {
    const markup = html(
      h(RefreshResult, {
        ctx,
        report: {
          sheets: ['Compare W01', 'Compare W02', 'Dashboard'],
          created: [],
          changedCells: 12,
          keptCells: 4,
          goalsFilled: 5,
          problems: [{ file: 'Ana Diaz 2026 Q3', cell: 'D7', message: '"7" is not on the scale' }],
        },
      }),
    );
    expect(text(markup)).toContain(
      'Refreshed 3 sheets; 12 values changed; kept 4 cells you typed; filled 5 empty goals.',
    );
    expect(text(markup)).toContain('Ana Diaz 2026 Q3, cell D7: "7" is not on the scale');
    expect(markup.match(/data-testid="sheet-link"/g)).toHaveLength(3);
  });

  test('an import report lists every rejected row and asks about codes that look like names', () => {
    const markup = html(
      h(ImportResult, {
        ctx,
        onConfirm: () => {},
        report: {
          accepted: 10,
          duplicates: 2,
          rejected: [
            { file: 'sessions.csv', row: 4, column: 'ors_overall', message: '11 is not a mark from 0 to 10' },
            { file: 'sessions.csv', row: 9, column: 'date', message: '"yesterday" is not a date' },
          ],
          needsConfirmation: ['Mary Jones'],
          sheets: ['Outcomes log'],
        },
      }),
    );
    const t = text(markup);
    expect(t).toContain('Imported 10 sessions. Skipped 2 duplicates already in the workbook.');
    expect(t).toContain('sessions.csv, row 4, column ors_overall: 11 is not a mark from 0 to 10');
    expect(t).toContain('sessions.csv, row 9, column date: "yesterday" is not a date');
    expect(t).toContain('Mary Jones: this is a code, not a name');
    expect(markup).toContain('data-testid="confirm-code-Mary Jones"');
    const button = tags(markup, 'button').find((b) => attr(b, 'data-testid') === 'import-confirmed')!;
    expect(button).toMatch(/\sdisabled=""/);
  });

  test('a shared copy lists what was removed', () => {
    const markup = html(
      h(ShareDownload, {
        result: {
          fileName: 'shared.xlsx',
          bytes: new Uint8Array([1, 2]),
          removed: ['Names (replaced by W01, W02)', 'Notes'],
        },
      }),
    );
    expect(text(markup)).toContain('The copy is ready');
    expect(text(markup)).toContain('Names (replaced by W01, W02)');
    expect(text(markup)).toContain('Notes');
  });

  test('on Excel for Mac the copy and the forms are buttons that open them in Excel', () => {
    const file = { fileName: 'shared.xlsx', bytes: new Uint8Array([1, 2]) };
    const opened: string[] = [];
    const copy = html(
      h(ShareDownload, {
        result: { ...file, removed: [] },
        delivery: 'newWorkbook',
        open: (f) => opened.push(f.fileName),
      }),
    );
    expect(tags(copy, 'button').map((b) => attr(b, 'data-testid'))).toEqual(['open-copy']);
    expect(text(copy)).toContain('Open shared.xlsx in Excel');
    expect(text(copy)).toContain('Save it (File > Save As) before you send it.');
    expect(copy).not.toContain('download-copy');
    const forms = html(
      h(FileDownloads, {
        files: [file, { ...file, fileName: 'other.xlsx' }],
        testId: 'form-files',
        delivery: 'newWorkbook',
      }),
    );
    expect(tags(forms, 'button').map((b) => attr(b, 'data-file'))).toEqual(['shared.xlsx', 'other.xlsx']);
  });
});

describe('the workbook made by another version', () => {
  const older: LayoutStatus = {
    status: 'upgrade',
    layout: '0.2.0',
    from: ['0.1.0'],
    older: 23,
    messages: ['23 sheets of 23 were written by layout 0.1.0; ...'],
  };
  const button = (markup: string, id: string) =>
    tags(markup, 'button').find((b) => attr(b, 'data-testid') === id);

  test('an earlier layout: the offer says what an update does and keeps, with one button to agree', () => {
    const markup = app({ initialState: { ...state, layout: older } });
    expect(markup).toContain('data-testid="upgrade-offer"');
    const t = text(markup);
    expect(t).toContain('Made by an earlier version');
    expect(t).toContain(
      '23 sheets of this workbook were made by an earlier version of Peer Performance Support (layout 0.1.0). Updating rewrites every sheet the add-in made as this version makes it (layout 0.2.0).',
    );
    expect(t).toContain(
      'Nothing changes until you choose Update; if anything goes wrong, the workbook is left as it was.',
    );
    const agree = /<button\b[^>]*data-testid="upgrade-workbook"[^>]*>([\s\S]*?)<\/button>/.exec(markup)!;
    expect(text(agree[1]).trim()).toBe('Update this workbook');
    expect(agree[0]).not.toMatch(/\sdisabled=""/);
    expect(markup).not.toContain('data-testid="upgrade-refused"');
    expect(offerText({ ...older, older: 1 })).toMatch(/^1 sheet of this workbook was made by/);
  });

  test('a newer layout: the refusal, the reason, and nothing to click', () => {
    const newer: LayoutStatus = {
      status: 'refuse',
      layout: '0.2.0',
      from: [],
      older: 0,
      messages: [
        '1 sheet ("Outcomes log") was written by layout 9.1.0, newer than this version\'s 0.2.0: update the workbook with the version that wrote it (Peer Performance Support 9.1.0 or later); this version never rewrites a newer workbook',
      ],
    };
    const markup = app({ initialState: { ...state, layout: newer } });
    const t = text(markup);
    expect(t).toContain('Made by a newer version');
    expect(t).toContain('The add-in needs updating: ask whoever manages it for your agency.');
    expect(t).toContain('1 sheet ("Outcomes log") was written by layout 9.1.0');
    expect(button(markup, 'upgrade-workbook')).toBeUndefined();
  });

  test('a current workbook (or one read by an older pane): no offer', () => {
    for (const layout of [{ ...older, status: 'current' as const, older: 0, from: [] }, undefined]) {
      const markup = app({ initialState: { ...state, layout } });
      expect(markup).not.toContain('data-testid="upgrade-offer"');
      expect(markup).not.toContain('data-testid="upgrade-refused"');
    }
  });

  test('the update in plain words', () => {
    const result = {
      from: ['0.1.0'],
      to: '0.2.0',
      lines: [],
      upgraded: 23,
      restored: 7,
      kept: ['My notes'],
    };
    expect(upgradeSummary(result)).toBe(
      'Updated 23 sheets from layout 0.1.0 to 0.2.0; put back 7 typed cells; kept your sheet "My notes" as it was.',
    );
    expect(
      upgradeSummary({
        ...result,
        from: [],
        upgraded: 0,
        restored: 0,
        kept: [],
        lines: ['Nothing to update.'],
      }),
    ).toBe('Nothing to update.');
  });
});
