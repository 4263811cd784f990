import { IconFirstAidKit } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { TriagePage } from './TriagePage.tsx';

registerNav({ path: '/triage', labelKey: 'nav.triage', icon: IconFirstAidKit, order: 15, roles: ['station_staff', 'nurse', 'doctor', 'facility_admin'] });
registerRoute({ path: '/triage', element: <TriagePage /> });
