// Each feature registers its routes, navigation and panels. One line per feature.
import './patients/register.tsx';
import './imaging/register.tsx';
import './governance/register.tsx';
import './suggestions/register.tsx';
import './chart/register.tsx';
import './screening/register.tsx';
import './triage/register.tsx';
import './appointments/register.tsx';
import './alerts/register.tsx';
import './badges/register.tsx';
import './assistant/register.tsx';
import './training/register.tsx';
import './claims/register.tsx';
import './sync/register.tsx';
import './referrals/register.tsx';
import './network/register.tsx';
