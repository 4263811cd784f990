import { IconPhotoScan } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { ViewerPage } from './ViewerPage.tsx';
import { WorklistPage } from './WorklistPage.tsx';

registerNav({ path: '/imaging', labelKey: 'nav.imaging', icon: IconPhotoScan, order: 30, roles: ['doctor', 'radiologist', 'facility_admin', 'nurse'] });
registerRoute({ path: '/imaging', element: <WorklistPage /> });
registerRoute({ path: '/imaging/:id', element: <ViewerPage /> });
