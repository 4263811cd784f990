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

export type Exercise = CxrExercise | DecisionExercise;

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
