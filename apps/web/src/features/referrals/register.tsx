import { IconArrowsTransferUp } from '@tabler/icons-react';
import { registerNav, registerPatientPanel, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { PatientReferralsPanel, ReferralsPage } from './ReferralsPage.tsx';

registerNav({ path: '/referrals', labelKey: 'referrals.nav', icon: IconArrowsTransferUp, order: 45, roles: ['doctor', 'nurse', 'station_staff'] });
registerRoute({ path: '/referrals', element: <ReferralsPage /> });
registerPatientPanel({ id: 'referrals', order: 60, column: 'main', Component: PatientReferralsPanel });
