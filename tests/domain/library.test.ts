import { flattenCompetencies, frameworkFromRows, loadFramework } from '../../src/domain/framework';
import { getFramework, getScale, library } from '../../src/domain/library';
import { InputError } from '../../src/domain/problems';
import { findRole, roleMarks } from '../../src/domain/roles';
import { parseScore } from '../../src/domain/scale';
import * as fs from 'fs';
import * as path from 'path';

const seeds = path.join(__dirname, '../../../shared/seeds');
const seedText = (f: string) => fs.readFileSync(path.join(seeds, f), 'utf8');

describe('bundled frameworks', () => {
  it('SAMHSA: 12 categories I-XII, 62 competencies, counts per category as in the seed', () => {
    const fw = getFramework('samhsa-core-2015');
    expect(fw.categories.map((c) => c.numeral)).toEqual([
      'I',
      'II',
      'III',
      'IV',
      'V',
      'VI',
      'VII',
      'VIII',
      'IX',
      'X',
      'XI',
      'XII',
    ]);
    expect(fw.categories.map((c) => c.competencies.length)).toEqual([5, 5, 4, 4, 5, 5, 6, 5, 6, 6, 7, 4]);
    expect(flattenCompetencies(fw)).toHaveLength(62);
  });
  it('PRCoE: 103 items and 29 sub-items; 62 items from SAMHSA; every added item names its source', () => {
    const fw = getFramework('prcoe-compilation-2023');
    const items = fw.categories.flatMap((c) => c.competencies);
    expect(items).toHaveLength(103);
    expect(items.flatMap((c) => c.children ?? [])).toHaveLength(29);
    expect(items.filter((c) => c.source === 'SAMHSA')).toHaveLength(62);
    for (const c of items)
      expect(c.source).toMatch(/^(SAMHSA|IC&RC Domain \d|Regional Facilitation Center Practice \d+)$/);
    expect(items.find((c) => c.id === '1.9')?.children?.[0]).toEqual({
      id: '1.9.1',
      text: 'Fulfills the role of a trusted and supportive guide',
    });
  });
  it('WPS: 19 skill groups under two headings, 108 skills (the seed total)', () => {
    const fw = getFramework('peer-supervisor-wps');
    expect(fw.categories).toHaveLength(19);
    expect(new Set(fw.categories.map((c) => c.heading))).toEqual(
      new Set(['Recovery-Oriented Philosophy', 'Providing Education & Training']),
    );
    expect(flattenCompetencies(fw)).toHaveLength(108);
  });
  it('competency texts appear word for word in the seeds (except the fixes listed in data/README.md)', () => {
    const fixes = new Set(['prcoe-compilation-2023:7.10', 'peer-supervisor-wps:16.3']);
    const norm = (s: string) => s.replace(/\s+/g, ' ');
    const files: Record<string, string> = {
      'samhsa-core-2015': 'samhsa-core-competencies.txt',
      'prcoe-compilation-2023': 'prcoe-job-roles-and-competency-compilation.txt',
      'peer-supervisor-wps': 'peer-supervisor-work-process-schedule.txt',
    };
    for (const fw of library().frameworks) {
      const seed = norm(seedText(files[fw.id]));
      for (const c of flattenCompetencies(fw)) {
        if (fixes.has(`${fw.id}:${c.id}`)) continue;
        expect([fw.id, c.id, seed.includes(norm(c.text))]).toEqual([fw.id, c.id, true]);
      }
    }
  });
});

describe('roles', () => {
  it('three profiles whose ids all exist in the frameworks they name', () => {
    const { roles } = library();
    expect(roles.map((r) => r.id)).toEqual([
      'recovery-coach',
      'peer-specialist-treatment-courts',
      'recovery-crisis-interventionist',
    ]);
    for (const role of roles)
      for (const fwId of ['samhsa-core-2015', 'prcoe-compilation-2023']) {
        const ids = new Set(flattenCompetencies(getFramework(fwId)).map((c) => c.id));
        for (const id of roleMarks(role, fwId).keys())
          expect([role.id, fwId, id, ids.has(id)]).toEqual([role.id, fwId, id, true]);
      }
  });
  it('finds roles by title or id and marks key competencies before key tasks', () => {
    const { roles } = library();
    const coach = findRole(roles, 'Recovery Coach')!;
    expect(coach.id).toBe('recovery-coach');
    expect(findRole(roles, 'peer specialist - treatment courts')?.id).toBe(
      'peer-specialist-treatment-courts',
    );
    const marks = roleMarks(coach, 'samhsa-core-2015');
    expect(marks.get('1.1')).toBe('Key competency');
    expect(findRole(roles, 'Janitor')).toBeUndefined();
  });
});

