import { registerHeaderItem } from '../../app/registry.ts';
import './messages.ts';
import { SyncIndicator } from './SyncIndicator.tsx';

registerHeaderItem({ id: 'sync', Component: SyncIndicator });
