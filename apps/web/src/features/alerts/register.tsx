import { IconBellRinging } from '@tabler/icons-react';
import { registerBanner, registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { AlertsPage } from './AlertsPage.tsx';
import { AlertWatcher, UnackBadge } from './AlertWatcher.tsx';

registerNav({ path: '/alerts', labelKey: 'alerts.nav', icon: IconBellRinging, order: 15, roles: ['nurse', 'doctor', 'station_staff'], Badge: UnackBadge });
registerRoute({ path: '/alerts', element: <AlertsPage /> });
registerBanner({ id: 'alert-watcher', Component: AlertWatcher });
