import type { Role } from '@/lib/platform/core/context';

export interface NavItem {
  href: string;
  /** Key in the `nav` namespace. */
  label: string;
  roles: Role[];
}

/** What each role can do, in the order it appears in the navigation. Pages check roles again. */
export const NAV_ITEMS: NavItem[] = [
  { href: '/desk', label: 'desk', roles: ['agent'] },
  { href: '/dashboard', label: 'dashboard', roles: ['admin', 'staff'] },
  { href: '/queue', label: 'queue', roles: ['admin', 'staff'] },
  { href: '/spot-checks', label: 'spotChecks', roles: ['admin', 'staff'] },
  { href: '/visits', label: 'visits', roles: ['admin', 'staff', 'supervisor', 'manager'] },
  { href: '/visits/new', label: 'newVisit', roles: ['manager'] },
  { href: '/plans', label: 'plans', roles: ['admin', 'staff', 'supervisor', 'manager'] },
  { href: '/customers', label: 'customers', roles: ['admin', 'staff', 'supervisor', 'manager'] },
  { href: '/my-month', label: 'myMonth', roles: ['manager'] },
  { href: '/unit', label: 'unit', roles: ['supervisor', 'staff', 'admin'] },
  { href: '/assessment', label: 'assessment', roles: ['admin', 'staff', 'supervisor'] },
  { href: '/disputes', label: 'disputes', roles: ['admin', 'staff', 'supervisor', 'manager'] },
  { href: '/imports', label: 'imports', roles: ['admin', 'staff'] },
  { href: '/settings/sampling', label: 'samplingSettings', roles: ['admin', 'staff'] },
  { href: '/settings/calling', label: 'callingSettings', roles: ['admin', 'staff'] },
  { href: '/settings/scripts', label: 'scripts', roles: ['admin', 'staff'] },
  { href: '/settings/disputes', label: 'disputeSettings', roles: ['admin', 'staff'] },
  { href: '/settings/reporting', label: 'reportingSettings', roles: ['admin', 'staff'] },
  { href: '/settings/checks', label: 'checksSettings', roles: ['admin', 'staff'] },
  { href: '/settings/scoring', label: 'scoringSettings', roles: ['admin', 'staff'] },
  { href: '/settings/assessment', label: 'assessmentSettings', roles: ['admin', 'staff'] },
  { href: '/settings/agent-assessment', label: 'agentAssessmentSettings', roles: ['admin', 'staff'] },
  { href: '/settings/spot-checks', label: 'spotCheckSettings', roles: ['admin', 'staff'] },
  { href: '/admin/queues', label: 'queueDashboard', roles: ['admin', 'staff'] },
  { href: '/audit', label: 'auditTrail', roles: ['admin', 'staff'] },
  { href: '/admin/users', label: 'users', roles: ['admin'] },
  { href: '/admin/units', label: 'units', roles: ['admin'] },
  { href: '/profile', label: 'profile', roles: ['admin', 'staff', 'supervisor', 'manager', 'agent'] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
