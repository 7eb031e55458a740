import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contactRoleEnum, customerClassEnum, customerStatusEnum } from './enums';
import { units, users } from './org';

/** 集团客户: an enterprise customer, identified by its group code. */
export const customers = pgTable(
  'customers',
  {
    id: uuid().primaryKey().defaultRandom(),
    groupCode: text().notNull().unique(),
    name: text().notNull(),
    class: customerClassEnum().notNull(),
    unitId: uuid()
      .notNull()
      .references(() => units.id),
    address: text().notNull().default(''),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    status: customerStatusEnum().notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.unitId),
    index().on(t.class),
    check('customers_lat_range', sql`${t.latitude} is null or ${t.latitude} between -90 and 90`),
    check('customers_lng_range', sql`${t.longitude} is null or ${t.longitude} between -180 and 180`),
  ],
);

/** 关键人 / 联系人 at a customer. Phone stored in E.164. */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid().primaryKey().defaultRandom(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    name: text().notNull(),
    title: text().notNull().default(''),
    role: contactRoleEnum().notNull().default('key_person'),
    phone: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contacts_customer_name_phone').on(t.customerId, t.name, t.phone), index().on(t.phone)],
);

/**
 * 认领: a manager is responsible for a customer from effectiveFrom until effectiveTo (exclusive,
 * open-ended when null). The database refuses two overlapping claims on one customer
 * (exclusion constraint added in a custom migration).
 */
export const claims = pgTable(
  'claims',
  {
    id: uuid().primaryKey().defaultRandom(),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    effectiveFrom: timestamp({ withTimezone: true }).notNull(),
    effectiveTo: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id),
    note: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.managerId),
    index().on(t.customerId),
    check('claims_period_order', sql`${t.effectiveTo} is null or ${t.effectiveTo} > ${t.effectiveFrom}`),
  ],
);
