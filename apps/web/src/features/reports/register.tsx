import { IconReportAnalytics } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { ReportsPage } from './ReportsPage.tsx';

registerNav({ path: '/reports', labelKey: 'reports.nav', icon: IconReportAnalytics, order: 89, roles: ['facility_admin'] });
registerRoute({ path: '/reports', element: <ReportsPage /> });
