/** What the pane says about the workbook's layout: the update offer, the refusal, the result. */
import type { LayoutStatus, UpgradeResult } from '../excel/api';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The offer: what an update does and keeps, before anything changes. */
export function offerText(l: LayoutStatus): string {
  return (
    `${count(l.older, 'sheet')} of this workbook ${l.older === 1 ? 'was' : 'were'} made by an earlier version of ` +
    `Peer Performance Support (layout ${l.from.join(' and ')}). Updating rewrites every sheet the add-in made ` +
    `as this version makes it (layout ${l.layout}). Everything you typed stays: ratings, notes, goals, action ` +
    `steps, discussion and agenda notes, schedule entries, sessions, the roster and the settings; sheets of ` +
    `your own stay as they are. Not kept: text typed beside or below the add-in's tables, and formatting ` +
    `changed by hand on its sheets (save a copy of the workbook first to keep them). Nothing changes until ` +
    `you choose Update; if anything goes wrong, the workbook is left as it was. Until then, Compare, ` +
    `Outcomes and the agenda wait for the update.`
  );
}

/** The refusal: a newer version made the workbook. */
export function refusalText(l: LayoutStatus): string {
  return (
    `A newer version of Peer Performance Support made this workbook, so this add-in (layout ${l.layout}) ` +
    `changes nothing in it. The add-in needs updating: ask whoever manages it for your agency. ` +
    l.messages.map((m) => `${m}.`).join(' ')
  );
}

/** "Updated 23 sheets from layout 0.1.0 to 0.2.0; put back 7 typed cells; kept your sheet "My notes"." */
export function upgradeSummary(r: UpgradeResult): string {
  if (r.from.length === 0) return r.lines.join(' ');
  const parts = [`Updated ${count(r.upgraded, 'sheet')} from layout ${r.from.join(' and ')} to ${r.to}`];
  if (r.restored > 0) parts.push(`put back ${count(r.restored, 'typed cell')}`);
  if (r.kept.length > 0)
    parts.push(
      `kept your ${r.kept.length === 1 ? 'sheet' : 'sheets'} ${r.kept.map((s) => `"${s}"`).join(', ')} as ${r.kept.length === 1 ? 'it was' : 'they were'}`,
    );
  return `${parts.join('; ')}.`;
}
