/** Team sheet: the roster as an Excel table. It is the source of truth for workers. */
import { Worker } from '../domain/csv';
import { SheetPlan } from './plan';
import { excelDate, HEADER_STYLE, SheetBuilder } from './sheet';

export const TEAM_SHEET = 'Team';
export const TEAM_TABLE = 'PPS_Team';
export const TEAM_HEADERS = ['Worker ID', 'Name', 'Role', 'Supervisor', 'Start date'] as const;

export function teamSheet(workers: Worker[], sheetName = TEAM_SHEET, tableName = TEAM_TABLE): SheetPlan {
  const b = new SheetBuilder(sheetName, 'team');
  b.row(0, 0, [...TEAM_HEADERS]);
  b.style(0, 0, 0, TEAM_HEADERS.length - 1, HEADER_STYLE);
  workers.forEach((w, i) =>
    b.row(1 + i, 0, [w.workerId, w.name, w.role, w.supervisor, w.startDate ? excelDate(w.startDate) : null]),
  );
  const last = Math.max(1, workers.length);
  b.style(1, 4, last, 4, { numFmt: 'yyyy-mm-dd' });
  b.style(1, 0, last, 3, { wrap: true, vertical: 'top' });
  [11, 22, 30, 20, 11].forEach((w, i) => b.width(i, w));
  b.plan.tables.push({
    name: tableName,
    ref: `A1:E${last + 1}`,
    style: 'TableStyleMedium2',
    columns: [...TEAM_HEADERS],
  });
  b.plan.freeze = { rows: 1, cols: 0 };
  b.print('portrait', { headerRow: 0, areas: [`A1:E${last + 1}`] });
  b.plan.protection = { protect: false, unlocked: [`A2:E${last + 1}`] };
  return b.plan;
}
