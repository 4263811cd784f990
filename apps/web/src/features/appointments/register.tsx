import { IconCalendarEvent } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import '../triage/messages.ts';
import { AppointmentsPage } from './AppointmentsPage.tsx';
import './messages.ts';

registerNav({ path: '/appointments', labelKey: 'nav.appointments', icon: IconCalendarEvent, order: 16, roles: ['station_staff', 'nurse', 'doctor', 'facility_admin'] });
registerRoute({ path: '/appointments', element: <AppointmentsPage /> });
