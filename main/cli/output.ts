// How the CLI speaks: aligned tables for people, JSON for programs, one-line errors.
export type Row = Record<string, unknown>;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.join(',') || '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function table(rows: Row[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: string[]) => values.map((value, index) => value.padEnd(widths[index]!)).join('  ').trimEnd();
  return [line(columns.map((column) => column.toUpperCase())), ...rows.map((row) => line(columns.map((column) => cell(row[column]))))].join('\n');
}

export class Output {
  readonly json: boolean;
  constructor(json: boolean) {
    this.json = json;
  }
  /** Prints `data` as JSON, or `human()` for people. */
  print(data: unknown, human: () => string): void {
    process.stdout.write(`${this.json ? JSON.stringify(data, null, 2) : human()}\n`);
  }
}

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
