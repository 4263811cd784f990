/** Shapes shared by every rule: its source and the explanation of its result. */

/** Where a rule comes from. `id` is stable (used by the governance registry); `version` is the rule's version. */
export interface RuleSource {
  readonly id: string;
  readonly version: string;
  readonly citation: string;
}

/** One line of "why": which input, its value, what it scored or found, and a short note. */
export interface ExplanationItem {
  input: string;
  value: unknown;
  points?: number;
  finding?: string;
  note: string;
}

/** Registry entry for the governance registry. */
export interface RuleInfo extends RuleSource {
  readonly title: string;
}

/** Text in both languages the UI speaks. */
export interface Bilingual {
  vi: string;
  en: string;
}
