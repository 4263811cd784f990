import { IconDrone } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { DronesPage } from './DronesPage.tsx';

registerNav({ path: '/drones', labelKey: 'drones.nav', icon: IconDrone, order: 47, roles: ['doctor', 'nurse', 'station_staff', 'facility_admin'] });
registerRoute({ path: '/drones', element: <DronesPage /> });
