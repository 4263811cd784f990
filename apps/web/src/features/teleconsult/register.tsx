import { IconStethoscope } from '@tabler/icons-react';
import { registerNav, registerPatientPanel, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { CallPage } from './CallPage.tsx';
import { ConsultDetailPage, PatientConsultsPanel, TeleconsultListPage } from './TeleconsultPages.tsx';

registerNav({ path: '/teleconsults', labelKey: 'tc.nav', icon: IconStethoscope, order: 44, roles: ['doctor', 'nurse', 'station_staff', 'radiologist'] });
registerRoute({ path: '/teleconsults', element: <TeleconsultListPage /> });
registerRoute({ path: '/teleconsults/:id', element: <ConsultDetailPage /> });
registerRoute({ path: '/teleconsults/:id/call', element: <CallPage /> });
registerPatientPanel({ id: 'teleconsults', order: 58, column: 'main', Component: PatientConsultsPanel });
