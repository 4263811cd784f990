import { IconCash } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { CashierPage } from './CashierPage.tsx';

registerNav({ path: '/cashier', labelKey: 'cashier.nav', icon: IconCash, order: 87, roles: ['facility_admin', 'station_staff'] });
registerRoute({ path: '/cashier', element: <CashierPage /> });
