import { z } from 'zod';

/**
 * Every rule number lives here as a versioned policy with its schema and the default from
 * DOMAIN.md. Later capabilities (sampling, calling, points, …) add their keys to this map.
 */
export const policyDefinitions = {
  reporting: {
    schema: z.object({
      /** A visit report filed later than this after the visit is marked late (DOMAIN: 24 h). */
      reportDeadlineHours: z.number().int().min(1).max(24 * 14),
      /** Contacts a class A/B customer should have on file (DOMAIN rule 6). */
      minContactsAB: z.number().int().min(0).max(50),
    }),
    defaults: { reportDeadlineHours: 24, minContactsAB: 3 },
  },
} as const;

export type PolicyKey = keyof typeof policyDefinitions;
export type PolicyValue<K extends PolicyKey> = z.infer<(typeof policyDefinitions)[K]['schema']>;
export const POLICY_KEYS = Object.keys(policyDefinitions) as PolicyKey[];
