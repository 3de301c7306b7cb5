/**
 * Self-assessment forms: one workbook per worker, sent out, filled in, sent back.
 *
 * A form has two sheets:
 * - the visible form: plain instructions at the top, the worker's labels (Worker ID, Period, ...), and one
 *   row per competency with Category, ID, Competency, Self, Notes, Role focus. Only Self (a list
 *   validation from the scale) and Notes are unlocked; the sheet is protected. There is no Supervisor
 *   column and nothing about any other worker.
 * - a very hidden identity sheet (Excel's Unhide does not list it): worker id, period, framework id and version, the competency ids, and a check
 *   value (SHA-256 over those fields). It makes a changed identity evident; it is not a secret signature
 *   (anyone with this code can recompute it), so it guards against mistakes and casual edits.
 *
 * Returned forms are read back from value grids (both renderers produce them) and found by their headers and
 * the identity sheet's marker, never by sheet name: a renamed form still counts. Pure: no I/O.
 */
import { samePeriodKey } from '../domain/periods';
import { cellRef, rangeRef } from './a1';
import { Worker } from '../domain/csv';
import { Framework, flattenCompetencies } from '../domain/framework';
import { Problem } from '../domain/problems';
import { Rating } from '../domain/ratings';
import { RoleProfile, roleMarks } from '../domain/roles';
import { BLANK, parseScore, Scale, scaleChoices, Score } from '../domain/scale';
import { sanitizeSheetName } from './names';
import { SheetPlan, WorkbookPlan } from './plan';
import { idColumnWidth, RATING_LABELS, scaleDescription, ratingLabels } from './rating';
import { findRatingSheet, findHeaderRow, Grid, NamedGrid } from './read';
import { COLORS, HEADER_STYLE, SheetBuilder, WRITING_ROW_HEIGHT } from './sheet';

export const FORM_HEADERS = ['Category', 'ID', 'Competency', 'Self', 'Notes', 'Role focus'] as const;
/** The headers a returned form is recognised by (side by side, in this order). */
export const FORM_KEY_HEADERS = FORM_HEADERS.slice(0, 5);
export const FORM_IDENTITY_SHEET = 'Form identity';
export const FORM_IDENTITY_MARKER = 'Peer Performance Support self-assessment form identity';
/** Bumped when the identity's fields or the check's input change. */
export const FORM_FORMAT = '1';

export const IDENTITY_LABELS = {
  format: 'Form format',
  workerId: 'Worker ID',
  period: 'Period',
  framework: 'Framework',
  version: 'Framework version',
  competencies: 'Competencies',
  check: 'Check',
} as const;

export const FORM_LAYOUT = {
  instructionsRow: 1,
  labelRow: 8,
  headerRow: 17,
  firstDataRow: 18,
  col: { category: 0, id: 1, text: 2, self: 3, notes: 4, role: 5 },
};

// ---------------------------------------------------------------------------------------
// Check value: SHA-256, pure (node's crypto is not in the browser bundle)
// ---------------------------------------------------------------------------------------

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** SHA-256 of a text (UTF-8), as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  const msg = new TextEncoder().encode(text);
  const bitLen = msg.length * 8;
  const total = Math.ceil((msg.length + 9) / 64) * 64;
  const buf = new Uint8Array(total);
  buf.set(msg);
  buf[msg.length] = 0x80;
  const view = new DataView(buf.buffer);
  view.setUint32(total - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(total - 4, bitLen >>> 0);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  return [...h].map((x) => x.toString(16).padStart(8, '0')).join('');
}

export interface FormIdentity {
  workerId: string;
  period: string;
  frameworkId: string;
  frameworkVersion: string;
  competencyIds: string[];
}

/** The check value written into (and expected from) a form's identity sheet. */
export function formCheck(id: FormIdentity): string {
  const fields = [
    FORM_FORMAT,
    id.workerId,
    id.period,
    id.frameworkId,
    id.frameworkVersion,
    ...id.competencyIds,
  ];
  return `sha256:${sha256Hex(JSON.stringify(fields))}`;
}

// ---------------------------------------------------------------------------------------
// Building a form
// ---------------------------------------------------------------------------------------

/** `Self-assessment <workerId> <period>`: the form sheet's name (Excel's 31-character limit applied). */
export function formSheetName(workerId: string, period: string): string {
  return sanitizeSheetName(`Self-assessment ${workerId} ${period}`);
}

