import { IconGitMerge } from '@tabler/icons-react';
import { registerHeaderItem, registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { ReviewsPage } from './ReviewsPage.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';

registerHeaderItem({ id: 'sync', Component: SyncIndicator });
registerNav({ path: '/sync/reviews', labelKey: 'sync.review.nav', icon: IconGitMerge, order: 88, roles: ['facility_admin', 'station_staff'] });
registerRoute({ path: '/sync/reviews', element: <ReviewsPage /> });
