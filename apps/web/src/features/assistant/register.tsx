import { IconMessageChatbot, IconSparkles } from '@tabler/icons-react';
import { registerNav, registerPatientPanel, registerPublicRoute, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { AssistantAdminPage } from './AssistantAdminPage.tsx';
import { ChatWidget } from './ChatWidget.tsx';
import { PatientAssistantPanel } from './PatientAssistant.tsx';
import { StaffAssistantPage } from './StaffAssistantPage.tsx';

registerNav({ path: '/assistant', labelKey: 'nav.assistant', icon: IconMessageChatbot, order: 60, roles: ['facility_admin'] });
registerRoute({ path: '/assistant', element: <AssistantAdminPage /> });
registerPublicRoute({ path: '/chat/:facilityId', element: <ChatWidget /> });
registerNav({ path: '/staff-assistant', labelKey: 'nav.staffAssistant', icon: IconSparkles, order: 61, roles: ['station_staff', 'nurse', 'doctor', 'radiologist', 'facility_admin'] });
registerRoute({ path: '/staff-assistant', element: <StaffAssistantPage /> });
registerPatientPanel({ id: 'staff-assistant', order: 65, column: 'main', Component: PatientAssistantPanel });
