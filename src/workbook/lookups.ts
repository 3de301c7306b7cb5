/** Formulas that read a rating sheet's category block by category title, so moved rows still match. */
import { quoteSheet, rangeRef } from './a1';
import { RATING_LAYOUT } from './rating';
import { str } from './sheet';

/** Where a rating sheet keeps its category block (titles, Self mean, Supervisor mean) and Gap column. */
export interface BlockSource {
  sheet: string;
  /** 0-based rows of the first category and of the "All competencies" row. */
  firstRow: number;
  lastRow: number;
  titleCol: number;
  selfCol: number;
  supervisorCol: number;
  /** The competency table's Gap column, 0-based rows. */
  gap: { col: number; firstRow: number; lastRow: number };
}

/** The block as ratingSheet() writes it for a framework with `categories` categories and `competencies` rows. */
export function blockOf(sheet: string, categories: number, competencies: number): BlockSource {
  const first = RATING_LAYOUT.firstDataRow;
  const bc = RATING_LAYOUT.blockCol;
  const blockFirst = RATING_LAYOUT.blockHeaderRow(competencies) + 1;
  return {
    sheet,
    firstRow: blockFirst,
    lastRow: blockFirst + categories,
    titleCol: bc,
    selfCol: bc + 1,
    supervisorCol: bc + 2,
    gap: { col: RATING_LAYOUT.col.gap, firstRow: first, lastRow: first + competencies - 1 },
  };
}

export type Rater = 'self' | 'supervisor';

/** A category's mean for one rater (or the "All competencies" row), "" when not rated or not found. */
export function blockMean(src: BlockSource, title: string, rater: Rater): string {
  const col = (c: number) => `${quoteSheet(src.sheet)}!${rangeRef(src.firstRow, c, src.lastRow, c, true)}`;
  const key = str(title.replace(/[~*?]/g, (c) => `~${c}`));
  const at = `INDEX(${col(rater === 'self' ? src.selfCol : src.supervisorCol)},MATCH(${key},${col(src.titleCol)},0))`;
  return `IFERROR(IF(${at}="","",${at}),"")`;
}

/** Competencies on the sheet whose gap is a blind spot (self higher by the threshold or more). */
export function blindSpotCountFormula(src: BlockSource, thresholdName: string): string {
  const g = src.gap;
  return `COUNTIF(${quoteSheet(src.sheet)}!${rangeRef(g.firstRow, g.col, g.lastRow, g.col, true)},"<="&-${thresholdName})`;
}
