/** A problem found in user input, located precisely enough for a person to fix it. */
export interface Problem {
  /** File name, or the sheet/table the input came from. */
  file: string;
  /** 1-based row as a person counts it in the file (the header is row 1), when known. */
  row?: number;
  /** Column name or header, when known. */
  column?: string;
  /** A1 address of the cell, for problems found in a worksheet. */
  cell?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = [
    p.file,
    p.cell ? `cell ${p.cell}` : undefined,
    p.row !== undefined && !p.cell ? `row ${p.row}` : undefined,
    p.column ? `column ${p.column}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${p.message}`;
}

/** Thrown when input cannot be used at all; carries every problem found. */
export class InputError extends Error {
  constructor(public readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}
