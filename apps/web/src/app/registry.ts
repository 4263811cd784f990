/**
 * Extension points. A feature registers its pages, navigation entries and patient-page panels from
 * its own `register.ts`, imported once in features/index.ts — no shared file grows per feature.
 */
import type { ComponentType, ReactNode } from 'react';
import type { Role } from '../api/types.ts';

export interface NavItem {
  path: string;
  /** i18n key of the label */
  labelKey: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** Shown only to these roles (all when omitted). */
  roles?: Role[];
  order: number;
  /** Optional badge (e.g. open alerts count). */
  Badge?: ComponentType;
}

export interface RouteDef {
  path: string;
  element: ReactNode;
}

export interface PatientPanel {
  id: string;
  order: number;
  /** 'top' (full width, under the patient's name: what matters first), 'main' (wide column) or 'side' */
  column: 'top' | 'main' | 'side';
  Component: ComponentType<{ patientId: string; refreshKey: number }>;
}

/** Components shown above every page (e.g. a kill-switch banner). */
export interface Banner {
  id: string;
  Component: ComponentType;
}

export const navItems: NavItem[] = [];
export const routes: RouteDef[] = [];
export const patientPanels: PatientPanel[] = [];
export const banners: Banner[] = [];
/** Pages shown without a login (certificate verification from a QR code, the patient chat widget). */
export const publicRoutes: RouteDef[] = [];

export const registerNav = (item: NavItem) => navItems.push(item);
export const registerRoute = (r: RouteDef) => routes.push(r);
export const registerPatientPanel = (p: PatientPanel) => patientPanels.push(p);
export const registerBanner = (b: Banner) => banners.push(b);
/** Small status items in the header (e.g. the station's sync state). */
export const headerItems: Banner[] = [];
export const registerHeaderItem = (b: Banner) => headerItems.push(b);
export const registerPublicRoute = (r: RouteDef) => publicRoutes.push(r);
