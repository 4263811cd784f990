/** Training API calls (server: apps/server/src/modules/training). */
import { api, ApiError, get, post } from '../../api/client.ts';
import type { DashboardGroup } from './programme.ts';

export type Bi = { vi: string; en: string };
export interface PathItem { id: string; kind: 'lesson' | 'exercise' | 'post-test'; module?: string; required: boolean; title: Bi; done: boolean; minutes?: number }
export interface Reliance { accuracy: number; overReliance: number | null; underReliance: number | null; passed: boolean; cases: number; aiWrong: number; followedWrongAi: number; aiRight: number; rejectedRightAi: number }
export interface ModuleStatus {
  id: string; order: number; title: Bi; passMark: number;
  preTest: { attemptId: string; submitted: boolean; score: number | null } | null;
  postTest: { attempts: number; bestScore: number | null; passed: boolean };
}
export interface Overview {
  curriculum: { id: string; version: string; title: Bi; passMark: number };
  roles: Array<{ id: string; title: Bi }>;
  items: PathItem[];
  progress: { requiredTotal: number; requiredDone: number; optionalDone: number; percent: number; complete: boolean };
  modules: ModuleStatus[];
  reliance: Reliance | null;
}
export interface LessonView {
  id: string; module: { id: string; title: Bi }; minutes: number; figures: string[]; roles: string[];
  vi: { title: string; objectives: string[]; body: string }; en: { title: string; objectives: string[]; body: string };
  done: boolean; doneAt: string | null; previous: string | null; next: string | null;
}
export interface TestItem { questionId: string; type: 'single' | 'multiple'; case?: Bi; stem: Bi; options: Array<{ id: string } & Bi> }
export interface TestResult {
  correct: number; total: number; score: number; passed: boolean; passMark: number;
  items: Array<{ questionId: string; chosen: string[]; correct: boolean; answer?: string[]; explanation?: Bi }>;
}
export interface CxrCaseView { caseId: string; image: string; finding: { label: string } & Bi; ai: { present: boolean; score: number }; reference?: boolean; aiWrong?: boolean }
export interface StepView { id: string; situation: Bi; question: Bi; options: Array<{ id: string } & Bi>; answer?: string; explanation?: Bi }
export interface ExerciseView {
  id: string; kind: 'cxr-reading' | 'decisions'; title: Bi; instructions: Bi; lessons: Array<{ id: string; title: Bi }>;
  cases?: CxrCaseView[]; debrief?: Bi | null; citation?: string; steps?: StepView[];
  pass: { minAccuracy?: number; maxOverReliance?: number; minScore?: number };
}
export interface CxrResult extends Reliance { correct: number; answered: number; firstRead: { accuracy: number; switchedToWrongAi: number; switchedToRightAi: number } | null; perCase: Array<{ caseId: string; call: boolean | null; reference: boolean; ai: boolean; correct: boolean }> }
export interface Attempt {
  id: string; kind: 'pre' | 'post' | 'exercise'; moduleId: string | null; exerciseId: string | null;
  startedAt: string; submittedAt: string | null; score: number | null; passed: boolean | null;
  items?: TestItem[]; exercise?: ExerciseView; result: (TestResult | CxrResult | { correct: number; total: number; score: number; passed: boolean; steps: unknown[] }) | null;
}
export interface Analysis {
  module: { id: string; title: Bi }; attempts: number;
  items: Array<{ itemId: string; n: number; difficulty: number; discrimination: number | null; pointBiserial: number | null; quality: string; stem: Bi }>;
  gain: { learners: number; preMean: number; postMean: number; meanGain: number; normalisedGain: number | null } | null;
}

export interface CatalogItem { id: string; kind: 'lesson' | 'exercise' | 'post-test'; title: Bi; href: string; module: string | null }
export interface Requirement { toolId: string; items: Array<Omit<CatalogItem, 'module'>>; setAt: string | null }

