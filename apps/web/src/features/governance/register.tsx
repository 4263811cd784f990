import { IconShieldCheck } from '@tabler/icons-react';
import { registerBanner, registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { IncidentsPage, RegistryPage, SuspensionBanner, ToolPage } from './GovernancePages.tsx';
import { RegisterToolPage } from './RegisterToolPage.tsx';

registerNav({ path: '/governance', labelKey: 'nav.governance', icon: IconShieldCheck, order: 80 });
registerRoute({ path: '/governance', element: <RegistryPage /> });
registerRoute({ path: '/governance/register', element: <RegisterToolPage /> });
registerRoute({ path: '/governance/tools/:id', element: <ToolPage /> });
registerRoute({ path: '/governance/incidents', element: <IncidentsPage /> });
registerBanner({ id: 'governance-suspensions', Component: SuspensionBanner });
