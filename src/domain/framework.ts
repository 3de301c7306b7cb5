/** Competency frameworks: types and a loader that checks every field it relies on. */
import { InputError, Problem } from './problems';

export interface Competency {
  id: string;
  text: string;
  /** Where the item came from (PRCoE compilation: SAMHSA, IC&RC Domain N, ...). */
  source?: string;
  sourceText?: string;
  children?: Competency[];
}

export interface Category {
  id: string;
  title: string;
  description: string;
  numeral?: string;
  heading?: string;
  ojtHours?: number;
  competencies: Competency[];
}

export interface Framework {
  id: string;
  title: string;
  source: string;
  version: string;
  categories: Category[];
}

/** A competency row as rating sheets list it: sub-items follow their parent. */
export interface FlatCompetency {
  categoryId: string;
  categoryTitle: string;
  id: string;
  text: string;
  depth: number;
  source?: string;
}

export function flattenCompetencies(fw: Framework): FlatCompetency[] {
  const out: FlatCompetency[] = [];
  const walk = (cat: Category, items: Competency[], depth: number) => {
    for (const c of items) {
      out.push({
        categoryId: cat.id,
        categoryTitle: cat.title,
        id: c.id,
        text: c.text,
        depth,
        source: c.source,
      });
      if (c.children) walk(cat, c.children, depth + 1);
    }
  };
  for (const cat of fw.categories) walk(cat, cat.competencies, 0);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks an untrusted framework object (a bundled or agency JSON file) and returns it typed.
 * Throws InputError listing every problem, each naming the file and the field path.
 */
export function loadFramework(data: unknown, file: string): Framework {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ file, column: field, message });
  const text = (obj: Record<string, unknown>, key: string, path: string): string => {
    const v = obj[key];
    if (v === undefined) fail(`${path}${key}`, 'is missing');
    else if (typeof v !== 'string') fail(`${path}${key}`, 'must be text');
    else if (v.trim() === '') fail(`${path}${key}`, 'is empty');
    else return v;
    return '';
  };
  if (!isRecord(data))
    throw new InputError([{ file, message: 'is not a JSON object describing a framework' }]);

  const seen = new Set<string>();
  const checkId = (id: string, field: string) => {
    if (!id) return;
    if (seen.has(id)) fail(field, `duplicate id "${id}"`);
    seen.add(id);
  };
  const competencies = (list: unknown, path: string): Competency[] => {
    if (!Array.isArray(list)) {
      fail(path, 'is missing or not a list');
      return [];
    }
    return list.map((c, i) => {
      const p = `${path}[${i}].`;
      if (!isRecord(c)) {
        fail(`${path}[${i}]`, 'must be an object with id and text');
        return { id: '', text: '' };
      }
      const comp: Competency = { id: text(c, 'id', p), text: text(c, 'text', p) };
      checkId(comp.id, `${p}id`);
      if (typeof c.source === 'string') comp.source = c.source;
      if (typeof c.sourceText === 'string') comp.sourceText = c.sourceText;
      if (c.children !== undefined) comp.children = competencies(c.children, `${p}children`);
      return comp;
    });
  };

  const fw: Framework = {
    id: text(data, 'id', ''),
    title: text(data, 'title', ''),
    source: text(data, 'source', ''),
    version: text(data, 'version', ''),
    categories: [],
  };
  if (!Array.isArray(data.categories) || data.categories.length === 0) {
    fail('categories', 'is missing or empty');
  } else {
    const catIds = new Set<string>();
    fw.categories = data.categories.map((c, i) => {
      const p = `categories[${i}].`;
      if (!isRecord(c)) {
        fail(`categories[${i}]`, 'must be an object');
        return { id: '', title: '', description: '', competencies: [] };
      }
      const cat: Category = {
        id: text(c, 'id', p),
        title: text(c, 'title', p),
        description: typeof c.description === 'string' ? c.description : '',
        competencies: competencies(c.competencies, `${p}competencies`),
      };
      if (c.description === undefined) fail(`${p}description`, 'is missing');
      if (catIds.has(cat.id)) fail(`${p}id`, `duplicate category id "${cat.id}"`);
      catIds.add(cat.id);
      if (cat.competencies.length === 0 && Array.isArray(c.competencies))
        fail(`${p}competencies`, 'is empty');
      if (typeof c.numeral === 'string') cat.numeral = c.numeral;
      if (typeof c.heading === 'string') cat.heading = c.heading;
      if (typeof c.ojtHours === 'number') cat.ojtHours = c.ojtHours;
      return cat;
    });
  }
  if (problems.length) throw new InputError(problems);
  return fw;
}

/**
 * An agency's own list from a two-column table (Category, Competency), as typed in a worksheet.
 * Categories keep their first-seen order; ids are "<category n>.<item n>".
 */
export function frameworkFromRows(
  rows: { category: string; competency: string }[],
  meta: { id: string; title: string; version: string; file: string },
): Framework {
  const problems: Problem[] = [];
  const cats: Category[] = [];
  const byTitle = new Map<string, Category>();
  rows.forEach((r, i) => {
    const row = i + 2;
    const title = r.category.trim();
    const text = r.competency.trim();
    if (!title) problems.push({ file: meta.file, row, column: 'Category', message: 'is empty' });
    if (!text) problems.push({ file: meta.file, row, column: 'Competency', message: 'is empty' });
    if (!title || !text) return;
    let cat = byTitle.get(title.toLowerCase());
    if (!cat) {
      cat = { id: String(cats.length + 1), title, description: '', competencies: [] };
      cats.push(cat);
      byTitle.set(title.toLowerCase(), cat);
    }
    if (cat.competencies.some((c) => c.text.toLowerCase() === text.toLowerCase())) {
      problems.push({
        file: meta.file,
        row,
        column: 'Competency',
        message: `"${text}" is listed twice in "${title}"`,
      });
      return;
    }
    cat.competencies.push({ id: `${cat.id}.${cat.competencies.length + 1}`, text });
  });
  if (cats.length === 0 && problems.length === 0)
    problems.push({
      file: meta.file,
      message: 'has no competencies (expected columns Category, Competency)',
    });
  if (problems.length) throw new InputError(problems);
  return {
    id: meta.id,
    title: meta.title,
    source: `Agency list (${meta.file})`,
    version: meta.version,
    categories: cats,
  };
}
