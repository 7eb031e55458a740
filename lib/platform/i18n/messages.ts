import type { Locale } from './config';

/**
 * The translation catalogue, one JSON file per namespace and locale under messages/.
 * Static imports keep the catalogue in the server bundle; add a namespace in both locales.
 */
import zhCommon from '@/messages/zh-CN/common.json';
import zhNav from '@/messages/zh-CN/nav.json';
import zhAuth from '@/messages/zh-CN/auth.json';
import zhErrors from '@/messages/zh-CN/errors.json';
import zhAdmin from '@/messages/zh-CN/admin.json';
import zhCustomers from '@/messages/zh-CN/customers.json';
import zhImports from '@/messages/zh-CN/imports.json';
import zhPlans from '@/messages/zh-CN/plans.json';
import zhVisits from '@/messages/zh-CN/visits.json';
import zhProfile from '@/messages/zh-CN/profile.json';
import zhHome from '@/messages/zh-CN/home.json';
import zhSampling from '@/messages/zh-CN/sampling.json';
import zhCallbacks from '@/messages/zh-CN/callbacks.json';
import zhCalling from '@/messages/zh-CN/calling.json';
import zhScripts from '@/messages/zh-CN/scripts.json';
import zhTelephony from '@/messages/zh-CN/telephony.json';
import zhDesk from '@/messages/zh-CN/desk.json';
import zhAssessment from '@/messages/zh-CN/assessment.json';
import zhDisputes from '@/messages/zh-CN/disputes.json';
import zhNotifications from '@/messages/zh-CN/notifications.json';
import zhUnit from '@/messages/zh-CN/unit.json';
import zhIntegrity from '@/messages/zh-CN/integrity.json';
import zhEvidence from '@/messages/zh-CN/evidence.json';
import zhPolicies from '@/messages/zh-CN/policies.json';
import zhExports from '@/messages/zh-CN/exports.json';
import zhAuditTrail from '@/messages/zh-CN/auditTrail.json';
import zhDashboard from '@/messages/zh-CN/dashboard.json';
import zhAgentAssessment from '@/messages/zh-CN/agentAssessment.json';
import zhSpotChecks from '@/messages/zh-CN/spotChecks.json';
import zhSpotCheckResults from '@/messages/zh-CN/spotCheckResults.json';
import zhSpotCheckReports from '@/messages/zh-CN/spotCheckReports.json';
import enCommon from '@/messages/en/common.json';
import enNav from '@/messages/en/nav.json';
import enAuth from '@/messages/en/auth.json';
import enErrors from '@/messages/en/errors.json';
import enAdmin from '@/messages/en/admin.json';
import enCustomers from '@/messages/en/customers.json';
import enImports from '@/messages/en/imports.json';
import enPlans from '@/messages/en/plans.json';
import enVisits from '@/messages/en/visits.json';
import enProfile from '@/messages/en/profile.json';
import enHome from '@/messages/en/home.json';
import enSampling from '@/messages/en/sampling.json';
import enCallbacks from '@/messages/en/callbacks.json';
import enCalling from '@/messages/en/calling.json';
import enScripts from '@/messages/en/scripts.json';
import enTelephony from '@/messages/en/telephony.json';
import enDesk from '@/messages/en/desk.json';
import enAssessment from '@/messages/en/assessment.json';
import enDisputes from '@/messages/en/disputes.json';
import enNotifications from '@/messages/en/notifications.json';
import enUnit from '@/messages/en/unit.json';
import enIntegrity from '@/messages/en/integrity.json';
import enEvidence from '@/messages/en/evidence.json';
import enPolicies from '@/messages/en/policies.json';
import enExports from '@/messages/en/exports.json';
import enAuditTrail from '@/messages/en/auditTrail.json';
import enDashboard from '@/messages/en/dashboard.json';
import enAgentAssessment from '@/messages/en/agentAssessment.json';
import enSpotChecks from '@/messages/en/spotChecks.json';
import enSpotCheckResults from '@/messages/en/spotCheckResults.json';
import enSpotCheckReports from '@/messages/en/spotCheckReports.json';

export const catalogue = {
  'zh-CN': {
    common: zhCommon,
    nav: zhNav,
    auth: zhAuth,
    errors: zhErrors,
    admin: zhAdmin,
    customers: zhCustomers,
    imports: zhImports,
    plans: zhPlans,
    visits: zhVisits,
    profile: zhProfile,
    home: zhHome,
    sampling: zhSampling,
    callbacks: zhCallbacks,
    calling: zhCalling,
    scripts: zhScripts,
    telephony: zhTelephony,
    desk: zhDesk,
    assessment: zhAssessment,
    disputes: zhDisputes,
    notifications: zhNotifications,
    unit: zhUnit,
    integrity: zhIntegrity,
    evidence: zhEvidence,
    policies: zhPolicies,
    exports: zhExports,
    auditTrail: zhAuditTrail,
    dashboard: zhDashboard,
    agentAssessment: zhAgentAssessment,
    spotChecks: zhSpotChecks,
    spotCheckResults: zhSpotCheckResults,
    spotCheckReports: zhSpotCheckReports,
  },
  en: {
    common: enCommon,
    nav: enNav,
    auth: enAuth,
    errors: enErrors,
    admin: enAdmin,
    customers: enCustomers,
    imports: enImports,
    plans: enPlans,
    visits: enVisits,
    profile: enProfile,
    home: enHome,
    sampling: enSampling,
    callbacks: enCallbacks,
    calling: enCalling,
    scripts: enScripts,
    telephony: enTelephony,
    desk: enDesk,
    assessment: enAssessment,
    disputes: enDisputes,
    notifications: enNotifications,
    unit: enUnit,
    integrity: enIntegrity,
    evidence: enEvidence,
    policies: enPolicies,
    exports: enExports,
    auditTrail: enAuditTrail,
    dashboard: enDashboard,
    agentAssessment: enAgentAssessment,
    spotChecks: enSpotChecks,
    spotCheckResults: enSpotCheckResults,
    spotCheckReports: enSpotCheckReports,
  },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof catalogue)['zh-CN'];
