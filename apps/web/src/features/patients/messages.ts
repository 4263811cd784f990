import { registerMessages } from '../../i18n/index.tsx';

registerMessages({
  vi: {
    'vitals.news2Points': '{n} điểm NEWS2',
  },
  en: {
    'vitals.news2Points': 'NEWS2 {n} points',
  },
});
