import { IconBellRinging } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { AlertsPage } from './AlertsPage.tsx';

registerNav({ path: '/alerts', labelKey: 'alerts.nav', icon: IconBellRinging, order: 15, roles: ['nurse', 'doctor', 'station_staff'] });
registerRoute({ path: '/alerts', element: <AlertsPage /> });
