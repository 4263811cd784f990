/**
 * Typed input errors for the governance statistics. A function never returns NaN for invalid
 * input and never throws a string: it throws GovernanceInputError naming the offending field.
 */
export type GovernanceErrorCode =
  | 'invalid_type' // not an array / wrong JSON type
  | 'required' // a required argument or column is missing
  | 'length_mismatch' // parallel arrays of different lengths
  | 'not_a_number' // NaN, Infinity or a non-number where a number is needed
  | 'invalid_label' // a label other than 0 or 1
  | 'empty_value' // an empty group value
  | 'out_of_range' // e.g. a confidence level outside (0, 1)
  | 'empty' // no rows at all
  | 'csv_syntax'; // malformed CSV (unterminated quote, stray quote)

export class GovernanceInputError extends Error {
  readonly code: GovernanceErrorCode;
  readonly field: string;
  constructor(code: GovernanceErrorCode, field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'GovernanceInputError';
    this.code = code;
    this.field = field;
  }
  toJSON(): { name: string; code: GovernanceErrorCode; field: string; message: string } {
    return { name: this.name, code: this.code, field: this.field, message: this.message };
  }
}

export function isGovernanceInputError(e: unknown): e is GovernanceInputError {
  return e instanceof GovernanceInputError;
}
