import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import { Center, createTheme, Loader, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { routes } from './app/registry.ts';
import './features/index.ts';
import { AuthProvider, useAuth } from './features/auth/AuthContext.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { AppLayout } from './features/layout/AppLayout.tsx';
import { I18nProvider } from './i18n/index.tsx';

const theme = createTheme({
  primaryColor: 'teal',
  fontFamily: '"Noto Sans", "Segoe UI", Roboto, Arial, sans-serif',
  defaultRadius: 'md',
  headings: { fontWeight: '700' },
});

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
        <Route path="*" element={<Navigate to="/patients" replace />} />
      </Routes>
    </AppLayout>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <I18nProvider>
        <AuthProvider>
          <BrowserRouter>
            <Shell />
          </BrowserRouter>
        </AuthProvider>
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
