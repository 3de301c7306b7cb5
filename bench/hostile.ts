/**
 * Hostile returned forms (issue: zip bombs): a genuine form whose sheet inflates to 400 MB, once declaring
 * that size honestly and once declaring 20 KB (a bomb that lies). Each is built in the scenario's own
 * process before the measured phase, then handed to collectForm as `collect` and the pane's Forms tab do.
 * The unguarded run loads the honest bomb with ExcelJS alone, as the reader did before the guard: the figure
 * the guard saves. Target: refused in seconds with peak memory under 400 MB.
 */
import ExcelJS from 'exceljs';
import { getFramework, getScale, library } from '../src/domain/library';
import { findRole } from '../src/domain/roles';
import { selfAssessmentForm } from '../src/workbook/forms';
import { collectForm } from '../src/xlsx/collect';
import { writeWorkbook } from '../src/xlsx/write';
import { bombPart, craftZip, partsOf } from '../tests/support/zipcraft';
import { numbers, phase } from './measure';
import { makeTeam, PERIOD } from './data';

const MB = 1024 * 1024;
type Json = Record<string, unknown>;

async function bombForm(inflatedBytes: number, declaredBytes?: number): Promise<Buffer> {
  const [worker] = makeTeam(1);
  const genuine = await writeWorkbook(
    selfAssessmentForm({
      worker,
      period: PERIOD,
      framework: getFramework('samhsa-core-2015'),
      scale: getScale(),
      role: findRole(library().roles, worker.role),
    }),
  );
  const parts = await partsOf(genuine);
  const i = parts.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml');
  // A sheet ExcelJS parses row by row: the same row over and over, as a hostile form would carry.
  const head =
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  parts[i] = await bombPart(parts[i].name, inflatedBytes, {
    head,
    tail: '</sheetData></worksheet>',
    declaredBytes,
  });
  return craftZip(parts);
}

async function refused(bytes: Buffer, quick: boolean, declared: string): Promise<Json> {
  const team = makeTeam(1);
  const ctx = { team, frameworks: library().frameworks, scale: getScale(), periods: [PERIOD] };
  const p = await phase(() => collectForm(bytes, 'returned.xlsx', ctx));
  return {
    fileBytes: bytes.length,
    inflatesTo: quick ? '40 MB' : '400 MB',
    declared,
    refused: !p.value.ok && p.value.ratings.length === 0,
    message: p.value.report.problems[0]?.message ?? '',
    ...numbers(p),
  };
}

export async function hostileHonest(o: { quick: boolean }): Promise<Json> {
  const size = (o.quick ? 40 : 400) * MB;
  return refused(await bombForm(size), o.quick, 'honestly');
}

export async function hostileLying(o: { quick: boolean }): Promise<Json> {
  const size = (o.quick ? 40 : 400) * MB;
  return refused(await bombForm(size, 20_000), o.quick, '20 KB');
}

/** Before the guard: ExcelJS alone loading the honest bomb, as the reader did (it inflates everything). */
export async function hostileUnguarded(o: { quick: boolean }): Promise<Json> {
  const size = (o.quick ? 40 : 400) * MB;
  const bytes = await bombForm(size);
  const p = await phase(async () => {
    try {
      await new ExcelJS.Workbook().xlsx.load(bytes as unknown as ArrayBuffer);
      return 'loaded';
    } catch (e) {
      return `failed after inflating: ${(e as Error).message}`;
    }
  });
  return { fileBytes: bytes.length, inflatesTo: `${size / MB} MB`, outcome: p.value, ...numbers(p) };
}
