import { registerPatientPanel, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { ScreeningPage } from './ScreeningPage.tsx';
import { ScreeningPanel } from './ScreeningPanel.tsx';

registerRoute({ path: '/patients/:id/screening', element: <ScreeningPage /> });
registerPatientPanel({ id: 'screening', order: 5, column: 'side', Component: ScreeningPanel });
