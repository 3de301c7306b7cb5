/**
 * A whole team workbook as one plan, from domain data: the plan `build` writes, and the one an update
 * (the CLI's, or the pane's upgrade) rebuilds from a workbook read back (rebuildPlan), with what was typed
 * into its generated sheets put back.
 */
import { Worker } from '../domain/csv';
import { getFramework, getScale, library } from '../domain/library';
import { byPerson, Session } from '../domain/pcoms';
import { orderPeriods } from '../domain/periods';
import { Rating } from '../domain/ratings';
import { Settings } from '../domain/settings';
import { agencyWorkbook } from './build';
import { AgendaRequest, agendaGaps, outcomesSheets, peopleNotImproving } from './outcomes';
import { WorkbookPlan } from './plan';
import type { TeamWorkbook } from './read';
import { restoreTyped } from './typed';
import type { KeptData } from './upgrade';

/** What a team workbook is made of: domain data only. */
export interface WorkbookInputs {
  team: Worker[];
  ratings: Rating[];
  sessions: Session[];
  frameworkId: string;
  periods: string[];
  settings: Settings;
}

export type PersonChoice = 'all' | 'not-improving' | string;

/** Which optional sheets to make. */
export interface PlanChoices {
  /** Periods with comparison sheets (default the latest); the dashboard is for the last of them. */
  comparePeriods?: string[];
  /** Workers who also get a Work Process Schedule sheet. */
  wps?: string[];
  /** One-on-one agendas: worker and meeting date (resolved; see resolveAgendas). */
  agendas?: { workerId: string; date: string }[];
  /** Person views (default not-improving). */
  persons?: PersonChoice[];
  computedAt?: string;
}

/** Person codes for the choices: codes as given, every code, or those not improving after 3+ sessions. */
export function personCodes(inputs: WorkbookInputs, choices: PersonChoice[]): string[] {
  const all = [...byPerson(inputs.sessions).keys()];
  const notImproving = new Set(
    inputs.team.flatMap((w) => peopleNotImproving(inputs.sessions, w.workerId, inputs.settings)),
  );
  const wanted = new Set(
    choices.flatMap((c) =>
      c === 'all' ? all : c === 'not-improving' ? all.filter((p) => notImproving.has(p)) : [c],
    ),
  );
  return all.filter((p) => wanted.has(p));
}

/**
 * The whole workbook: Team, rating (or Work Process Schedule) sheets, comparisons, trends and the
 * dashboard, then with sessions the outcomes log, summary, person views and agendas, Settings last.
 */
export function teamWorkbookPlan(inputs: WorkbookInputs, choices: PlanChoices = {}): WorkbookPlan {
  const framework = getFramework(inputs.frameworkId);
  const lib = library();
  const scale = getScale(inputs.settings.scaleId);
  const ctx = { framework, scale, roles: lib.roles, ratings: inputs.ratings };
  const plan = agencyWorkbook({
    team: inputs.team,
    periods: inputs.periods.length ? inputs.periods : ['WPS'],
    ctx,
    settings: inputs.settings,
    comparePeriods: choices.comparePeriods,
    computedAt: choices.computedAt,
  });
  const insert = (sheets: WorkbookPlan['sheets']) => plan.sheets.splice(plan.sheets.length - 1, 0, ...sheets);
  const wpsWorkers = inputs.team.filter((w) => choices.wps?.includes(w.workerId));
  if (wpsWorkers.length && framework.id !== 'peer-supervisor-wps')
    insert(
      agencyWorkbook({
        team: wpsWorkers,
        periods: ['WPS'],
        ctx: { ...ctx, framework: getFramework('peer-supervisor-wps'), ratings: [] },
      }).sheets.filter((s) => s.kind === 'wps'),
    );
  if (inputs.sessions.length) {
    const periods = orderPeriods(inputs.periods);
    const reviewed = choices.comparePeriods?.length
      ? periods.filter((p) => choices.comparePeriods!.includes(p)).at(-1)
      : periods.at(-1);
    const agendas: AgendaRequest[] = (choices.agendas ?? []).map((a) => {
      const worker = inputs.team.find((w) => w.workerId === a.workerId);
      return {
        workerId: a.workerId,
        workerName: worker?.name,
        date: a.date,
        computedAt: choices.computedAt,
        gaps: agendaGaps(
          framework,
          inputs.ratings.filter((r) => r.workerId === a.workerId && r.period === reviewed),
          inputs.settings.gapThreshold,
          scale,
        ),
      };
    });
    insert(
      outcomesSheets({
        sessions: inputs.sessions,
        settings: inputs.settings,
        workers: [
          ...new Set([...inputs.team.map((w) => w.workerId), ...inputs.sessions.map((x) => x.workerId)]),
        ].filter((id) => inputs.sessions.some((x) => x.workerId === id)),
        personCodes: personCodes(inputs, choices.persons ?? ['not-improving']),
        agendas,
        existingSheets: plan.sheets.map((x) => x.name),
        existingTables: plan.sheets.flatMap((x) => x.tables.map((t) => t.name)),
      }),
    );
  }
  return plan;
}

