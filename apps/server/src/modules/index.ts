/**
 * Every feature module's routes, in registration order. A new module adds one line here (and its
 * migration file in db/migrations with the next free number).
 */
import type { RoutePlugin } from '../lib/http.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { assistantRoutes } from './assistant/assistant.routes.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { badgeRoutes } from './badges/badges.routes.ts';
import { cashierRoutes } from './cashier/cashier.routes.ts';
import { claimRoutes } from './claims/claims.routes.ts';
import { decisionModule } from './decision/decision.module.ts';
import { encounterRoutes } from './encounters/encounters.routes.ts';
import { facilityRoutes } from './facilities/facilities.routes.ts';
import { fhirRoutes } from './fhir/fhir.routes.ts';
import { governanceRoutes } from './governance/governance.routes.ts';
import { imagingModule } from './imaging/imaging.module.ts';
import { logisticsRoutes } from './logistics/logistics.routes.ts';
import { oauthModule } from './oauth/oauth.routes.ts';
import { networkRoutes } from './network/network.routes.ts';
import { opsRoutes } from './ops/ops.routes.ts';
import { monitoringRoutes } from './monitoring/monitoring.routes.ts';
import { patientRoutes } from './patients/patients.routes.ts';
import { screeningRoutes } from './screening/screening.routes.ts';
import { referralRoutes } from './referrals/referrals.routes.ts';
import { reportRoutes } from './reports/reports.routes.ts';
import { systemRoutes } from './system/system.routes.ts';
import { syncRoutes } from './sync/sync.routes.ts';
import { teleconsultRoutes } from './teleconsult/teleconsult.routes.ts';
import { suggestionRoutes } from './suggestions/suggestions.routes.ts';
import { trainingRoutes } from './training/training.routes.ts';
import { trainingOfflineRoutes } from './training/training.offline.routes.ts';
import { trainingOnScreenRoutes } from './training/training.onscreen.routes.ts';
import { triageRoutes } from './triage/triage.routes.ts';
import { xapiRoutes } from './xapi/xapi.routes.ts';

export const MODULES: Array<{ routes: RoutePlugin; prefix: string }> = [
  { routes: authRoutes, prefix: '/api/auth' },
  { routes: facilityRoutes, prefix: '/api/facilities' },
  { routes: patientRoutes, prefix: '/api/patients' },
  { routes: encounterRoutes, prefix: '/api' },
  { routes: suggestionRoutes, prefix: '/api' },
  { routes: decisionModule, prefix: '/api' },
  { routes: screeningRoutes, prefix: '/api' },
  { routes: referralRoutes, prefix: '/api' },
  { routes: triageRoutes, prefix: '/api' },
  { routes: monitoringRoutes, prefix: '/api' },
  { routes: fhirRoutes, prefix: '/fhir/R4' },
  { routes: imagingModule, prefix: '' },
  { routes: governanceRoutes, prefix: '/api/governance' },
  { routes: badgeRoutes, prefix: '/api/badges' },
  { routes: xapiRoutes, prefix: '/xapi' },
  { routes: assistantRoutes, prefix: '/api/assistant' },
  { routes: trainingRoutes, prefix: '/api/training' },
  { routes: trainingOfflineRoutes, prefix: '/api/training' },
  { routes: trainingOnScreenRoutes, prefix: '/api/training' },
  { routes: claimRoutes, prefix: '/api' },
  { routes: cashierRoutes, prefix: '/api' },
  { routes: reportRoutes, prefix: '/api/reports' },
  { routes: oauthModule, prefix: '' },
  { routes: systemRoutes, prefix: '/api/system' },
  { routes: syncRoutes, prefix: '/api/sync' },
  { routes: teleconsultRoutes, prefix: '/api' },
  { routes: adminRoutes, prefix: '/api/admin' },
  { routes: logisticsRoutes, prefix: '/api' },
  { routes: networkRoutes, prefix: '/api/network' },
  { routes: opsRoutes, prefix: '' },
];
