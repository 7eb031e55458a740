import { dayOf } from '@/lib/platform/time/zone';
import type { VisitContext, VisitType } from './definition';

/** The visit context of a reported visit: the day in the app's time zone, names as shown to the customer. */
export function visitContextOf(
  visit: { customerName: string | null; contactName: string | null; managerName: string | null; visitedAt: Date | null; type: VisitType | null; purpose: string | null },
  timeZone: string,
): VisitContext {
  return {
    customer: visit.customerName,
    contact: visit.contactName,
    manager: visit.managerName,
    visitDate: visit.visitedAt ? dayOf(visit.visitedAt, timeZone) : null,
    visitType: visit.type,
    purpose: visit.purpose,
  };
}
