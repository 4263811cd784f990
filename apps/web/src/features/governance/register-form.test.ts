import { describe, expect, it } from 'vitest';
import { emptyValues, formFieldOf, toolBody } from './register-form.ts';

describe('register-a-tool form', () => {
  it('builds the API body: trimmed, lists one per line, empty optional fields left out', () => {
    const v = {
      ...emptyValues(), id: ' sepsis-ews ', name: 'Sepsis early warning', version: '2.1', developer: 'Khoa Hồi sức', summary: 'Flags sepsis risk',
      intendedUse: 'Adult inpatients', outOfScope: 'Children\n\n  Pregnancy  \n', warnings: 'Not validated in ICU', riskTier: 'high' as const,
      riskRationale: 'Drives escalation', licence: 'In-house', portalStatus: 'submitted' as const, portalDate: '2026-11-20', portalReference: 'AI-VN-7',
      usefulness: 'AUROC 0.86 (n=1,200)', claimAuroc: 0.86, claimSensitivity: '', threshold: 0.3,
    };
    const b = toolBody(v);
    expect(b).toMatchObject({ id: 'sepsis-ews', version: '2.1', riskTier: 'high', portalNotification: { status: 'submitted', date: '2026-11-20', referenceNumber: 'AI-VN-7' } });
    expect(b.releasedAt).toBeUndefined();
    expect(b.modelCard.outOfScope).toEqual(['Children', 'Pregnancy']);
    expect(b.modelCard.basicInfo).toEqual({ developer: 'Khoa Hồi sức' });
    expect(b.modelCard.keyMetrics).toEqual({ usefulnessEfficacy: [{ metric: 'AUROC 0.86 (n=1,200)' }], fairnessEquity: [], safetyReliability: [] });
    expect(b.settings).toEqual({ threshold: 0.3, claims: { auroc: 0.86 } });
    expect(b.changePlan).toBeUndefined();
    expect(toolBody({ ...v, planVersions: '2.1.1, 2.1.2 ,', planDescription: 'recalibration' }).changePlan).toEqual({ coversVersions: ['2.1.1', '2.1.2'], description: 'recalibration' });
  });
  it('puts a server error on the field it names, or on the nearest one above it', () => {
    expect(formFieldOf('modelCard.usesAndDirections.intendedUse', 'INTENDED_USE_REQUIRED')).toBe('intendedUse');
    expect(formFieldOf('modelCard.outOfScope.2', 'VALIDATION_FAILED')).toBe('outOfScope');
    expect(formFieldOf('portalNotification.referenceNumber', 'PORTAL_REFERENCE_REQUIRED')).toBe('portalReference');
    expect(formFieldOf(undefined, 'TOOL_EXISTS')).toBe('id');
    expect(formFieldOf('nonsense', 'X')).toBeNull();
    expect(formFieldOf(undefined, 'INTERNAL')).toBeNull();
  });
});
