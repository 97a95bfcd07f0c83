/**
 * Errors a user can cause (a bad design, scenario, trace or flag): values with a location, turned
 * into text once, at the CLI's edge. Exit code 2.
 */

export interface InputError {
  readonly file: string;
  /** 1-based; 0 when the error is about the file as a whole. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly InputError[] };

export const success = <T>(value: T): Checked<T> => ({ ok: true, value });
export const failure = <T>(errors: readonly InputError[]): Checked<T> => ({ ok: false, errors });

/** `file:line:column: message`, the form editors and CI annotators recognise. */
export function formatInputError(error: InputError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
  return `${where}: ${error.message}`;
}
