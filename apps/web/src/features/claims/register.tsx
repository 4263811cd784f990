import { IconReceipt } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { ClaimsPage } from './ClaimsPage.tsx';

registerNav({ path: '/claims', labelKey: 'claims.nav', icon: IconReceipt, order: 88, roles: ['facility_admin'] });
registerRoute({ path: '/claims', element: <ClaimsPage /> });
