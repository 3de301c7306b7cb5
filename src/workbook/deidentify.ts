/**
 * De-identified copies for sharing: a pure function from a workbook plan to a plan where no roster name or
 * worker id remains, with a cover sheet saying what was removed.
 *
 * - Workers become stable codes W01, W02... in team order; names and ids are replaced by the code wherever
 *   they appear: cell text, string literals in formulas, sheet names, table names and headers, defined names,
 *   chart titles and series names, validation lists and prompts. Ids are matched in their table-name form too
 *   ("PS-101" -> "PS_101").
 * - Supervisor names are removed: the Team table's Supervisor column is emptied (and Start date, which can
 *   single a person out in a small team); in other text a supervisor's name reads "[supervisor]". Supervisor
 *   initials columns are emptied.
 * - Free-text columns (Notes, Goal, Action steps, Comments) are emptied when asked; when kept, first and last
 *   names are replaced in them as well.
 * - Person codes of the people served are left as the agency wrote them (codes, never names).
 * - Formulas keep working: references to renamed sheets, tables and defined names follow the new names.
 */
import { parseRange } from './a1';
import { walkFormula } from './formula';
import { Worker } from '../domain/csv';
import { allocateSheetNames, allocateTableNames } from './names';
import { Cell, ChartPlan, RangeRef, SheetPlan, Validation, WorkbookPlan, ConditionalFormat } from './plan';
import { COLORS, SheetBuilder } from './sheet';

export interface DeidentifyOptions {
  /** Empty Notes, Goal, Action steps and other free-text columns (recommended for sharing). */
  emptyFreeText: boolean;
  /** Roles held by fewer workers than this are shown as GENERAL_ROLE (small-cell suppression); default 3. */
  minRoleCount?: number;
}

/** What a role held by too few workers to share reads as in a copy. */
export const GENERAL_ROLE = 'Peer worker';
export const MIN_ROLE_COUNT = 3;
const roleKey = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Roles on the team (by normalised text): how many workers hold each, and whether it is kept in a copy. */
export function roleCounts(
  team: Worker[],
  min = MIN_ROLE_COUNT,
): { role: string; workers: number; kept: boolean }[] {
  const out = new Map<string, { role: string; workers: number; kept: boolean }>();
  for (const w of team) {
    const k = roleKey(w.role);
    if (!k) continue;
    const r = out.get(k) ?? { role: w.role.trim(), workers: 0, kept: false };
    r.workers++;
    out.set(k, r);
  }
  return [...out.values()].map((r) => ({ ...r, kept: r.workers >= min }));
}

/**
 * Cells that show a role: a table's Role column and the value beside a Role label; the value beside a Role
 * profile label; and the sheet's Role focus column (key competency marks, which point to the role profile).
 */
function roleCells(sheet: SheetPlan): { roles: Set<string>; profiles: Set<string>; focus: Set<string> } {
  const roles = new Set<string>();
  const profiles = new Set<string>();
  const focus = new Set<string>();
  for (const t of sheet.tables) {
    const p = parseRange(t.ref);
    t.columns.forEach((h, j) => {
      const into =
        h.trim().toLowerCase() === 'role' ? roles : h.trim().toLowerCase() === 'role focus' ? focus : null;
      for (let r = p.row1 + 1; into && r <= p.row2; r++) into.add(`${r},${p.col1 + j}`);
    });
  }
  sheet.cells.forEach((row, r) =>
    row?.forEach((cell, c) => {
      const v = typeof cell?.value === 'string' ? cell.value.trim().toLowerCase() : '';
      if (v === 'role') roles.add(`${r},${c + 1}`);
      if (v === 'role profile' && row[c + 1]?.value) profiles.add(`${r},${c + 1}`);
    }),
  );
  return { roles, profiles, focus };
}

export interface DeidentifyResult {
  /** The de-identified plan, the cover sheet first. */
  plan: WorkbookPlan;
  cover: SheetPlan;
  /** worker id -> code. The key: never written into the copy. */
  codes: Map<string, string>;
}

