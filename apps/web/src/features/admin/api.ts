import { api, get, post } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';

export interface Staff {
  id: string; username: string; fullName: string; roles: Role[]; active: boolean; mustChangePassword: boolean; facilityIds: string[];
  activeSessions: number; lastLoginAt: string | null; createdAt: string; deactivatedAt: string | null; managedHere: boolean;
}
export interface FacilitySettings { phone: string; emergencyNumber: string; dataProtectionContact: string; alertSoundDefault: boolean }
export interface SettingsDoc { facilityId: string; name: string; settings: FacilitySettings; updatedAt: string | null }
export interface Device {
  id: string; facilityId: string; facilityCode: string; bed: string | null; patientId: string | null; patientName: string | null;
  hasKey: boolean; assignedAt: string | null; assignedByName: string | null; lastReadingAt: string | null;
}
export interface AuditEntry {
  seq: number; at: string; userId: string | null; username: string | null; userFullName: string | null; facilityId: string | null; action: string;
  resourceType: string; resourceId: string | null; patientId: string | null; patientName: string | null; outcome: string; details: unknown;
}
export interface AuditPage { items: AuditEntry[]; hasMore: boolean; nextBefore: number | null; actions: string[]; resourceTypes: string[] }
export interface AuditFilter { userId?: string; patientId?: string; action?: string; outcome?: string; from?: string; to?: string; before?: number; limit?: number }

export const ROLE_LIST: Role[] = ['station_staff', 'nurse', 'doctor', 'radiologist', 'facility_admin', 'governance_officer'];

export const adminApi = {
  users: () => get<Staff[]>('/api/admin/users'),
  createUser: (b: { username: string; fullName: string; roles: Role[]; facilityIds: string[] }) => post<{ user: Staff; temporaryPassword: string }>('/api/admin/users', b),
  updateUser: (id: string, b: { roles?: Role[]; fullName?: string; active?: boolean }) => api<Staff>('PATCH', `/api/admin/users/${id}`, { body: b }),
  resetPassword: (id: string) => post<{ temporaryPassword: string; sessionsEnded: number }>(`/api/admin/users/${id}/reset-password`),
  endSessions: (id: string) => post<{ sessionsEnded: number }>(`/api/admin/users/${id}/end-sessions`),
  settings: (facilityId: string) => get<SettingsDoc>(`/api/admin/facilities/${facilityId}/settings`),
  saveSettings: (facilityId: string, b: { name: string; settings: FacilitySettings }) => api<SettingsDoc>('PUT', `/api/admin/facilities/${facilityId}/settings`, { body: b }),
  imagingSettings: (facilityId: string) => get<{ facilityId: string; firstImpressionRequired: boolean }>('/api/imaging/settings', { facilityId }),
  saveImagingSettings: (facilityId: string, firstImpressionRequired: boolean) => api('PUT', '/api/imaging/settings', { body: { facilityId, firstImpressionRequired } }),
  devices: () => get<Device[]>('/api/admin/devices'),
  deviceAction: (id: string, action: 'revoke-key' | 'release') => post<Device>(`/api/admin/devices/${encodeURIComponent(id)}/${action}`),
  registerDevice: (b: { deviceId: string; facilityId: string; bed?: string; patientId: null; apiKey?: string }) => post('/api/devices', b),
  mqtt: () => get<{ mqtt: { received: number; stored: number; rejected: number; malformed: number; topicMismatch: number } | null }>('/api/monitoring/status'),
  audit: (f: AuditFilter) => get<AuditPage>('/api/admin/audit', { ...f }),
};

/** Downloads the data subject's export as a file (the server writes the audit entry). */
export async function downloadPersonalData(patientId: string, reference: string): Promise<string> {
  const res = await fetch(`/api/admin/patients/${patientId}/personal-data-export?${new URLSearchParams({ reference })}`, { credentials: 'same-origin', headers: { 'x-requested-with': 'yte' } });
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { message?: string; messageVi?: string };
    throw new Error(e.messageVi ?? e.message ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'du-lieu-ca-nhan.json';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