/** `Self-assessment <workerId> <period>.xlsx`, with characters file systems refuse replaced by '-'. */
export function formFileName(workerId: string, period: string): string {
  const base = [...`Self-assessment ${workerId} ${period}`]
    .map((ch) => (ch.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  return `${base}.xlsx`;
}

export interface FormInput {
  worker: Worker;
  period: string;
  framework: Framework;
  scale: Scale;
  role?: RoleProfile;
}

function instructions(input: FormInput): string[] {
  const { scale } = input;
  return [
    'How to fill in this form',
    `1. For each competency, choose how you rate yourself today in the Self column (the shaded cells): ${scaleDescription(scale)}.`,
    '2. Leave a Self cell blank if you would rather talk it over first. Blank and N/A never count as a low score.',
    '3. Write anything you want to bring to supervision in Notes. Rows marked "Key competency" or "Key task" are the focus of your role.',
    '4. Only the Self and Notes cells can be changed. Save the file as .xlsx and send it back to your supervisor.',
    "This form holds only your own self-assessment: your supervisor's ratings and other workers' data are not in it.",
  ];
}

/** A self-assessment form for one worker and one period: the visible form and its hidden identity. */
export function selfAssessmentForm(input: FormInput): WorkbookPlan {
  const { worker, period, framework, scale } = input;
  const L = FORM_LAYOUT;
  const C = L.col;
  const name = formSheetName(worker.workerId, period);
  const b = new SheetBuilder(name, 'other');
  const comps = flattenCompetencies(framework);
  const marks = roleMarks(input.role, framework.id);

  b.value(0, 0, `Self-assessment: ${worker.name || worker.workerId}, ${period}`);
  b.style(0, 0, 0, 0, { font: { bold: true, size: 14 } });
  instructions(input).forEach((line, i) => b.note(L.instructionsRow + i, 0, FORM_HEADERS.length - 1, line));
  b.style(L.instructionsRow, 0, L.instructionsRow, 0, { font: { bold: true, color: COLORS.header } });

  ratingLabels(b, input, L.labelRow, FORM_HEADERS.length - 1);

  const h = L.headerRow;
  const first = L.firstDataRow;
  const last = first + Math.max(comps.length, 1) - 1;
  b.row(h, 0, [...FORM_HEADERS]);
  b.style(h, 0, h, FORM_HEADERS.length - 1, HEADER_STYLE);
  comps.forEach((c, i) => {
    const r = first + i;
    b.row(r, 0, [c.categoryTitle, c.id, c.text, null, null, marks.get(c.id) ?? null]);
  });
  b.style(first, 0, last, FORM_HEADERS.length - 1, { vertical: 'top', border: 'thin' });
  b.style(first, C.category, last, C.category, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.text, last, C.text, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.role, last, C.role, { wrap: true, vertical: 'top', border: 'thin' });
  b.style(first, C.self, last, C.self, {
    fill: COLORS.input,
    horizontal: 'center',
    vertical: 'top',
    border: 'thin',
  });
  b.style(first, C.notes, last, C.notes, { fill: COLORS.input, wrap: true, vertical: 'top', border: 'thin' });
  comps.forEach((c, i) => {
    if (marks.has(c.id))
      b.style(first + i, C.role, first + i, C.role, { fill: COLORS.key, font: { bold: true } });
  });
  // Portrait, one page wide at a readable size; Notes rows tall enough to write in by hand.
  [24, idColumnWidth(comps.map((c) => c.id)), 38, 6, 28, 13].forEach((w, i) => b.width(i, w));
  b.minHeight(first, last, WRITING_ROW_HEIGHT);

  b.plan.validations.push({
    ref: rangeRef(first, C.self, last, C.self),
    type: 'list',
    values: scaleChoices(scale),
    allowBlank: true,
    promptTitle: 'Your rating',
    prompt: `${scaleDescription(scale)}. Leave blank if you are not sure yet.`,
    errorTitle: 'Not on the scale',
    error: `Choose ${scaleChoices(scale).join(', ')} or leave the cell blank.`,
  });
  b.tableSheet(h, [rangeRef(first, C.self, last, C.self), rangeRef(first, C.notes, last, C.notes)], {
    protect: true,
    orientation: 'portrait',
    areas: [rangeRef(0, 0, last, FORM_HEADERS.length - 1)],
  });

  const identity: FormIdentity = {
    workerId: worker.workerId,
    period,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    competencyIds: comps.map((c) => c.id),
  };
  return { sheets: [b.plan, identitySheet(identity)], names: [] };
}

function identitySheet(id: FormIdentity): SheetPlan {
  const b = new SheetBuilder(FORM_IDENTITY_SHEET, 'other');
  b.value(0, 0, FORM_IDENTITY_MARKER);
  b.style(0, 0, 0, 0, { font: { bold: true } });
  b.value(
    1,
    0,
    'Your supervisor uses this sheet to check the returned form. A change here makes the form unusable.',
  );
  const rows: [string, string][] = [
    [IDENTITY_LABELS.format, FORM_FORMAT],
    [IDENTITY_LABELS.workerId, id.workerId],
    [IDENTITY_LABELS.period, id.period],
    [IDENTITY_LABELS.framework, id.frameworkId],
    [IDENTITY_LABELS.version, id.frameworkVersion],
    [IDENTITY_LABELS.competencies, id.competencyIds.join(',')],
    [IDENTITY_LABELS.check, formCheck(id)],
  ];
  rows.forEach(([l, v], i) => b.label(3 + i, 0, l, v));
  b.width(0, 22).width(1, 80);
  b.plan.hidden = 'very'; // Excel's Unhide does not list it
  b.plan.protection = { protect: true, unlocked: [] };
  return b.plan;
}

// ---------------------------------------------------------------------------------------
// Reading a returned form
// ---------------------------------------------------------------------------------------

export interface CollectContext {
  team: Worker[];
  frameworks: Framework[];
  scale: Scale;
  /** When given, the form's period must be one of these. */
  periods?: string[];
}

export interface CollectReport {
  accepted: number;
  problems: Problem[];
}

export interface CollectResult {
  ok: boolean;
  /** Self ratings (Supervisor blank), one per competency of the form, blanks included; [] when not ok. */
  ratings: Rating[];
  report: CollectReport;
  /** Who and what the form is for, when its identity could be read. */
  form?: { workerId: string; period: string; frameworkId: string };
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
const norm = (v: unknown) => text(v).toLowerCase();

/** A label's value cell, searched in rows [from, to): the cell right of the label. */
function findLabel(
  grid: Grid,
  label: string,
  to: number,
): { value: string; row: number; col: number } | undefined {
  for (let r = 0; r < Math.min(to, grid.length); r++) {
    const row = grid[r] ?? [];
    for (let c = 0; c < row.length; c++)
      if (norm(row[c]) === label.toLowerCase()) return { value: text(row[c + 1]), row: r, col: c + 1 };
  }
  return undefined;
}

function isIdentitySheet(grid: Grid): boolean {
  return grid
    .slice(0, 5)
    .some((row) => (row ?? []).some((v) => norm(v) === FORM_IDENTITY_MARKER.toLowerCase()));
}

function fail(problems: Problem[], form?: CollectResult['form']): CollectResult {
  return { ok: false, ratings: [], report: { accepted: 0, problems }, form };
}

/**
 * Reads one returned form from its sheets' value grids. Every check must pass or nothing is taken:
 * right framework and version, worker on the team, period known (when ctx.periods is given), identity intact,
 * the visible labels matching the identity, every competency present once, every Self on the scale.
 */
export function readForm(sheets: NamedGrid[], file: string, ctx: CollectContext): CollectResult {
  const p = (message: string, cell?: string): Problem => (cell ? { file, cell, message } : { file, message });
  const identities = sheets.filter((s) => isIdentitySheet(s.grid));
  const forms = sheets
    .map((s) => ({ ...s, at: findHeaderRow(s.grid, FORM_KEY_HEADERS) }))
    .filter((s): s is (typeof sheets)[number] & { at: { row: number; col: number } } => s.at !== null);

  if (identities.length === 0 && forms.length === 0) {
    const rating = sheets.some((s) => findRatingSheet(s.name, s.grid));
    return fail([
      p(
        rating
          ? 'is a workbook with rating sheets, not a returned self-assessment form'
          : `is not a self-assessment form from Peer Performance Support (no form identity and no sheet with the headers ${FORM_KEY_HEADERS.join(', ')})`,
      ),
    ]);
  }
  if (identities.length > 1 || forms.length > 1)
    return fail([
      p(
        `holds ${Math.max(identities.length, forms.length)} forms (sheets ${forms.map((f) => `"${f.name}"`).join(', ')}); send one form per file`,
      ),
    ]);
  if (identities.length === 0)
    return fail([
      p(
        `sheet "${forms[0].name}" looks like a form, but the file has no form identity (the hidden sheet "${FORM_IDENTITY_SHEET}"), so it cannot be checked; send the worker a new form`,
      ),
    ]);
  if (forms.length === 0)
    return fail([
      p(
        `has a form identity but no sheet with the headers ${FORM_KEY_HEADERS.join(', ')} (was the form sheet deleted?)`,
      ),
    ]);

  // The identity: every field present, check value intact.
  const idGrid = identities[0].grid;
  const field = (label: string) => findLabel(idGrid, label, idGrid.length)?.value ?? '';
  const identity: FormIdentity = {
    workerId: field(IDENTITY_LABELS.workerId),
    period: field(IDENTITY_LABELS.period),
    frameworkId: field(IDENTITY_LABELS.framework),
    frameworkVersion: field(IDENTITY_LABELS.version),
    competencyIds: field(IDENTITY_LABELS.competencies)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
  const check = field(IDENTITY_LABELS.check);
  const format = field(IDENTITY_LABELS.format);
  const missing = (
    [
      [IDENTITY_LABELS.workerId, identity.workerId],
      [IDENTITY_LABELS.period, identity.period],
      [IDENTITY_LABELS.framework, identity.frameworkId],
      [IDENTITY_LABELS.check, check],
    ] as const
  )
    .filter(([, v]) => !v)
    .map(([l]) => l);
  if (missing.length)
    return fail([p(`the form identity is incomplete (no ${missing.join(', ')}); send a new form`)]);
  if (format !== FORM_FORMAT)
    return fail([
      p(
        `was made in form format "${format}", which this version does not read (expects ${FORM_FORMAT}); send a new form`,
      ),
    ]);
  const who = { workerId: identity.workerId, period: identity.period, frameworkId: identity.frameworkId };
  if (check !== formCheck(identity))
    return fail(
      [
        p(
          `the form's hidden identity was changed after the form was made (its check value does not match), so it cannot be trusted (it now says Worker ID ${identity.workerId}, period ${identity.period}); send a new form`,
        ),
      ],
      who,
    );

  const problems: Problem[] = [];
  const fw = ctx.frameworks.find((f) => f.id === identity.frameworkId);
  if (!fw) {
    problems.push(p(`was made for framework "${identity.frameworkId}", which this workbook does not have`));
  } else if (fw.version !== identity.frameworkVersion) {
    problems.push(
      p(
        `was made for ${fw.id} version ${identity.frameworkVersion}, but the workbook uses version ${fw.version}; send a new form`,
      ),
    );
  } else {
    const now = flattenCompetencies(fw).map((c) => c.id);
    if (now.join('\u0000') !== identity.competencyIds.join('\u0000'))
      problems.push(
        p(`lists other competencies than ${fw.id} version ${fw.version} has now; send a new form`),
      );
  }
  if (!ctx.team.some((w) => w.workerId === identity.workerId))
    problems.push(p(`is for worker "${identity.workerId}", who is not on the team`));
  if (ctx.periods && !ctx.periods.some((x) => samePeriodKey(x) === samePeriodKey(identity.period)))
    problems.push(
      p(
        `is for period "${identity.period}", which is not one of the periods being collected (${ctx.periods.join(', ') || 'none'})`,
      ),
    );

  // The visible sheet must say the same as the identity.
  const form = forms[0];
  const sheetNote = `sheet "${form.name}"`;
  const visible: [string, string][] = [
    [RATING_LABELS.workerId, identity.workerId],
    [RATING_LABELS.period, identity.period],
    [RATING_LABELS.framework, identity.frameworkId],
  ];
  for (const [label, want] of visible) {
    const got = findLabel(form.grid, label, form.at.row);
    if (!got) problems.push(p(`${sheetNote} has no "${label}" label above its table`));
    else if (got.value !== want)
      problems.push(
        p(
          `${sheetNote}: ${label} says "${got.value}" but the form was made for "${want}"`,
          cellRef(got.row, got.col),
        ),
      );
  }

  // Rows: every competency of the identity once, every Self on the scale.
  const c0 = form.at.col;
  const header = (form.grid[form.at.row] ?? []).map(norm);
  const notesCol = header.indexOf('notes', c0);
  const wanted = new Set(identity.competencyIds);
  const seen = new Map<string, string>();
  const ratings: Rating[] = [];
  for (let r = form.at.row + 1; r < form.grid.length; r++) {
    const g = form.grid[r] ?? [];
    const id = text(g[c0 + 1]);
    if (!id && !text(g[c0]) && !text(g[c0 + 2])) break;
    const idCell = cellRef(r, c0 + 1);
    if (!wanted.has(id)) {
      problems.push(p(`"${id}" is not a competency of this form`, idCell));
      continue;
    }
    if (seen.has(id)) {
      problems.push(p(`competency ${id} appears again (first at ${seen.get(id)})`, idCell));
      continue;
    }
    seen.set(id, idCell);
    // A formula where a value belongs is never taken, and never copied (its text could be anything).
    const formulaAt = [c0 + 3, notesCol]
      .filter((c) => c >= 0)
      .map((c) => cellRef(r, c))
      .filter((a) => form.formulas?.has(a));
    if (formulaAt.length) {
      for (const a of formulaAt) problems.push(p(`${a} holds a formula; type a value`, a));
      continue;
    }
    const self = parseScore(g[c0 + 3], ctx.scale);
    if ('error' in self) {
      problems.push(p(`Self for competency ${id}: ${self.error}`, cellRef(r, c0 + 3)));
      continue;
    }
    ratings.push({
      workerId: identity.workerId,
      period: identity.period,
      frameworkId: identity.frameworkId,
      competencyId: id,
      self,
      supervisor: BLANK,
      notes: notesCol >= 0 ? text(g[notesCol]) : '',
    });
  }
  const absent = identity.competencyIds.filter((id) => !seen.has(id));
  if (absent.length)
    problems.push(
      p(
        `${sheetNote} is missing competenc${absent.length === 1 ? 'y' : 'ies'} ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ` and ${absent.length - 10} more` : ''}`,
      ),
    );

  if (problems.length) return fail(problems, who);
  return { ok: true, ratings, report: { accepted: ratings.length, problems: [] }, form: who };
}

// ---------------------------------------------------------------------------------------
// Merging returned Self ratings into existing ratings
// ---------------------------------------------------------------------------------------

export interface SelfConflict {
  competencyId: string;
  workerId: string;
  period: string;
  frameworkId: string;
  existing: Score;
  incoming: Score;
}

export interface MergePlan {
  /** Whole ratings to write: Self filled where it was blank (Supervisor as it was; blank for new rows). */
  write: Rating[];
  /** Existing Self differs from the form's: left as it is for the person to choose. */
  conflicts: SelfConflict[];
  /** Incoming ratings that change nothing (same Self, or a blank Self with nothing new). */
  unchanged: number;
}

const key = (r: Pick<Rating, 'workerId' | 'period' | 'frameworkId' | 'competencyId'>) =>
  [r.workerId, r.period, r.frameworkId, r.competencyId].join('\u0000');

function sameScore(a: Score, b: Score): boolean {
  return a.kind === b.kind && (a.kind !== 'score' || (b.kind === 'score' && a.value === b.value));
}

/**
 * What returned forms change. Self is written only where the existing Self is blank; a different existing
 * Self is a conflict (nothing written for it); Supervisor is never touched. The form's Notes fill an
 * empty Notes only.
 */
export function mergeSelfRatings(existing: Rating[], incoming: Rating[]): MergePlan {
  const byKey = new Map(existing.map((r) => [key(r), r]));
  const out = new Map<string, Rating>();
  const conflicts: SelfConflict[] = [];
  let unchanged = 0;
  for (const inc of incoming) {
    const k = key(inc);
    const cur = out.get(k) ?? byKey.get(k);
    if (!cur) {
      if (inc.self.kind === 'blank' && !inc.notes) unchanged++;
      else out.set(k, { ...inc, supervisor: BLANK });
      continue;
    }
    let self = cur.self;
    let changed = false;
    let conflict = false;
    if (inc.self.kind !== 'blank' && !sameScore(cur.self, inc.self)) {
      if (cur.self.kind === 'blank') {
        self = inc.self;
        changed = true;
      } else {
        conflict = true;
        conflicts.push({
          competencyId: inc.competencyId,
          workerId: inc.workerId,
          period: inc.period,
          frameworkId: inc.frameworkId,
          existing: cur.self,
          incoming: inc.self,
        });
      }
    }
    let notes = cur.notes;
    if (!cur.notes && inc.notes) {
      notes = inc.notes;
      changed = true;
    }
    if (changed) out.set(k, { ...cur, self, notes });
    else if (!conflict) unchanged++;
  }
  return { write: [...out.values()], conflicts, unchanged };
}