export const COVER_SHEET = 'About this copy';
/** The cover sheet's title (A1), by which readers know a de-identified copy. */
export const DEIDENTIFIED_TITLE = 'De-identified copy';
export const SUPERVISOR_TEXT = '[supervisor]';
export const FREE_TEXT_HEADERS = [
  'notes',
  'note',
  'goal',
  'goals',
  'action steps',
  'comments',
  'comment',
  'supervisor notes',
  'worker notes',
  'session notes',
];
const ALWAYS_EMPTY_HEADERS = ['supervisor initials', 'supervisor name'];
/** Columns emptied in the roster table (a table with Worker ID, Name and Supervisor headers). */
const ROSTER_EMPTY_HEADERS = ['supervisor', 'start date'];

/** W01, W02, ... in team order (three digits from 100 workers on). */
export function workerCodes(team: Worker[]): Map<string, string> {
  const width = Math.max(2, String(team.length).length);
  return new Map(team.map((w, i) => [w.workerId, `W${String(i + 1).padStart(width, '0')}`]));
}

// ---------------------------------------------------------------------------------------
// Finding and replacing identifiers in text
// ---------------------------------------------------------------------------------------

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** "PS-101" as it appears inside table and defined names: "PS_101". */
const nameForm = (s: string) =>
  s
    .replace(/[^A-Za-z0-9_.]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');

interface Matcher {
  re: RegExp | null;
  to: Map<string, string>;
}

/** One regex over every variant, longest first; short variants only match as whole words. */
function matcher(pairs: [string, string][]): Matcher {
  const to = new Map<string, string>();
  for (const [variant, replacement] of pairs) {
    const v = variant.trim();
    if (v && !to.has(v.toLowerCase())) to.set(v.toLowerCase(), replacement);
  }
  const keys = [...to.keys()].sort((a, b) => b.length - a.length);
  if (!keys.length) return { re: null, to };
  const alt = keys.map((k) =>
    k.length < 4 || /^\d+$/.test(k) ? `(?<![A-Za-z0-9])${escapeRe(k)}(?![A-Za-z0-9])` : escapeRe(k),
  );
  return { re: new RegExp(alt.join('|'), 'gi'), to };
}

function applyMatcher(m: Matcher, text: string): string {
  return m.re ? text.replace(m.re, (hit) => m.to.get(hit.toLowerCase()) ?? hit) : text;
}

export interface Scrubber {
  /** Full names and ids (and their table-name forms) replaced by codes; supervisor names by [supervisor]. */
  text(s: string): string;
  /** As text(), then single first and last names too (free text kept in the copy). */
  freeText(s: string): string;
  /** Whether a text still holds a roster name or id. */
  leaks(s: string): boolean;
}

export function scrubber(team: Worker[], codes = workerCodes(team)): Scrubber {
  const full: [string, string][] = [];
  for (const w of team) {
    const code = codes.get(w.workerId)!;
    for (const v of [w.name, w.workerId]) {
      full.push([v, code], [nameForm(v), code], [v.replace(/\s+/g, ''), code]);
    }
  }
  for (const w of team) {
    if (w.supervisor) full.push([w.supervisor, SUPERVISOR_TEXT], [nameForm(w.supervisor), SUPERVISOR_TEXT]);
  }
  const fullM = matcher(full);
  const parts: [string, string][] = [];
  const partOf = (name: string, to: string) =>
    name
      .split(/[\s,]+/)
      .filter((p) => p.replace(/[^A-Za-z]/g, '').length >= 3)
      .forEach((p) => parts.push([p, to]));
  for (const w of team) partOf(w.name, codes.get(w.workerId)!);
  for (const w of team) if (w.supervisor) partOf(w.supervisor, SUPERVISOR_TEXT);
  const partM = matcher(parts);
  // Name parts match as whole words only.
  const partRe = partM.to.size
    ? new RegExp(
        [...partM.to.keys()]
          .sort((a, b) => b.length - a.length)
          .map((k) => `(?<![A-Za-z0-9])${escapeRe(k)}(?![A-Za-z0-9])`)
          .join('|'),
        'gi',
      )
    : null;
  // Full names, ids and their spellings in one pass, so a replacement is never replaced again.
  const ids = idSpellings(team);
  const source = [fullM.re?.source, ids.source].filter(Boolean).join('|');
  const re = source ? new RegExp(source, 'gi') : null;
  const leakRe = source ? new RegExp(source, 'i') : null;
  const text = (s: string) =>
    re
      ? s.replace(re, (hit: string, ...groups: unknown[]) => {
          const id = ids.workerOf(groups);
          return fullM.to.get(hit.toLowerCase()) ?? (id === undefined ? hit : codes.get(id)!);
        })
      : s;
  return {
    text,
    freeText: (s) => applyMatcher({ re: partRe, to: partM.to }, text(s)),
    leaks: (s) => !!leakRe && leakRe.test(s),
  };
}

/**
 * Worker ids in any spelling: any case, with or without the separators between their letters and digits
 * ("PS-101", "ps101", "PS_101", "ps 101"), as whole words. One capturing group per worker.
 */
function idSpellings(team: Worker[]): { source: string; workerOf(groups: unknown[]): string | undefined } {
  const flexible = (id: string) =>
    (id.match(/[A-Za-z]+|\d+|[^A-Za-z\d\s_.-]+/g) ?? []).map(escapeRe).join('[-_. ]?');
  const workers = team.filter((w) => flexible(w.workerId));
  if (!workers.length) return { source: '', workerOf: () => undefined };
  const alt = workers.map((w) => `(${flexible(w.workerId)})`).join('|');
  return {
    source: `(?<![A-Za-z0-9])(?:${alt})(?![A-Za-z0-9])`,
    workerOf: (groups) => {
      const i = groups.slice(0, workers.length).findIndex((g) => typeof g === 'string');
      return i < 0 ? undefined : workers[i].workerId;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Formulas
// ---------------------------------------------------------------------------------------

export interface FormulaMaps {
  /** New name of a sheet (old name, any case), or undefined when unchanged. */
  sheet(name: string): string | undefined;
  /** New name of a table or defined name, or undefined when unchanged. */
  name(name: string): string | undefined;
  /** Rewrites text inside string literals and structured-reference brackets. */
  text(s: string): string;
}

/**
 * Rewrites an English A1 formula: sheet references ('Old name'!A1, Old!A1, 'A:B'!A1) follow renamed sheets,
 * table and defined names follow renamed names, and string literals and structured-reference brackets are
 * passed through `text`. Cell references, functions and numbers are left as they are.
 */
export function rewriteFormula(f: string, maps: FormulaMaps): string {
  return walkFormula(f, {
    sheet: maps.sheet,
    name: (n) => maps.name(n),
    text: maps.text,
    bracket: maps.text,
  });
}

// ---------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------

type ColumnFate = 'empty' | 'free';

/**
 * Per cell "r,c": what happens to data cells under identifying or free-text headers: in tables, and in
 * plain header rows outside tables (three or more text cells side by side, one of them such a header),
 * down to the first row that is empty across the header row's span.
 */
function columnFates(
  sheet: SheetPlan,
  opts: DeidentifyOptions,
): Map<string, { fate: ColumnFate; header: string }> {
  const fates = new Map<string, { fate: ColumnFate; header: string }>();
  for (const t of sheet.tables) {
    const p = parseRange(t.ref);
    const lower = t.columns.map((c) => c.trim().toLowerCase());
    const roster = ['worker id', 'name', 'supervisor'].every((h) => lower.includes(h));
    const lastData = t.totals ? p.row2 - 1 : p.row2;
    lower.forEach((h, j) => {
      let fate: ColumnFate | undefined;
      if (ALWAYS_EMPTY_HEADERS.includes(h) || (roster && ROSTER_EMPTY_HEADERS.includes(h))) fate = 'empty';
      else if (FREE_TEXT_HEADERS.includes(h)) fate = opts.emptyFreeText ? 'empty' : 'free';
      if (!fate) return;
      for (let r = p.row1 + 1; r <= lastData; r++)
        fates.set(`${r},${p.col1 + j}`, { fate, header: t.columns[j] });
    });
  }
  const inTable = (r: number, c: number) =>
    sheet.tables.some((t) => {
      const p = parseRange(t.ref);
      return r >= p.row1 && r <= p.row2 && c >= p.col1 && c <= p.col2;
    });
  const textAt = (r: number, c: number) => {
    const v = sheet.cells[r]?.[c]?.value;
    return typeof v === 'string' ? v.trim() : '';
  };
  const filled = (r: number, c: number) => {
    const cell = sheet.cells[r]?.[c];
    return (
      !!cell &&
      (cell.formula !== undefined || (cell.value !== null && cell.value !== undefined && cell.value !== ''))
    );
  };
  sheet.cells.forEach((row, r) => {
    if (!row) return;
    const heads = row.map((_, c) => c).filter((c) => textAt(r, c) && !inTable(r, c));
    if (heads.length < 3) return;
    const span = [Math.min(...heads), Math.max(...heads)];
    for (const c of heads) {
      const h = textAt(r, c).toLowerCase();
      const fate: ColumnFate | undefined = ALWAYS_EMPTY_HEADERS.includes(h)
        ? 'empty'
        : FREE_TEXT_HEADERS.includes(h)
          ? opts.emptyFreeText
            ? 'empty'
            : 'free'
          : undefined;
      if (!fate) continue;
      for (let d = r + 1; d < sheet.cells.length; d++) {
        let any = false;
        for (let x = span[0]; x <= span[1]; x++) any ||= filled(d, x);
        if (!any) break;
        if (!fates.has(`${d},${c}`)) fates.set(`${d},${c}`, { fate, header: textAt(r, c) });
      }
    }
  });
  return fates;
}

export function deidentifyPlan(
  plan: WorkbookPlan,
  team: Worker[],
  opts: DeidentifyOptions,
): DeidentifyResult {
  const codes = workerCodes(team);
  const scrub = scrubber(team, codes);

  const [coverName, ...sheetNames] = allocateSheetNames(
    [COVER_SHEET, ...plan.sheets.map((s) => scrub.text(s.name))],
    [],
  );
  const sheetMap = new Map(plan.sheets.map((s, i) => [s.name.toLowerCase(), sheetNames[i]]));
  const oldTables = plan.sheets.flatMap((s) => s.tables.map((t) => t.name));
  const newTables = allocateTableNames(
    oldTables.map((n) => scrub.text(n)),
    [],
  );
  const newNames = allocateTableNames(
    plan.names.map((n) => scrub.text(n.name)),
    newTables,
  );
  const nameMap = new Map<string, string>();
  oldTables.forEach((n, i) => nameMap.set(n.toLowerCase(), newTables[i]));
  plan.names.forEach((n, i) => nameMap.set(n.name.toLowerCase(), newNames[i]));
  const maps: FormulaMaps = {
    sheet: (n) => sheetMap.get(n.toLowerCase()),
    name: (n) => nameMap.get(n.toLowerCase()),
    text: scrub.text,
  };
  const formula = (f: string) => rewriteFormula(f, maps);
  const rangeRef = (r: RangeRef): RangeRef => ({ ...r, sheet: maps.sheet(r.sheet) ?? r.sheet });

  const counts = new Map<string, number>();
  const roles = roleCounts(team, opts.minRoleCount);
  const rare = new Set(roles.filter((r) => !r.kept).map((r) => roleKey(r.role)));
  const sheets = plan.sheets.map((sheet, si): SheetPlan => {
    const fates = columnFates(sheet, opts);
    const at = roleCells(sheet);
    const isRare = (k: string) => {
      const v = sheet.cells[Number(k.split(',')[0])]?.[Number(k.split(',')[1])]?.value;
      return typeof v === 'string' && rare.has(roleKey(v));
    };
    // A rare role, and on its sheet the role profile named after it (its title may be spelled otherwise).
    const generalised = new Set([...at.roles].filter(isRare));
    if (generalised.size) at.profiles.forEach((k) => generalised.add(k));
    // A sheet whose role was generalised loses its key-competency marks (and their shading) too.
    if (generalised.size) at.focus.forEach((k) => fates.set(k, { fate: 'empty', header: 'Role focus' }));
    const focusCols = new Set([...at.focus].map((k) => Number(k.split(',')[1])));
    const marksShading = (ref: string) => {
      const p = parseRange(ref);
      return (
        generalised.size > 0 &&
        p.col1 === p.col2 &&
        focusCols.has(p.col1) &&
        at.focus.has(`${p.row1},${p.col1}`)
      );
    };
    const cells = sheet.cells.map((row, r) =>
      row
        ? row.map((cell, c): Cell | undefined => {
            if (!cell) return cell;
            const fate = fates.get(`${r},${c}`);
            if (generalised.has(`${r},${c}`)) return { value: GENERAL_ROLE };
            if (fate?.fate === 'empty') {
              const has =
                cell.formula !== undefined ||
                (cell.value !== null && cell.value !== undefined && cell.value !== '');
              if (has) counts.set(fate.header, (counts.get(fate.header) ?? 0) + 1);
              return undefined;
            }
            if (cell.formula !== undefined) return { formula: formula(cell.formula) };
            if (typeof cell.value === 'string')
              return { value: fate?.fate === 'free' ? scrub.freeText(cell.value) : scrub.text(cell.value) };
            return { ...cell };
          })
        : row,
    );
    const chart = (ch: ChartPlan): ChartPlan => ({
      ...ch,
      title: scrub.text(ch.title),
      xAxisTitle: ch.xAxisTitle === undefined ? undefined : scrub.text(ch.xAxisTitle),
      yAxisTitle: ch.yAxisTitle === undefined ? undefined : scrub.text(ch.yAxisTitle),
      categories: rangeRef(ch.categories),
      series: ch.series.map((s) => ({ ...s, name: scrub.text(s.name), values: rangeRef(s.values) })),
    });
    const validation = (v: Validation): Validation => {
      const msgs = {
        promptTitle: v.promptTitle === undefined ? undefined : scrub.text(v.promptTitle),
        prompt: v.prompt === undefined ? undefined : scrub.text(v.prompt),
        errorTitle: v.errorTitle === undefined ? undefined : scrub.text(v.errorTitle),
        error: v.error === undefined ? undefined : scrub.text(v.error),
      };
      if (v.type === 'list') return { ...v, ...msgs, values: v.values.map(scrub.text) };
      if (v.type === 'custom') return { ...v, ...msgs, formula: formula(v.formula) };
      return { ...v, ...msgs };
    };
    const cf = (x: ConditionalFormat): ConditionalFormat =>
      x.type === 'cellIs'
        ? { ...x, formulas: x.formulas.map(formula) }
        : x.type === 'expression'
          ? { ...x, formula: formula(x.formula) }
          : { ...x };
    return {
      ...sheet,
      name: sheetNames[si],
      cells,
      formats: sheet.formats.filter((f) => !marksShading(f.ref)).map((f) => ({ ...f })),
      columnWidths: sheet.columnWidths.map((w) => ({ ...w })),
      merges: [...sheet.merges],
      freeze: sheet.freeze && { ...sheet.freeze },
      print: sheet.print && {
        ...sheet.print,
        areas: sheet.print.areas && [...sheet.print.areas],
        rowBreaks: sheet.print.rowBreaks && [...sheet.print.rowBreaks],
      },
      rowHeights: sheet.rowHeights?.map((h) => ({ ...h })),
      protection: sheet.protection && { ...sheet.protection, unlocked: [...sheet.protection.unlocked] },
      validations: sheet.validations.map(validation),
      conditionalFormats: sheet.conditionalFormats.map(cf),
      tables: sheet.tables.map((t) => ({
        ...t,
        name: nameMap.get(t.name.toLowerCase()) ?? t.name,
        columns: t.columns.map(scrub.text),
      })),
      charts: sheet.charts.map(chart),
    };
  });
  const names = plan.names.map((n, i) => ({ name: newNames[i], refersTo: formula(n.refersTo) }));
  const cover = coverSheet(coverName, team.length, codes, counts, opts, roles);
  return { plan: { sheets: [cover, ...sheets], names }, cover, codes };
}

function coverSheet(
  name: string,
  workers: number,
  codes: Map<string, string>,
  emptied: Map<string, number>,
  opts: DeidentifyOptions,
  roles: { role: string; workers: number; kept: boolean }[],
): SheetPlan {
  const b = new SheetBuilder(name, 'other');
  const all = [...codes.values()];
  const range = all.length ? (all.length === 1 ? all[0] : `${all[0]} to ${all[all.length - 1]}`) : 'none';
  b.value(0, 0, DEIDENTIFIED_TITLE);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  b.value(1, 0, 'This copy was made for sharing. Before it was written:');
  const emptiedText = [...emptied].map(([h, n]) => `${h} (${n} cell${n === 1 ? '' : 's'})`).join(', ');
  const lines = [
    `Workers are shown as codes (${range}, ${workers} worker${workers === 1 ? '' : 's'}, in roster order). Their names and worker IDs were replaced by these codes everywhere: cells, sheet names, table names, defined names, chart titles and series names.`,
    'The key from codes to workers is not in this file: it stays with the agency.',
    `Supervisor names were removed: the Team sheet's Supervisor column is empty and, in other text, a supervisor's name reads ${SUPERVISOR_TEXT}. Start dates and supervisor initials were removed too.`,
    opts.emptyFreeText
      ? 'Free text was emptied: Notes, Goal, Action steps and comment columns.'
      : 'Free text (Notes, Goal, Action steps) was kept; worker and supervisor names and IDs in it were replaced. Read it before sharing: other details can still point to a person.',
    `Cells emptied: ${emptiedText || 'none'}.`,
    rolesLine(roles, opts.minRoleCount ?? MIN_ROLE_COUNT),
    'Codes of the people served are kept as the agency wrote them: they are codes, never names.',
    'Ratings, scores, dates, formulas, charts and settings are kept, so the workbook still computes.',
  ];
  // One printed line per row, wrapped here: a wrapped cell's row height is left to the program that opens
  // the file, and some (LibreOffice printing) keep the default height and overprint the lines.
  const rows = lines.flatMap((l) => wrapWords(l, COVER_LINE).map((t, i) => (i ? `   ${t}` : `- ${t}`)));
  rows.forEach((t, i) => b.value(3 + i, 0, t));
  b.style(1, 0, 1, 0, { font: { color: COLORS.label } });
  // One column as wide as a cover line (COVER_LINE characters): it prints on US Letter, portrait.
  b.width(0, 80);
  b.print('portrait', { areas: [`A1:A${3 + rows.length}`] });
  return b.plan;
}

/** Characters per printed line of the cover. */
const COVER_LINE = 86;

/** Text broken into lines of at most `width` characters, at spaces (a longer word stays whole). */
export function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...out, line] : out;
}

function rolesLine(roles: { role: string; workers: number; kept: boolean }[], min: number): string {
  const list = (rs: typeof roles) => rs.map((r) => `${r.role} (${r.workers})`).join(', ');
  const kept = roles.filter((r) => r.kept);
  const general = roles.filter((r) => !r.kept);
  if (!roles.length) return 'Roles: none on the team.';
  if (!general.length) return `Roles are kept: each is held by ${min} or more workers (${list(kept)}).`;
  const n = general.reduce((a, r) => a + r.workers, 0);
  return (
    `Roles held by fewer than ${min} workers could single a person out: ${general.length === 1 ? 'one role' : `${general.length} roles`} (${n} worker${n === 1 ? '' : 's'}) ` +
    `now read${n === 1 ? 's' : ''} "${GENERAL_ROLE}", and their key-competency marks (Role focus) were removed. Roles kept: ${list(kept) || 'none'}.`
  );
}

/** Every place in a plan where a roster name or worker id (or a supervisor name) still appears. */
export function identifierLeaks(plan: WorkbookPlan, team: Worker[]): string[] {
  const s = scrubber(team);
  const out: string[] = [];
  const check = (where: string, text: string | undefined) => {
    if (text && s.leaks(text)) out.push(where);
  };
  for (const sheet of plan.sheets) {
    const at = `sheet "${sheet.name}"`;
    check('a sheet name', sheet.name);
    sheet.cells.forEach((row, r) =>
      row?.forEach((cell, c) => {
        if (!cell) return;
        const where = `${at} row ${r + 1} column ${c + 1}`;
        check(where, cell.formula);
        if (typeof cell.value === 'string') check(where, cell.value);
      }),
    );
    sheet.tables.forEach((t) => {
      check(`${at} table name`, t.name);
      t.columns.forEach((col) => check(`${at} table header`, col));
    });
    sheet.charts.forEach((ch) => {
      check(`${at} chart title`, ch.title);
      check(`${at} chart axis`, ch.xAxisTitle);
      check(`${at} chart axis`, ch.yAxisTitle);
      check(`${at} chart reference`, ch.categories.sheet);
      ch.series.forEach((x) => {
        check(`${at} chart series`, x.name);
        check(`${at} chart reference`, x.values.sheet);
      });
    });
    sheet.validations.forEach((v) => {
      [v.prompt, v.promptTitle, v.error, v.errorTitle].forEach((t) => check(`${at} validation`, t));
      if (v.type === 'list') v.values.forEach((t) => check(`${at} validation list`, t));
      if (v.type === 'custom') check(`${at} validation formula`, v.formula);
    });
    sheet.conditionalFormats.forEach((x) => {
      if (x.type === 'cellIs') x.formulas.forEach((f) => check(`${at} conditional format`, f));
      if (x.type === 'expression') check(`${at} conditional format`, x.formula);
    });
  }
  plan.names.forEach((n) => {
    check('a defined name', n.name);
    check(`defined name ${n.name}`, n.refersTo);
  });
  return out;
}

/**
 * The de-identification step for `build --deidentify`: the de-identified plan (cover sheet first), and
 * the lines to print. Throws, so nothing is written, if any roster name or id would still be in the copy.
 */
export function deidentifyChecked(
  plan: WorkbookPlan,
  team: Worker[],
  opts: { keepFreeText?: boolean } = {},
): { plan: WorkbookPlan; lines: string[] } {
  const res = deidentifyPlan(plan, team, { emptyFreeText: !opts.keepFreeText });
  const leaks = identifierLeaks(res.plan, team);
  if (leaks.length)
    throw new Error(
      `the de-identified copy would still name a worker or supervisor (${leaks.slice(0, 5).join('; ')}); nothing was written`,
    );
  const codes = [...res.codes.values()];
  return {
    plan: res.plan,
    lines: [
      `  De-identified: workers shown as ${codes[0]}${codes.length > 1 ? ` to ${codes[codes.length - 1]}` : ''}; names, worker IDs and supervisor names removed; ${opts.keepFreeText ? 'free text kept (names in it replaced)' : 'notes, goals and action steps emptied'}. See the "${res.cover.name}" sheet.`,
    ],
  };
}
