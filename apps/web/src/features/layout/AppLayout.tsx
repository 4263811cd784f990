import { AppShell, Avatar, Badge, Box, VisuallyHidden, Burger, Button, Divider, Group, Menu, NavLink, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingHospital, IconChevronDown, IconHome2, IconLanguage, IconLogout } from '@tabler/icons-react';
import type { Facility } from '../../api/types.ts';
import { type ReactNode, useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { banners, headerItems, navItems } from '../../app/registry.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/AuthContext.tsx';
import { Logo } from './Logo.tsx';

export function AppLayout({ children }: { children: ReactNode }) {
  const [opened, { toggle }] = useDisclosure();
  const { user, logout } = useAuth();
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  // The page title follows the section (screen readers announce it; tabs and history are told apart).
  const section = navItems.filter((n) => location.pathname === n.path || location.pathname.startsWith(`${n.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
  const sectionTitle = section ? t(section.labelKey) : '';
  useEffect(() => {
    document.title = sectionTitle ? `${sectionTitle} · yte` : 'yte';
  }, [sectionTitle]);
  if (!user) return null;
  const items = navItems
    .filter((n) => !n.roles || n.roles.some((r) => user.roles.includes(r)))
    .sort((a, b) => a.order - b.order);
  const initials = user.fullName.split(' ').slice(-2).map((w) => w[0]).join('');

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Logo />
          </Group>
          <Group gap="md" wrap="nowrap">
            {headerItems.map((h) => <h.Component key={h.id} />)}
            <FacilityIndicator facilities={user.facilities} />
            <Divider orientation="vertical" visibleFrom="md" />
            <Button variant="subtle" size="compact-sm" leftSection={<IconLanguage size={16} />} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} data-testid="lang-switch">
              {t('lang.switch')}
            </Button>
            <Menu position="bottom-end" width={260}>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar color="teal" radius="xl" size={34} aria-label={user.fullName}>{initials}</Avatar>
                    <Box visibleFrom="xs">
                    <div style={{ lineHeight: 1.1 }}>
                      <Text size="sm" fw={600}>{user.fullName}</Text>
                      <Text size="xs" c="dark.4">{user.roles.map((r) => t(`role.${r}`)).join(', ')}</Text>
                    </div>
                    </Box>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('patient.facility')}</Menu.Label>
                {user.facilities.map((f) => (
                  <Menu.Item key={f.id} disabled>
                    <Text size="sm">{f.name}</Text>
                  </Menu.Item>
                ))}
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void logout()} data-testid="logout">
                  {t('logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {items.map((n) => (
              <NavLink
                key={n.path}
                component={Link}
                to={n.path}
                label={t(n.labelKey)}
                leftSection={<n.icon size={20} stroke={1.6} />}
                rightSection={n.Badge ? <n.Badge /> : null}
                active={section?.path === n.path} // the longest matching entry only (/admin/users, not also /admin)
                variant="light"
                color="teal"
                data-testid={`nav-${n.path.replace(/\//g, '')}`}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="xs" pb={4}>
            {t('footer.version', { v: __APP_VERSION__ })}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Stack gap="md">
          {/* One h1 per page, naming the section; the page's own heading follows as h2. */}
          <VisuallyHidden component="h1">{sectionTitle || t('app.name')}</VisuallyHidden>
          {banners.map((b) => (
            <b.Component key={b.id} />
          ))}
          {children}
        </Stack>
      </AppShell.Main>
    </AppShell>
  );
}

const facilityIcon = (f: Facility) => (f.kind === 'hospital' ? IconBuildingHospital : IconHome2);

/** The facility (or facilities) whose records this user sees; every list is scoped to them by the server. */
function FacilityIndicator({ facilities }: { facilities: Facility[] }) {
  const { t } = useI18n();
  const first = facilities[0];
  if (!first) return null;
  const Icon = facilityIcon(first);
  const label = (
    <Group gap={6} wrap="nowrap" data-testid="header-facility" visibleFrom="md">
      <Icon size={18} color="var(--mantine-color-teal-7)" />
      <div style={{ lineHeight: 1.15 }}>
        <Text size="xs" c="dimmed">{t('facility.current')}</Text>
        <Text size="sm" fw={500} maw={300} truncate>
          {first.name}
          {facilities.length > 1 && (
            <Badge ml={6} size="xs" variant="light" color="gray" component="span">
              +{facilities.length - 1}
            </Badge>
          )}
        </Text>
      </div>
    </Group>
  );
  if (facilities.length === 1) return label;
  return (
    <Tooltip multiline w={320} withArrow label={facilities.map((f) => f.name).join(' · ')}>
      {label}
    </Tooltip>
  );
}