export const trainingApi = {
  sandbox: () => post<{ facilityId: string; code: string; patients: number }>('/api/training/sandbox'),
  catalog: (signal?: AbortSignal) => get<CatalogItem[]>('/api/training/catalog', undefined, signal),
  requirement: (toolId: string, signal?: AbortSignal) => get<Requirement>(`/api/training/tools/${encodeURIComponent(toolId)}/requirement`, undefined, signal),
  setRequirement: (toolId: string, items: string[]) => api<Requirement>('PUT', `/api/training/tools/${encodeURIComponent(toolId)}/requirement`, { body: { items } }),
  me: (signal?: AbortSignal) => get<Overview>('/api/training/me', undefined, signal),
  lesson: (id: string, signal?: AbortSignal) => get<LessonView>(`/api/training/lessons/${encodeURIComponent(id)}`, undefined, signal),
  completeLesson: (id: string, lang: 'vi' | 'en') => post<{ id: string; done: boolean }>(`/api/training/lessons/${encodeURIComponent(id)}/complete`, { lang }),
  startTest: (moduleId: string, phase: 'pre' | 'post') => post<Attempt>(`/api/training/modules/${encodeURIComponent(moduleId)}/tests`, { phase }),
  attempt: (id: string, signal?: AbortSignal) => get<Attempt>(`/api/training/attempts/${id}`, undefined, signal),
  submitTest: (id: string, answers: Record<string, string[]>) => post<Attempt>(`/api/training/attempts/${id}/submit`, { answers }),
  startExercise: (id: string) => post<Attempt>(`/api/training/exercises/${encodeURIComponent(id)}/attempts`),
  submitExercise: (id: string, body: { calls?: Record<string, boolean>; firstCalls?: Record<string, boolean>; answers?: Record<string, string> }) => post<Attempt>(`/api/training/exercise-attempts/${id}/submit`, body),
  reliance: (signal?: AbortSignal) => get<{ learners: number; overReliance: number | null; underReliance: number | null }>('/api/training/reliance', undefined, signal),
  analysis: (moduleId: string, signal?: AbortSignal) => get<Analysis>(`/api/training/analysis/${encodeURIComponent(moduleId)}`, undefined, signal),
};

// ---- programme management (enrolment, cohort dashboard)
export interface EnrolmentProblem { row: number; field: string; code: string; message: string; messageVi: string }
export type DashFilter = { province?: string; facilityId?: string; role?: string };

export const programmeApi = {
  dashboard: (f: DashFilter, signal?: AbortSignal) => get<{ groups: DashboardGroup[] }>('/api/training/dashboard', f, signal),
  csvHref: (f: DashFilter) => {
    const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as Array<[string, string]>).toString();
    return `/api/training/dashboard.csv${qs ? `?${qs}` : ''}`;
  },
  /**
   * Sends an enrolment file with upload progress (XMLHttpRequest: fetch reports no upload
   * progress). Resolves with the number imported; rejects with ApiError (422 carries the per-row problems in details.errors).
   */
  importCsv: (csv: string, onProgress: (fraction: number) => void) => new Promise<{ imported: number }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/training/enrolments/import');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('x-requested-with', 'yte');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'No connection to the server', 'Không kết nối được máy chủ'));
    xhr.onload = () => {
      let data: Record<string, unknown> = {};
      try { data = JSON.parse(xhr.responseText || '{}'); } catch { /* not JSON */ }
      onProgress(1);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as { imported: number });
      else reject(new ApiError(xhr.status, String(data.code ?? `HTTP_${xhr.status}`), String(data.message ?? xhr.statusText), String(data.messageVi ?? data.message ?? xhr.statusText), data.field as string | undefined, data.details));
    };
    xhr.send(JSON.stringify({ csv }));
  }),
};

// ---- exercises on the real screens (server: training.onscreen.routes.ts)
export interface OnScreenStepView { id: string; situation: Bi; vitals: Record<string, number | string | boolean>; ruleRight?: boolean; expected?: 'accept' | 'override'; explanation?: Bi }
export interface OnScreenExerciseView {
  id: string; title: Bi; instructions: Bi; tool: string; maxMinutesToDecide: number; pass: { minScore: number; maxOverReliance: number };
  lessons: Array<{ id: string; title: Bi }>; steps: OnScreenStepView[]; debrief: Bi | null;
}
export interface OnScreenResult {
  correct: number; total: number; score: number; passed: boolean; ruleWrong: number; followedWrongRule: number; ruleRight: number; rejectedRightRule: number;
  overReliance: number | null; underReliance: number | null;
  steps: Array<{ stepId: string; recorded: boolean; suggestionId: string | null; ruleScore: number | null; decision: 'accept' | 'override' | 'dismiss' | null; reason: string | null; expected: 'accept' | 'override'; ruleRight: boolean; minutesToDecide: number | null; timely: boolean; correct: boolean }>;
}
export interface OnScreenAttempt {
  id: string; exerciseId: string; patientId: string; facilityId: string; startedAt: string; submittedAt: string | null;
  exercise: OnScreenExerciseView; progress: Array<{ stepId: string; recorded: boolean; decided: boolean }> | null; result: OnScreenResult | null;
}
export const onScreenApi = {
  exercise: (id: string, signal?: AbortSignal) => get<OnScreenExerciseView>(`/api/training/onscreen/exercises/${encodeURIComponent(id)}`, undefined, signal),
  start: (id: string) => post<OnScreenAttempt>(`/api/training/onscreen/exercises/${encodeURIComponent(id)}/attempts`),
  attempt: (id: string, signal?: AbortSignal) => get<OnScreenAttempt>(`/api/training/onscreen/attempts/${id}`, undefined, signal),
  submit: (id: string) => post<OnScreenAttempt>(`/api/training/onscreen/attempts/${id}/submit`),
  forPatient: (patientId: string, signal?: AbortSignal) => get<{ attempt: OnScreenAttempt | null }>(`/api/training/onscreen/patients/${patientId}`, undefined, signal),
};
