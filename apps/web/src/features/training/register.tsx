import { IconSchool } from '@tabler/icons-react';
import { registerNav, registerRoute } from '../../app/registry.ts';
import './messages.ts';
import { AnalysisPage } from './AnalysisPage.tsx';
import { ExercisePage } from './ExercisePage.tsx';
import { LessonPage } from './LessonPage.tsx';
import { StartTestPage, TestPage } from './TestPage.tsx';
import { TrainingHome } from './TrainingHome.tsx';

registerNav({ path: '/training', labelKey: 'nav.training', icon: IconSchool, order: 90 });
registerNav({ path: '/training/analysis', labelKey: 'training.analysis', icon: IconSchool, order: 91, roles: ['facility_admin', 'governance_officer'] });
registerRoute({ path: '/training', element: <TrainingHome /> });
registerRoute({ path: '/training/lessons/:id', element: <LessonPage /> });
registerRoute({ path: '/training/modules/:id/:phase', element: <StartTestPage /> });
registerRoute({ path: '/training/attempts/:id', element: <TestPage /> });
registerRoute({ path: '/training/exercises/:id', element: <ExercisePage /> });
registerRoute({ path: '/training/analysis', element: <AnalysisPage /> });
