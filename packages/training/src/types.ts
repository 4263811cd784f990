/** The shapes of the training content (content/training) once parsed. */

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export type Bilingual = { vi: string; en: string };

export interface ModuleDef {
  id: string;
  order: number;
  title: Bilingual;
  lessons: string[];
  bank: string;
  passMark?: number;
}

export interface RolePath {
  required: string[];
  optional: string[];
}

export interface Curriculum {
  id: string;
  version: string;
  title: Bilingual;
  passMark: number;
  preTestItems: number;
  postTestItems: number;
  maxAttemptsPerDay: number;
  modules: ModuleDef[];
  exercises: string[];
  roles: Record<string, Bilingual>;
  accountRoles: Record<string, string>;
  paths: Record<string, RolePath>;
}

export interface Lesson {
  id: string;
  module: string;
  lang: Lang;
  title: string;
  objectives: string[];
  minutes: number;
  figures: string[];
  roles: string[];
  body: string;
  /** Path of the file, relative to the content root. */
  file: string;
}

export interface QuestionOption {
  id: string;
  vi: string;
  en: string;
}

export interface Question {
  id: string;
  module: string;
  type: 'single' | 'multiple';
  lesson: string;
  case?: Bilingual;
  stem: Bilingual;
  options: QuestionOption[];
  answer: string[];
  explanation: Bilingual;
  figure?: string;
}

export interface CxrFinding {
  label: string;
  vi: string;
  en: string;
}

interface ExerciseBase {
  id: string;
  title: Bilingual;
  instructions: Bilingual;
  lessons: string[];
  roles: string[];
  file: string;
}

export interface CxrExercise extends ExerciseBase {
  kind: 'cxr-reading';
  source: { dataset: string; labels: string; images: string; citation: string };
  findings: CxrFinding[];
  cases: number;
  positiveShare: number;
  aiWrongShare: number;
  pass: { minAccuracy: number; maxOverReliance: number };
  debrief: Bilingual;
}

export interface DecisionStep {
  id: string;
  situation: Bilingual;
  question: Bilingual;
  options: QuestionOption[];
  answer: string;
  explanation: Bilingual;
}

export interface DecisionExercise extends ExerciseBase {
  kind: 'decisions';
  pass: { minScore: number };
  steps: DecisionStep[];
}

/**
 * A step of an exercise done on the platform's real screens: the learner records `vitals` on the
 * case's synthetic patient (training sandbox) and decides the rule's suggestion that follows.
 * `ruleRight`: whether following the rule's output is right here (false e.g. when the reading is an
 * artefact); `expected`: the decision a competent clinician makes.
 */
export interface OnScreenStep {
  id: string;
  situation: Bilingual;
  vitals: Record<string, number | string | boolean>;
  ruleRight: boolean;
  expected: 'accept' | 'override';
  explanation: Bilingual;
}

export interface OnScreenExercise extends ExerciseBase {
  kind: 'on-screen';
  /** the tool whose suggestions the learner decides (e.g. rcp-news2) */
  tool: string;
  /** the synthetic patient created for each attempt in the training sandbox */
  patient: { fullName: string; sex: 'male' | 'female'; birthDate: string };
  /** a decision later than this after the suggestion appeared is not "in time" */
  maxMinutesToDecide: number;
  pass: { minScore: number; maxOverReliance: number };
  steps: OnScreenStep[];
  debrief: Bilingual;
}

export type Exercise = CxrExercise | DecisionExercise | OnScreenExercise;

export interface TrainingContent {
  curriculum: Curriculum;
  /** lesson id → language → lesson */
  lessons: Map<string, Record<Lang, Lesson>>;
  /** module id → its question bank */
  banks: Map<string, Question[]>;
  exercises: Map<string, Exercise>;
}

/** A problem found in the content, naming its file. */
export interface ContentIssue {
  file: string;
  message: string;
}
