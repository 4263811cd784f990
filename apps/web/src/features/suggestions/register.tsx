import { registerPatientPanel } from '../../app/registry.ts';
import './messages.ts';
import { SuggestionsPanel } from './SuggestionsPanel.tsx';

registerPatientPanel({ id: 'suggestions', order: 1, column: 'main', Component: SuggestionsPanel });