describe('scales', () => {
  it('default 1-5 with the domain labels and N/A', () => {
    const s = getScale();
    expect(s.levels.map((l) => `${l.value} ${l.label}`)).toEqual([
      '1 Not yet',
      '2 Beginning',
      '3 Developing',
      '4 Proficient',
      '5 Advanced',
    ]);
    expect(parseScore('N/A', s)).toEqual({ kind: 'na' });
    expect(parseScore(' 4 ', s)).toEqual({ kind: 'score', value: 4 });
    expect(parseScore('', s)).toEqual({ kind: 'blank' });
    expect(parseScore('7', s)).toEqual({
      error: '7 is not on the scale (expected a whole number 1-5, N/A or blank)',
    });
    expect(parseScore('abc', s)).toEqual({
      error: '"abc" is not a score (expected a whole number 1-5, N/A or blank)',
    });
    expect(parseScore(0, s)).toHaveProperty('error');
  });
});

describe('malformed frameworks fail with file and field named', () => {
  const good = () => ({
    id: 'agency',
    title: 'Agency list',
    source: 'us',
    version: '1',
    categories: [{ id: '1', title: 'One', description: 'd', competencies: [{ id: '1.1', text: 'Listens' }] }],
  });
  const problems = (data: unknown) => {
    try {
      loadFramework(data, 'agency.json');
    } catch (e) {
      return (e as InputError).problems.map((p) => `${p.file} ${p.column}: ${p.message}`);
    }
    return [];
  };
  it('loads a good one', () => expect(problems(good())).toEqual([]));
  it('missing field', () => {
    const d = good() as Record<string, unknown>;
    delete d.version;
    expect(problems(d)).toEqual(['agency.json version: is missing']);
  });
  it('duplicate id', () => {
    const d = good();
    d.categories[0].competencies.push({ id: '1.1', text: 'Again' });
    expect(problems(d)).toEqual(['agency.json categories[0].competencies[1].id: duplicate id "1.1"']);
  });
  it('empty text', () => {
    const d = good();
    d.categories[0].competencies[0].text = '  ';
    expect(problems(d)).toEqual(['agency.json categories[0].competencies[0].text: is empty']);
  });
  it('not an object', () =>
    expect(problems([1, 2])).toEqual(['agency.json undefined: is not a JSON object describing a framework']));
});

describe('agency framework from a two-column table', () => {
  it('groups by category in first-seen order and numbers items', () => {
    const fw = frameworkFromRows(
      [
        { category: 'Ethics', competency: 'Keeps boundaries' },
        { category: 'Outreach', competency: 'Visits shelters' },
        { category: 'ethics', competency: 'Documents on time' },
      ],
      { id: 'agency', title: 'Agency', version: '1', file: 'Competencies table' },
    );
    expect(flattenCompetencies(fw).map((c) => `${c.id} ${c.categoryTitle}: ${c.text}`)).toEqual([
      '1.1 Ethics: Keeps boundaries',
      '1.2 Ethics: Documents on time',
      '2.1 Outreach: Visits shelters',
    ]);
  });
  it('names the row of an empty cell and of a duplicate', () => {
    expect(() =>
      frameworkFromRows(
        [
          { category: 'Ethics', competency: 'Keeps boundaries' },
          { category: '', competency: 'x' },
          { category: 'Ethics', competency: 'keeps boundaries' },
        ],
        { id: 'a', title: 'a', version: '1', file: 'Competencies table' },
      ),
    ).toThrow(
      'Competencies table, row 3, column Category: is empty\nCompetencies table, row 4, column Competency: "keeps boundaries" is listed twice in "Ethics"',
    );
  });
});
