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
      /**
       * A report of a visit in a month already closed, or older than the sampling look-back
       * (sampling.excludeOlderThanDays): 'refuse' it, or accept it as 超期补报 ('approval') that
       * counts for nothing until staff approve it.
       */
      lateBackfill: z.enum(['refuse', 'approval']),
    }),
    defaults: { reportDeadlineHours: 24, minContactsAB: 3, lateBackfill: 'refuse' as 'refuse' | 'approval' },
  },
  sampling: {
    schema: z.object({
      /** Share of a class's visits called back, in percent (DOMAIN defaults A 100, B 50, C 20, D 10). */
      ratePercent: z.object({
        A: z.number().min(0).max(100),
        B: z.number().min(0).max(100),
        C: z.number().min(0).max(100),
        D: z.number().min(0).max(100),
      }),
      /** Sampled visits per manager per month at least (or all, if fewer). */
      minPerManagerMonth: z.number().int().min(0).max(1000),
      /** Visits with a data-check flag (e.g. a late report) are always sampled. */
      alwaysSampleFlagged: z.boolean(),
      /** Rates of managers with an invalid verdict last month are multiplied by this (capped at 100 %). */
      invalidLastMonthMultiplier: z.number().min(1).max(10),
      /** Visits older than this when decided are excluded (listed, not dropped silently). */
      excludeOlderThanDays: z.number().int().min(1).max(366),
      /** Mixed into every draw; a new policy version gets a new seed unless staff keep it. */
      seed: z.string().min(1).max(64),
      /** For the cost preview: minutes of agent time per callback. */
      minutesPerCallback: z.number().min(0.5).max(120),
    }),
    defaults: {
      ratePercent: { A: 100, B: 50, C: 20, D: 10 },
      minPerManagerMonth: 2,
      alwaysSampleFlagged: true,
      invalidLastMonthMultiplier: 2,
      excludeOlderThanDays: 45,
      seed: 'huifang-default-seed',
      minutesPerCallback: 6,
    },
  },
  calling: {
    schema: z
      .object({
        /** Calling hours on working days, local 'HH:mm' in APP_TIMEZONE (DOMAIN: 09–12 and 14–18). */
        windows: z
          .array(z.object({ start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/) }))
          .min(1)
          .max(6),
        /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
        weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
        /** Days off although a working weekday ('YYYY-MM-DD'). */
        holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(400),
        /** Weekend days worked (调休), 'YYYY-MM-DD'. */
        makeUpWorkdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(100),
        /** Attempts per callback before it is final "unreachable". */
        maxAttempts: z.number().int().min(1).max(10),
        /** Minimum time between attempts. */
        retrySpacingMinutes: z.number().int().min(1).max(7 * 24 * 60),
        /** Spread attempts over different half-days (morning / afternoon). */
        retryDifferentHalfDay: z.boolean(),
        /** Calls placed per second across all processes (Twilio's default is 1). */
        callsPerSecond: z.number().min(0.1).max(100),
        /** A held task returns to the queue when its desk stops checking in for this long. */
        leaseSeconds: z.number().int().min(30).max(600),
        /**
         * 人工拨打: while telephony is down, agents may record a callback they dialled from a desk
         * phone, with a note; it is marked "人工拨打，无通话记录" wherever its result shows.
         */
        manualCallsAllowed: z.boolean(),
      })
      .superRefine((value, ctx) => {
        value.windows.forEach((w, i) => {
          if (w.end <= w.start) ctx.addIssue({ code: 'custom', path: ['windows', i, 'end'], message: 'errors.calling.windowEndBeforeStart' });
          const previous = value.windows[i - 1];
          if (previous && w.start < previous.end) ctx.addIssue({ code: 'custom', path: ['windows', i, 'start'], message: 'errors.calling.windowsOverlap' });
        });
      }),
    defaults: {
      windows: [
        { start: '09:00', end: '12:00' },
        { start: '14:00', end: '18:00' },
      ],
      weekdays: [1, 2, 3, 4, 5],
      holidays: [],
      makeUpWorkdays: [],
      maxAttempts: 3,
      retrySpacingMinutes: 120,
      retryDifferentHalfDay: true,
      callsPerSecond: 1,
      leaseSeconds: 90,
      manualCallsAllowed: false,
    },
  },
  scoring: {
    schema: z.object({
      /** A completed callback scoring at least this (out of 100) without a knock-out is a valid visit (DOMAIN rule 5: 60). */
      validThreshold: z.number().int().min(0).max(100),
    }),
    defaults: { validThreshold: 60 },
  },
  assessment: {
    schema: z.object({
      /** 维系积分 per claimed customer per month, by class (DOMAIN defaults A 10, B 8, C 5, D 3). */
      basePoints: z.object({
        A: z.number().int().min(0).max(1000),
        B: z.number().int().min(0).max(1000),
        C: z.number().int().min(0).max(1000),
        D: z.number().int().min(0).max(1000),
      }),
      /** Points taken for a customer with an invalid visit: 'all' of its month (DOMAIN rule 8), or a number per invalid visit. */
      deductionPerInvalid: z.union([z.literal('all'), z.number().int().min(0).max(1000)]),
      /**
       * A customer counts for a manager claiming it at least this many days of the month (DOMAIN
       * rule 4) — at most half of a long month, and in a month shorter than twice this, half of it
       * (February: 14), so a customer claimed all month always counts (lib/coverage/rules.ts).
       */
      minClaimedDays: z.number().int().min(1).max(15),
      /** Weights of the month's score: coverage rate, valid-visit rate, on-time report rate (relative; default 40/40/20). */
      weights: z
        .object({ coverage: z.number().min(0).max(100), valid: z.number().min(0).max(100), onTime: z.number().min(0).max(100) })
        .refine((w) => w.coverage + w.valid + w.onTime > 0, { message: 'errors.policy.weightsAllZero' }),
      /** Lowest score of each grade (优秀 90, 良好 80, 一般 70, 较差 60; below: 严重不达标). */
      gradeBands: z
        .object({ excellent: z.number().min(0).max(100), good: z.number().min(0).max(100), fair: z.number().min(0).max(100), poor: z.number().min(0).max(100) })
        .refine((b) => b.excellent >= b.good && b.good >= b.fair && b.fair >= b.poor, { message: 'errors.policy.bandsOutOfOrder' }),
      /** The day of the next month the month is closed on by the scheduled job (DOMAIN rule 8: before the 3rd). */
      closeDay: z.number().int().min(1).max(28),
    }),
    defaults: {
      basePoints: { A: 10, B: 8, C: 5, D: 3 },
      deductionPerInvalid: 'all',
      minClaimedDays: 15,
      weights: { coverage: 40, valid: 40, onTime: 20 },
      gradeBands: { excellent: 90, good: 80, fair: 70, poor: 60 },
      closeDay: 3,
    },
  },
  agentAssessment: {
    schema: z.object({
      /**
       * Weights of an agent's month (坐席月度考核, 客户回访考核制度): 回访率, 回访质量 (accuracy) and
       * 回访及时性 (relative; default 40/30/30). A part not measured shares its weight out.
       */
      weights: z
        .object({ callbackRate: z.number().min(0).max(100), quality: z.number().min(0).max(100), timeliness: z.number().min(0).max(100) })
        .refine((w) => w.callbackRate + w.quality + w.timeliness > 0, { message: 'errors.policy.weightsAllZero' }),
      /** Lowest score of each grade (优秀 90, 良好 80, 一般 70, 较差 60; below: 严重不达标). */
      gradeBands: z
        .object({ excellent: z.number().min(0).max(100), good: z.number().min(0).max(100), fair: z.number().min(0).max(100), poor: z.number().min(0).max(100) })
        .refine((b) => b.excellent >= b.good && b.good >= b.fair && b.fair >= b.poor, { message: 'errors.policy.bandsOutOfOrder' }),
      /**
       * A callback's deadline: the end of this many working days of the calling calendar after the
       * day it was sampled (the indicators' 按时完成率 and the agents' 及时性; default 3).
       */
      deadlineWorkingDays: z.number().int().min(1).max(20),
      /** An agent who finished fewer callbacks in the month gets no score (样本不足). */
      minFinished: z.number().int().min(0).max(1000),
    }),
    defaults: {
      weights: { callbackRate: 40, quality: 30, timeliness: 30 },
      gradeBands: { excellent: 90, good: 80, fair: 70, poor: 60 },
      deadlineWorkingDays: 3,
      minFinished: 5,
    },
  },
  checks: {
    schema: z.object({
      /** A GPS check-in farther than this from the customer's coordinates is flagged (QR check-ins are not). */
      maxCheckInMeters: z.number().int().min(10).max(100_000),
      /** Visits outside these local hours ('HH:mm', APP_TIMEZONE) are flagged as odd hours. */
      normalHoursStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      normalHoursEnd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    }),
    defaults: { maxCheckInMeters: 500, normalHoursStart: '07:00', normalHoursEnd: '22:00' },
  },
  disputes: {
    schema: z.object({
      /** A manager may dispute a verdict or finding this many days after it was published (DOMAIN: 5). */
      windowDays: z.number().int().min(1).max(60),
      /** The department answers within this many working days (calling calendar); later ones are highlighted. */
      responseWorkingDays: z.number().int().min(1).max(30),
      /** Attachments per dispute, and the size of each. */
      maxAttachments: z.number().int().min(0).max(20),
      maxAttachmentBytes: z.number().int().min(1024).max(50 * 1024 * 1024),
    }),
    defaults: { windowDays: 5, responseWorkingDays: 3, maxAttachments: 5, maxAttachmentBytes: 5 * 1024 * 1024 },
  },
  spotCheck: {
    schema: z.object({
      /** 电话抽查 runs each working day (the daily selection does nothing while off). */
      enabled: z.boolean(),
      /** Customers drawn per checked manager-day, out of that day's planned customers (客户经理拜访到位率考核办法: 5). */
      customersPerManager: z.number().int().min(1).max(50),
      /** Which managers with approved plan items that day are checked: 'all', or a drawn 'share'. */
      managerSelection: z.enum(['all', 'share']),
      /** With 'share': the share of managers checked each day, 0–1. */
      managerShare: z.number().min(0).max(1),
      /** With 'share': a manager with findings in the window is drawn with share × this (capped at 1). */
      failureWeight: z.number().min(1).max(10),
      /**
       * When a drawn customer is called: 'same_afternoon' = dueDelayMinutes after the planned time,
       * inside calling hours (else the next calling instant); 'next_morning' = the next working
       * day's first calling instant.
       */
      dueRule: z.enum(['same_afternoon', 'next_morning']),
      dueDelayMinutes: z.number().int().min(0).max(24 * 60),
      /** 拜访不全: yuan per customer found not visited (50). */
      penaltyIncompletePerFindingYuan: z.number().int().min(0).max(100_000),
      /** 未拜访 (none of the checked customers visited): yuan for the day (100). */
      penaltyNoneYuan: z.number().int().min(0).max(100_000),
      /** Findings within the window at which the manager is flagged 建议调离 (5). */
      flagThreshold: z.number().int().min(1).max(1000),
      /** The window, in days, the findings are counted over (and the failure weighting looks back). */
      flagWindowDays: z.number().int().min(1).max(3660),
      /** Mixed into every draw; a new policy version gets a new seed unless staff keep it. */
      seed: z.string().min(1).max(64),
    }),
    defaults: {
      enabled: true,
      customersPerManager: 5,
      managerSelection: 'all' as 'all' | 'share',
      managerShare: 0.3,
      failureWeight: 2,
      dueRule: 'same_afternoon' as 'same_afternoon' | 'next_morning',
      dueDelayMinutes: 60,
      penaltyIncompletePerFindingYuan: 50,
      penaltyNoneYuan: 100,
      flagThreshold: 5,
      flagWindowDays: 90,
      seed: 'huifang-spot-check-seed',
    },
  },
} as const;

export type PolicyKey = keyof typeof policyDefinitions;
export type PolicyValue<K extends PolicyKey> = z.infer<(typeof policyDefinitions)[K]['schema']>;
export const POLICY_KEYS = Object.keys(policyDefinitions) as PolicyKey[];
