// The console's sections: where each lives (#/<id>), what it is called and the capability that shows it. The
// navigation lists only the sections the signed-in user's capabilities allow; main enforces the same rules again.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Capability } from '../../../shared/ipc/capabilities';

export interface Section {
  id: string;
  label: string;
  icon: string;
  /** null: every staff member (the connection settings). */
  capability: Capability | null;
  screen: LazyExoticComponent<ComponentType>;
}

// Each screen is its own chunk, so sign-in paints without the tables and charts loaded.
export const sections: readonly Section[] = [
  {
    id: 'moderation',
    label: 'Moderation',
    icon: '✓',
    capability: 'reviews.read',
    screen: lazy(() => import('../screens/moderation/ModerationScreen')),
  },
  {
    id: 'payments',
    label: 'Payments',
    icon: '¤',
    capability: 'payments.read',
    screen: lazy(() => import('../screens/payments/PaymentsScreen')),
  },
  {
    id: 'reconciliation',
    label: 'Reconciliation',
    icon: '⇄',
    capability: 'reconciliation.run',
    screen: lazy(() => import('../screens/reconciliation/ReconciliationScreen')),
  },
  { id: 'trends', label: 'Trends', icon: '↗', capability: 'trends.read', screen: lazy(() => import('../screens/trends/TrendsScreen')) },
  {
    id: 'organisations',
    label: 'Organisations',
    icon: '▦',
    capability: 'organizations.read',
    screen: lazy(() => import('../screens/organisations/OrganisationsScreen')),
  },
  {
    id: 'workshops',
    label: 'Workshops',
    icon: '◷',
    capability: 'workshops.read',
    screen: lazy(() => import('../screens/workshops/WorkshopsScreen')),
  },
  {
    id: 'engagements',
    label: 'Engagements',
    icon: '⚑',
    capability: 'engagements.read',
    screen: lazy(() => import('../screens/engagements/EngagementsScreen')),
  },
  { id: 'talent', label: 'Talent', icon: '★', capability: 'talent.read', screen: lazy(() => import('../screens/talent/TalentScreen')) },
  {
    id: 'certificates',
    label: 'Certificates',
    icon: '❖',
    capability: 'certificates.read',
    screen: lazy(() => import('../screens/certificates/CertificatesScreen')),
  },
  {
    id: 'assessments',
    label: 'Assessments',
    icon: '◎',
    capability: 'assessments.read',
    screen: lazy(() => import('../screens/assessments/AssessmentsScreen')),
  },
  {
    id: 'users',
    label: 'Users and access',
    icon: '☺',
    capability: 'users.manage',
    screen: lazy(() => import('../screens/users/UsersScreen')),
  },
  {
    id: 'settings',
    label: 'Settings',
    icon: '⚒',
    capability: 'settings.manage',
    screen: lazy(() => import('../screens/settings/SettingsScreen')),
  },
  { id: 'audit', label: 'Audit log', icon: '≡', capability: 'audit.read_own', screen: lazy(() => import('../screens/audit/AuditScreen')) },
  { id: 'security', label: 'Sign-in security', icon: '◉', capability: null, screen: lazy(() => import('../security/SecurityScreen')) },
  { id: 'connection', label: 'Connection', icon: '⚙', capability: null, screen: lazy(() => import('../connection/ConnectionScreen')) },
];

export function allowedSections(capabilities: readonly Capability[]): Section[] {
  return sections.filter((section) => section.capability === null || capabilities.includes(section.capability));
}
