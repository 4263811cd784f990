import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import './lib/a11y.css';
import 'dayjs/locale/vi';
import { DatesProvider } from '@mantine/dates';
import { Center, type CSSVariablesResolver, createTheme, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { homeFor } from './app/home.ts';
import { publicRoutes, routes } from './app/registry.ts';
import './features/index.ts';
import { AuthProvider, useAuth } from './features/auth/AuthContext.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { SystemNotice } from './features/system/SystemNotice.tsx';
import { AppLayout } from './features/layout/AppLayout.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';

const theme = createTheme({
  primaryColor: 'teal',
  // teal 9 under white text and as text on white: contrast ≥ 4.5:1 (teal 6 was 2.5:1; issue 15, point 13).
  primaryShade: 9,
  fontFamily: '"Noto Sans", "Segoe UI", Roboto, Arial, sans-serif',
  defaultRadius: 'md',
  headings: { fontWeight: '700' },
});

/**
 * Text of the primary colour's "light" variant (active navigation item, avatar, light buttons and
 * badges). Mantine draws it in teal 6 on a 10 % teal tint, about 2.3:1; a darker teal gives 6.4:1
 * (WCAG 2.1 AA needs 4.5:1; axe checks it in ux-axe.spec.ts). An explicit shade ("teal.9") is no
 * way out: Mantine then fills the background with that shade and keeps the text colour, so the
 * label vanishes.
 */
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-teal-light-color': '#066649' },
  dark: {},
});

/** Calendars follow the UI language; weeks start on Monday in Vietnam. */
function LocalizedDates({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return <DatesProvider settings={{ locale: lang, firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}

function Shell() {
  const { user, loading } = useAuth();
  if (loading) return <Center mih="100vh"><Loader /></Center>;
  if (!user) return <LoginPage />;
  return (
    <AppLayout>
      <Routes>
        {routes.map((r) => (
          <Route key={r.path} path={r.path} element={r.element} />
        ))}
        <Route path="*" element={<Navigate to={homeFor(user.roles)} replace />} />
      </Routes>
    </AppLayout>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
        <I18nProvider>
          {/* Inside the router and i18n so that notifications may hold links and translated text. */}
          <Notifications position="bottom-right" />
          <SystemNotice />
          <LocalizedDates>
            <AuthProvider>
              <Routes>
                {publicRoutes.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
                <Route path="*" element={<Shell />} />
              </Routes>
            </AuthProvider>
          </LocalizedDates>
        </I18nProvider>
      </MantineProvider>
    </BrowserRouter>
  </StrictMode>,
);
