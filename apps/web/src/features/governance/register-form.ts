/** The register-a-tool form's values, the request body made from them, and where server errors land. Pure. */
import type { NewTool, PortalStatus } from './api.ts';
import { decimalOrUndefined } from '../../lib/decimal.ts';

export const TOOL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export type Num = number | string;
export interface RegisterValues {
  id: string; name: string; kind: NewTool['kind']; version: string; releasedAt: string;
  developer: string; architecture: string; inputs: string; outputs: string; approval: string;
  summary: string; intendedUse: string; intendedUsers: string; population: string; outOfScope: string; warnings: string;
  riskTier: '' | NewTool['riskTier']; riskRationale: string;
  licence: string; portalStatus: PortalStatus; portalDate: string; portalReference: string;
  trainingData: string; evaluation: string; fairnessAssessment: string; usefulness: string; fairnessMetrics: string; safetyMetrics: string;
  claimAuroc: Num; claimSensitivity: Num; claimSpecificity: Num; threshold: Num;
  planVersions: string; planDescription: string;
}

/** The server's field path → the form field showing its error. */
const SERVER_FIELD: Record<string, keyof RegisterValues> = {
  id: 'id', name: 'name', kind: 'kind', version: 'version', releasedAt: 'releasedAt', riskTier: 'riskTier', riskRationale: 'riskRationale', licence: 'licence',
  'modelCard.basicInfo': 'developer', 'modelCard.summary': 'summary', 'modelCard.usesAndDirections': 'intendedUse', 'modelCard.usesAndDirections.intendedUse': 'intendedUse',
  'modelCard.outOfScope': 'outOfScope', 'modelCard.warnings': 'warnings', 'modelCard.trustIngredients': 'trainingData', 'modelCard.keyMetrics': 'usefulness',
  'portalNotification.date': 'portalDate', 'portalNotification.referenceNumber': 'portalReference', 'portalNotification.status': 'portalStatus',
  'settings.threshold': 'threshold', 'settings.claims.auroc': 'claimAuroc', 'settings.claims.sensitivity': 'claimSensitivity', 'settings.claims.specificity': 'claimSpecificity',
  'changePlan.coversVersions': 'planVersions', 'changePlan.description': 'planDescription',
};
/** The nearest mapped field of a server path (array items such as "modelCard.outOfScope.0" map to their list). */
export function formFieldOf(path: string | undefined, code: string): keyof RegisterValues | null {
  if (code === 'TOOL_EXISTS') return 'id';
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const f = SERVER_FIELD[p];
    if (f) return f;
  }
  return null;
}

const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const present = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
const num = (v: Num) => decimalOrUndefined(v);

/** The request body from the form's values (empty optional fields left out). */
export function toolBody(v: RegisterValues): NewTool {
  const claims = Object.fromEntries(([['auroc', v.claimAuroc], ['sensitivity', v.claimSensitivity], ['specificity', v.claimSpecificity]] as const)
    .map(([k, x]) => [k, num(x)]).filter(([, x]) => x !== undefined));
  const threshold = num(v.threshold);
  const settings = { ...(threshold !== undefined ? { threshold } : {}), ...(Object.keys(claims).length ? { claims } : {}) };
  return {
    id: v.id.trim(), name: v.name.trim(), kind: v.kind, version: v.version.trim(), ...(v.releasedAt ? { releasedAt: v.releasedAt } : {}),
    riskTier: v.riskTier as NewTool['riskTier'], riskRationale: v.riskRationale.trim(), licence: v.licence.trim(),
    modelCard: {
      basicInfo: present({ developer: v.developer, architecture: v.architecture, inputs: v.inputs, outputs: v.outputs }),
      releaseInfo: present({ version: v.version, releaseDate: v.releasedAt, regulatoryApproval: v.approval }),
      summary: v.summary.trim(),
      usesAndDirections: present({ intendedUse: v.intendedUse, intendedUsers: v.intendedUsers, patientPopulation: v.population }),
      outOfScope: lines(v.outOfScope),
      warnings: lines(v.warnings),
      trustIngredients: present({ trainingData: v.trainingData, evaluation: v.evaluation, fairnessAssessment: v.fairnessAssessment }),
      keyMetrics: {
        usefulnessEfficacy: lines(v.usefulness).map((metric) => ({ metric })),
        fairnessEquity: lines(v.fairnessMetrics).map((metric) => ({ metric })),
        safetyReliability: lines(v.safetyMetrics).map((metric) => ({ metric })),
      },
    },
    portalNotification: { status: v.portalStatus, date: v.portalDate, referenceNumber: v.portalReference.trim() },
    ...(Object.keys(settings).length ? { settings } : {}),
    ...(v.planVersions.trim() ? { changePlan: { coversVersions: v.planVersions.split(',').map((x) => x.trim()).filter(Boolean), description: v.planDescription.trim() } } : {}),
  };
}

const today = () => new Date().toISOString().slice(0, 10);
export const emptyValues = (): RegisterValues => ({
  id: '', name: '', kind: 'model', version: '', releasedAt: '', developer: '', architecture: '', inputs: '', outputs: '', approval: '',
  summary: '', intendedUse: '', intendedUsers: '', population: '', outOfScope: '', warnings: '', riskTier: '', riskRationale: '',
  licence: '', portalStatus: 'pending', portalDate: today(), portalReference: '', trainingData: '', evaluation: '', fairnessAssessment: '',
  usefulness: '', fairnessMetrics: '', safetyMetrics: '', claimAuroc: '', claimSensitivity: '', claimSpecificity: '', threshold: '',
  planVersions: '', planDescription: '',
});
