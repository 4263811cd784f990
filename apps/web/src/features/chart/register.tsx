import { registerPatientPanel } from '../../app/registry.ts';
import { ClinicalSummary } from './ClinicalSummary.tsx';
import { LabFlagsPanel } from './LabFlagsPanel.tsx';
import './messages.ts';
import { News2Chart } from './News2Chart.tsx';

registerPatientPanel({ id: 'news2', order: 10, column: 'main', Component: News2Chart });
registerPatientPanel({ id: 'lab-flags', order: 20, column: 'main', Component: LabFlagsPanel });
registerPatientPanel({ id: 'clinical-summary', order: 0, column: 'top', Component: ClinicalSummary });
