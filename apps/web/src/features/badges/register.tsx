import { IconCertificate } from '@tabler/icons-react';
import { registerNav, registerPublicRoute, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { BadgesPage } from './BadgesPage.tsx';
import { VerifyPage } from './VerifyPage.tsx';

registerNav({ path: '/badges', labelKey: 'badges.nav', icon: IconCertificate, order: 85 });
registerRoute({ path: '/badges', element: <BadgesPage /> });
// Public: a certificate's QR code opens /verify/<id>; no login.
registerPublicRoute({ path: '/verify', element: <VerifyPage /> });
registerPublicRoute({ path: '/verify/:id', element: <VerifyPage /> });
