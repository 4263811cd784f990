import { IconMapPin } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { NationalPage, ProvincePage } from './NetworkPages.tsx';

registerNav({ path: '/network', labelKey: 'network.nav', icon: IconMapPin, order: 85, roles: ['governance_officer', 'facility_admin'] });
registerRoute({ path: '/network', element: <NationalPage /> });
registerRoute({ path: '/network/:code', element: <ProvincePage /> });
