/**
 * Coded concepts for the 14 ChestX-ray14 / CheXNet findings (Wang et al., CVPR 2017; Rajpurkar et
 * al., 2017), for the Finding (121071, DCM) of SRs yte writes. CodeValue is SH (≤ 16 characters,
 * PS3.5 Table 6.2-1), so a label is never turned into a code.
 *
 * Sources (checked 2026-12-07; the DICOM ones are the PS3.16 context groups as published in
 * bvdh/dicom-terminology-in-fhir, the others SNOMED CT International concept ids as used in public
 * FHIR implementation guides):
 *   - DICOM PS3.16 CID 6104 "Abnormal Opacity Finding or Feature": Infiltrate (112121, DCM),
 *     Mass (4147007, SCT), Nodule (27925004, SCT).
 *   - CID 6105 "Abnormal Lucency Finding or Feature": Pneumothorax (36118008, SCT).
 *   - CID 645: Pleural effusion (60046008, SCT).
 *   - SNOMED CT: Atelectasis 46621007, Cardiomegaly 8186001, Pneumonia 233604007, Lung
 *     consolidation 95436008, Pulmonary edema 19242006, Pulmonary emphysema 87433001, Pulmonary
 *     fibrosis 51615001, Diaphragmatic hernia 39839004 (the NIH "Hernia" label is a hernia through
 *     the diaphragm, mostly hiatal).
 *   - Pleural thickening: no concept id could be verified in public material (the id 44608003 that
 *     circulates for it belongs to other concepts in the sources seen), so it is in the private
 *     scheme 99YTE, as are labels no table knows (one "unlisted finding" code, with the label as
 *     CodeMeaning).
 */
import type { Code } from './sr.ts';

const SCT = (value: string, meaning: string): Code => ({ value, scheme: 'SCT', meaning });

export const CHEST_FINDING_CODES: Readonly<Record<string, Code>> = Object.freeze({
  atelectasis: SCT('46621007', 'Atelectasis'),
  cardiomegaly: SCT('8186001', 'Cardiomegaly'),
  effusion: SCT('60046008', 'Pleural effusion'),
  infiltration: { value: '112121', scheme: 'DCM', meaning: 'Infiltrate' },
  mass: SCT('4147007', 'Mass'),
  nodule: SCT('27925004', 'Nodule'),
  pneumonia: SCT('233604007', 'Pneumonia'),
  pneumothorax: SCT('36118008', 'Pneumothorax'),
  consolidation: SCT('95436008', 'Lung consolidation'),
  edema: SCT('19242006', 'Pulmonary edema'),
  emphysema: SCT('87433001', 'Pulmonary emphysema'),
  fibrosis: SCT('51615001', 'Pulmonary fibrosis'),
  pleural_thickening: { value: 'F-0013', scheme: '99YTE', meaning: 'Pleural thickening' },
  hernia: SCT('39839004', 'Diaphragmatic hernia'),
});

/** Private code for a finding label no table knows; the label travels as CodeMeaning. */
export const UNLISTED_FINDING = { value: 'F-9999', scheme: '99YTE' } as const;

const norm = (label: string) => label.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/^pleural_effusion$/, 'effusion').replace(/^oedema$/, 'edema');

/** The coded concept for a finding label (case/spacing-insensitive); never a code built from the label. */
export function findingCode(label: string, given?: { value: string; scheme: string }): Code {
  if (given?.value && given.scheme && given.value.length <= 16) return { value: given.value, scheme: given.scheme, meaning: label.slice(0, 64) };
  return CHEST_FINDING_CODES[norm(label)] ?? { ...UNLISTED_FINDING, meaning: label.trim().slice(0, 64) || 'Unlisted finding' };
}
