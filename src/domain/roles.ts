/** Role profiles (PRCoE Table 1) and the competencies each marks as key. */
export interface RoleItem {
  text: string;
  children?: RoleItem[];
  competencyIds: Record<string, string[]>;
}

export interface RoleProfile {
  id: string;
  title: string;
  roleDescription: string;
  keyCompetencies: RoleItem[];
  keyTasks: RoleItem[];
}

export type RoleMark = 'Key competency' | 'Key task';

/** Competency id -> how the role marks it, for one framework. Key competency wins over key task. */
export function roleMarks(role: RoleProfile | undefined, frameworkId: string): Map<string, RoleMark> {
  const marks = new Map<string, RoleMark>();
  if (!role) return marks;
  const add = (items: RoleItem[], mark: RoleMark) => {
    for (const item of items) {
      for (const id of item.competencyIds[frameworkId] ?? []) if (!marks.has(id)) marks.set(id, mark);
      if (item.children) add(item.children, mark);
    }
  };
  add(role.keyCompetencies, 'Key competency');
  add(role.keyTasks, 'Key task');
  return marks;
}

/** Finds a role by id or by title, ignoring case, dashes and spaces ("Recovery Coach", "recovery-coach"). */
export function findRole(roles: RoleProfile[], text: string): RoleProfile | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const t = norm(text);
  if (!t) return undefined;
  return roles.find((r) => norm(r.id) === t || norm(r.title) === t);
}

/**
 * The warning for a role no profile matches (its key competencies cannot be marked), naming the known
 * roles; null for a blank or known role.
 */
export function unknownRoleMessage(roles: RoleProfile[], text: string): string | null {
  if (!text.trim() || findRole(roles, text)) return null;
  return `"${text}" is not a known role, so no competencies are marked as key for it (known roles: ${roles.map((r) => r.title).join('; ')})`;
}
