/** Rules for the ids and codes people type: worker ids and the codes of people served. */

/**
 * Why an id or code would be misread by the workbook's own formulas, or null. Worker ids and person codes
 * are COUNTIFS/AVERAGEIFS criteria in the outcomes sheets: there `*`, `?` and `~` are wildcards and a
 * leading `=`, `<` or `>` is a comparison, so the criterion "P*1" would also count the codes P-0001 and P-2001.
 */
export function criterionProblem(text: string): string | null {
  const wild = /[*?~]/.exec(text)?.[0];
  if (wild)
    return `"${text}" contains ${wild}, which Excel formulas read as a wildcard; use letters, digits, - or _`;
  if (/^[=<>]/.test(text))
    return `"${text}" starts with ${text[0]}, which Excel formulas read as a comparison; start with a letter or digit`;
  return null;
}