/** A workbook's own data, as read back: what rebuilding it starts from. */
export function bookInputs(book: TeamWorkbook): WorkbookInputs {
  return {
    team: book.team,
    ratings: book.ratings,
    sessions: book.sessions,
    frameworkId: book.frameworkId,
    periods: book.periods,
    settings: book.settings,
  };
}

/**
 * The generated sheets of a workbook read back, rebuilt by this version from `inputs` (its data, merged
 * with new data by the CLI's update): every period that had comparisons or a dashboard keeps them (the
 * latest period gets them too), as do Work Process Schedules, person views and agendas; the typed cells
 * of the old sheets are put back (`typed`: how many, and the rows with no place left); the Settings
 * sheet's framework for new rating sheets stays as the workbook had it. Sheets this program did not make
 * are not in the plan: the shell carries them over or leaves them in place. `kept`: what the rebuilt
 * workbook, read back, must hold before it may replace the original (lostInRebuild).
 */
export function rebuildPlan(
  book: TeamWorkbook,
  inputs: WorkbookInputs = bookInputs(book),
  computedAt?: string,
): { plan: WorkbookPlan; typed: ReturnType<typeof restoreTyped>; kept: KeptData } {
  const had = (kind: string) => book.sheets.filter((s) => s.kind === kind);
  const latest = orderPeriods(inputs.periods).at(-1);
  const compared = orderPeriods([
    ...[...had('comparison'), ...had('dashboard')].map((s) => s.period!),
    ...(latest ? [latest] : []),
  ]);
  const plan = teamWorkbookPlan(inputs, {
    comparePeriods: compared,
    wps: had('wps').map((s) => s.workerId!),
    agendas: had('agenda').map((s) => ({ workerId: s.workerId!, date: s.date! })),
    persons: had('person').length ? had('person').map((s) => s.personCode!) : undefined,
    computedAt,
  });
  const typed = restoreTyped(plan, book.typed);
  // The rebuild writes the rating sheets' framework there; a person may have chosen another for what comes next.
  const settings = plan.sheets.find((s) => s.kind === 'settings');
  const row = settings?.cells.find((r) => r?.[2]?.value === 'frameworkId');
  if (row?.[1]) row[1] = { value: book.settings.frameworkId };
  // What the rebuilt workbook must hold (src/workbook/upgrade.ts lostInRebuild): all but the rows reported unplaced.
  const unplaced = new Map(typed.unplaced.map((u) => [u.block, new Set(u.keys)]));
  const kept: KeptData = {
    ...inputs,
    typed: book.typed.map((b) =>
      unplaced.has(b) ? { ...b, rows: new Map([...b.rows].filter(([k]) => !unplaced.get(b)!.has(k))) } : b,
    ),
  };
  return { plan, typed, kept };
}
