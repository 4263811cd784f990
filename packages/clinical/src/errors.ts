/**
 * Typed input errors for every clinical rule. A rule never returns NaN and never throws a
 * string: invalid input throws ClinicalInputError naming the offending field.
 */
export type ClinicalErrorCode =
  | 'invalid_type' // not an object / wrong JSON type
  | 'required' // a required field is missing
  | 'not_a_number' // NaN, Infinity or a non-number where a number is needed
  | 'not_integer' // the source table is defined on whole numbers
  | 'out_of_range' // physiologically impossible or outside what the rule accepts
  | 'invalid_enum' // not one of the allowed values
  | 'invalid_date' // not an ISO-8601 instant
  | 'inconsistent'; // fields contradict each other

export class ClinicalInputError extends Error {
  readonly code: ClinicalErrorCode;
  readonly field: string;
  constructor(code: ClinicalErrorCode, field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ClinicalInputError';
    this.code = code;
    this.field = field;
  }
  toJSON(): { name: string; code: ClinicalErrorCode; field: string; message: string } {
    return { name: this.name, code: this.code, field: this.field, message: this.message };
  }
}

export function isClinicalInputError(e: unknown): e is ClinicalInputError {
  return e instanceof ClinicalInputError;
}
