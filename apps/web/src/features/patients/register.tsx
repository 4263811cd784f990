import { IconUsers } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import { PatientListPage } from './PatientListPage.tsx';
import { PatientPage } from './PatientPage.tsx';
import './messages.ts';

registerNav({ path: '/patients', labelKey: 'nav.patients', icon: IconUsers, order: 10, roles: ['station_staff', 'nurse', 'doctor', 'radiologist', 'facility_admin'] });
registerRoute({ path: '/patients', element: <PatientListPage /> });
registerRoute({ path: '/patients/:id', element: <PatientPage /> });
