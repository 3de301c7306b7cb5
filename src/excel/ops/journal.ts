/**
 * Pane actions either complete or leave the workbook as it was. An action writes in several syncs (Excel
 * batches are not transactions: a failing command leaves the earlier ones applied), so every write first
 * records what it replaces here; when a later step fails, `undo` puts back the cells, removes the table
 * rows and sheets the action added, gives renamed sheets and tables their names back and adds removed
 * defined names again, and the error says which step failed and that nothing was kept.
 */
import { rangeRef } from '../../workbook/a1';
import { valueInput } from '../cellInput';
import { ExcelRunner, hostErrorInfo } from '../host';
import { InsertError } from '../render';

type Formula = string | number | boolean | null;

interface CellsBefore {
  sheet: string;
  row: number;
  col: number;
  /** What `Range.formulas` read before the write: formulas, or values where there was no formula. */
  before: Formula[][];
}

/** A failed action: the step that failed, what it was, and whether everything was put back. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly step: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ActionError';
  }
}

export class Journal {
  private cells: CellsBefore[] = [];
  private rows: { sheet: string; table: string; before: number }[] = [];
  private sheets: string[] = [];
  private renames: { kind: 'sheet' | 'table'; from: string; to: string }[] = [];
  private names: { name: string; formula: string; visible: boolean }[] = [];
  /** The step running now, in words ("rewriting the outcomes log"). */
  current = '';
  private steps = 0;

  constructor(
    private readonly run: ExcelRunner,
    private readonly maxBytes: number,
  ) {}

  /** Runs one step of the action under a name the error can give. */
  async step<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.current = what;
    this.steps++;
    return fn();
  }

  /** Record what a rectangle held before it is written (call before queueing the write). */
  cellsBefore(sheet: string, row: number, col: number, before: Formula[][]): void {
    if (before.length) this.cells.push({ sheet, row, col, before });
  }

  /**
   * Record that rows are about to be appended to a table that has `before` data rows: on undo every row
   * beyond those is removed (whether or not the append landed before a failure).
   */
  rowsAdded(sheet: string, table: string, before: number): void {
    this.rows.push({ sheet, table, before });
  }

  /** Record sheets an insert added (an insert that fails removes its own). */
  sheetsAdded(names: string[]): void {
    this.sheets.push(...names);
  }

  /** Record a sheet or table about to be renamed from `from` to `to`. */
  renamed(kind: 'sheet' | 'table', from: string, to: string): void {
    this.renames.push({ kind, from, to });
  }

  /** Record a workbook-level defined name about to be deleted (undo adds it again, replacing a namesake). */
  nameRemoved(name: string, formula: string, visible: boolean): void {
    this.names.push({ name, formula, visible });
  }

  private get changed(): boolean {
    return (
      this.cells.length + this.rows.length + this.sheets.length + this.renames.length + this.names.length > 0
    );
  }

  /** Puts everything recorded back, newest first. Returns what could not be put back, in words. */
  async undo(): Promise<string | null> {
    if (!this.changed) return null;
    try {
      await this.run(async (ctx) => {
        const wb = ctx.workbook;
        // cells, in requests under the budget
        let bytes = 0;
        for (const b of [...this.cells].reverse()) {
          const input = b.before.map((row) => row.map(restoreInput));
          const size = JSON.stringify(input).length + 200;
          if (bytes && bytes + size > this.maxBytes) {
            await ctx.sync();
            bytes = 0;
          }
          wb.worksheets
            .getItem(b.sheet)
            .getRange(
              rangeRef(b.row, b.col, b.row + input.length - 1, b.col + input[0].length - 1),
            ).formulas = input;
          bytes += size;
        }
        // appended table rows: the last `count` rows of each table
        const bodies = this.rows.map((r) => ({
          r,
          table: wb.worksheets.getItem(r.sheet).tables.getItem(r.table),
          body: wb.worksheets.getItem(r.sheet).tables.getItem(r.table).getDataBodyRange().load('rowCount'),
        }));
        // what is there now: a rename or removal that failed part-way left some of them as they were
        const sheets =
          this.sheets.length || this.renames.length
            ? wb.worksheets.load('items/name,items/visibility')
            : null;
        const tables = this.renames.some((r) => r.kind === 'table') ? wb.tables.load('items/name') : null;
        const names = this.names.length ? wb.names.load('items/name') : null;
        await ctx.sync();
        const has = (list: { items: { name: string }[] } | null, name: string) =>
          !!list?.items.some((x) => x.name.toLowerCase() === name.toLowerCase());
        for (const { r, table, body } of bodies.reverse())
          for (let i = body.rowCount - 1; i >= r.before; i--) table.rows.getItemAt(i).delete();
        for (const ws of sheets?.items ?? [])
          if (this.sheets.some((n) => n.toLowerCase() === ws.name.toLowerCase())) {
            if (ws.visibility === 'VeryHidden') ws.visibility = 'Hidden'; // office-js issue 365
            ws.delete();
          }
        // the names sheets and tables had (free again now), then the defined names removed
        for (const r of [...this.renames].reverse())
          if (r.kind === 'sheet' && has(sheets, r.to)) wb.worksheets.getItem(r.to).name = r.from;
          else if (r.kind === 'table' && has(tables, r.to)) wb.tables.getItem(r.to).name = r.from;
        for (const n of this.names) {
          // a name of the same name the action added since (pointing at a sheet it added) gives way
          if (has(names, n.name)) wb.names.getItem(n.name).delete();
          wb.names.add(n.name, n.formula).visible = n.visible;
        }
        await ctx.sync();
      });
      return null;
    } catch (e) {
      const i = hostErrorInfo(e);
      return `${i.code ?? 'error'}: ${i.message}`;
    }
  }

  /** The error to throw after `err`: what failed, at which step, and that the workbook was put back. */
  async fail(action: string, err: unknown, plain: (err: unknown) => Error): Promise<Error> {
    // refused before any step started (bad input, nothing to do): the plain message says it all
    if (this.steps === 0) return plain(err);
    const had = this.changed;
    const problem = await this.undo();
    const reason = plain(err).message.replace(/\.?$/, '.');
    const tail = problem
      ? ` Putting back what it had changed also failed (${problem}); check the sheets it was writing.`
      : had
        ? ' Nothing was kept: everything it had changed was put back.'
        : err instanceof InsertError
          ? ''
          : ' Nothing was changed.';
    return new ActionError(`${reason} ${cap(action)} failed while ${this.current}.${tail}`, this.current, {
      cause: err,
    });
  }
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A value read through `formulas` as the input that writes it back exactly. */
function restoreInput(v: Formula): string | number | boolean | null {
  if (v === null) return null; // a cell the action did not write: left as it is
  if (v === '') return '';
  if (typeof v === 'string') return v.startsWith('=') && v.length > 1 ? v : valueInput(v);
  return v;
}
