/** Governance API calls (server: apps/server/src/modules/governance). */
import { get, post } from '../../api/client.ts';

export type Stage = 'sandbox' | 'shadow' | 'pilot' | 'general' | 'suspended' | 'retired';
export interface Tool {
  id: string; name: string; kind: string; currentVersion: string; riskTier: 'low' | 'medium' | 'high'; riskRationale: string; licence: string;
  modelCard: Record<string, unknown>; portalNotification: { date: string; referenceNumber: string; status: string } | null; stage: Stage;
  changePlan: { coversVersions: string[]; description: string } | null;
  facilityStages: Array<{ facilityId: string; stage: Stage; reason: string; changedAt: string }>;
}
export interface StageDecision { id: string; toolVersion: string; facilityId: string | null; fromStage: string | null; toStage: string; reason: string; performanceReportId: string | null; decidedByName: string | null; decidedAt: string; automatic: boolean }
export interface ToolDetail extends Tool { versions: Array<{ version: string; releasedAt: string | null; notes: string; recordedAt: string }>; stageHistory: StageDecision[] }
export interface Prop { estimate: number | null; lower: number | null; upper: number | null; x: number; n: number }
export interface PerfReport {
  n: number; positives: number; negatives: number; threshold: number;
  metrics: { sensitivity: Prop; specificity: Prop; ppv: Prop; npv: Prop; accuracy: Prop };
  auroc: { estimate: number | null; lower: number | null; upper: number | null };
  roc: { points: Array<{ fpr: number; tpr: number; threshold: number | null }> };
  calibration: { brier: number; ece: number; bins: Array<{ meanPredicted: number | null; observed: Prop; count: number }> } | null;
  fairness: Array<{ column: string; reference: string; band: [number, number]; groups: Array<{ group: string; n: number; status: string; reason?: string; metrics: { sensitivity: Prop; specificity: Prop } }> }>;
  drift: { score: { psi: number; ks: { statistic: number; p: number }; js: number; nBaseline: number; nCurrent: number } | null } | null;
}
export type ClaimMetric = 'sensitivity' | 'specificity' | 'ppv' | 'npv' | 'accuracy' | 'auroc';
export interface Performance {
  n: number; report: PerfReport | null; claims: Partial<Record<ClaimMetric, number>>; claimsSource: string | null;
  alerts: Array<{ severity: string; message: string; rule: string; metric: string; observed: number | null; limit: number | null }>; autoSuspended: boolean; note: string | null; cached?: boolean;
}
export type PortalStatus = 'not_required' | 'pending' | 'submitted' | 'acknowledged';
/** POST /api/governance/tools (the server's ToolBody). */
export interface NewTool {
  id: string; name: string; kind: 'rule' | 'model' | 'vendor'; version: string; releasedAt?: string; riskTier: Tool['riskTier']; riskRationale: string; licence: string;
  modelCard: {
    basicInfo: Record<string, string>; releaseInfo: Record<string, string>; summary: string; usesAndDirections: Record<string, string>;
    outOfScope: string[]; warnings: string[]; trustIngredients: Record<string, string>;
    keyMetrics: { usefulnessEfficacy: Array<{ metric: string }>; fairnessEquity: Array<{ metric: string }>; safetyReliability: Array<{ metric: string }> };
  };
  portalNotification: { date: string; referenceNumber: string; status: PortalStatus } | null;
  settings?: { threshold?: number; claims?: Partial<Record<ClaimMetric, number>> };
  changePlan?: { coversVersions: string[]; description: string } | null;
}
export interface VersionAdded { toolId: string; version: string; coveredByChangePlan: boolean; restartedAtSandbox: string[] }
export interface Banner { toolId: string; toolName: string; reason: string; since: string; facilityId: string | null; facilityName: string | null; message: string; messageVi: string }
export type SuspensionScope = 'facility' | 'global';
export interface GovernanceNotification {
  id: string; kind: string; toolId: string; toolName: string; facilityId: string | null; facilityName: string | null; incidentId: string | null;
  message: string; messageVi: string; createdByName: string | null; createdAt: string; acknowledgedAt: string | null;
}
export interface Incident { id: string; toolId: string; toolName: string; harm: string; serious: boolean; description: string; reportedAt: string; notifyDeadline: string | null; notifiedAt: string | null; overdue: boolean; suspendedTool: boolean; suspensionScope: SuspensionScope | null; facilityId: string | null; reporterName: string }

const B = '/api/governance';
export const governanceApi = {
  tools: (signal?: AbortSignal) => get<Tool[]>(`${B}/tools`, undefined, signal),
  tool: (id: string, signal?: AbortSignal) => get<ToolDetail>(`${B}/tools/${encodeURIComponent(id)}`, undefined, signal),
  register: (body: NewTool) => post<ToolDetail>(`${B}/tools`, body),
  addVersion: (id: string, body: { version: string; releasedAt?: string; notes: string }) => post<VersionAdded>(`${B}/tools/${encodeURIComponent(id)}/versions`, body),
  performance: (id: string, label?: string, signal?: AbortSignal) => get<Performance>(`${B}/tools/${encodeURIComponent(id)}/performance`, { label }, signal),
  changeStage: (id: string, body: { stage: Stage; reason: string; performanceReportId?: string; facilityId?: string }) => post<unknown>(`${B}/tools/${encodeURIComponent(id)}/stage`, body),
  suspend: (id: string, reason: string) => post<unknown>(`${B}/tools/${encodeURIComponent(id)}/suspend`, { reason }),
  banners: (signal?: AbortSignal) => get<Banner[]>(`${B}/banners`, undefined, signal),
  incidents: (signal?: AbortSignal) => get<Incident[]>(`${B}/incidents`, undefined, signal),
  reportIncident: (body: { toolId: string; description: string; harm: string; suspendTool?: boolean; facilityId?: string; suspensionScope?: SuspensionScope }) => post<Incident>(`${B}/incidents`, body),
  notifications: (open: boolean, signal?: AbortSignal) => get<GovernanceNotification[]>(`${B}/notifications`, { open }, signal),
  acknowledgeNotification: (id: string) => post<void>(`${B}/notifications/${encodeURIComponent(id)}/ack`),
  reportUrl: (id: string, lang: 'vi' | 'en', label?: string) => `${B}/tools/${encodeURIComponent(id)}/report.pdf?lang=${lang}${label ? `&label=${encodeURIComponent(label)}` : ''}`,
};
