// Database schema (drizzle, SQLite dialect). Relative imports only: drizzle-kit ignores path aliases.
// Conventions (STYLE.md §4): opaque text ids, ISO-8601 UTC text timestamps, every tenant table
// carries a non-null institution_id that leads its indexes, JSON columns are zod-parsed on the way in.
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const institutions = sqliteTable("institutions", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  defaultLanguage: text("default_language", { enum: ["en", "es"] }).notNull().default("en"),
  financialCrimeEmail: text("financial_crime_email"),
  policy: text("policy", { mode: "json" }).$type<unknown>(),
  createdAt: text("created_at").notNull(),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash"),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
  language: text("language", { enum: ["en", "es"] }).notNull().default("en"),
  failedLoginCount: integer("failed_login_count").notNull().default(0),
  lockedUntil: text("locked_until"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: ["admin", "rm", "approver", "auditor"] }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("memberships_institution_user_role").on(t.institutionId, t.userId, t.role),
    index("memberships_user").on(t.userId),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the random session id the cookie carries: a stolen database cannot mint cookies.
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    verifiedAt: text("verified_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    acceptedAt: text("accepted_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("invitations_institution").on(t.institutionId, t.createdAt)],
);

export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    language: text("language", { enum: ["en", "es"] }).notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: text("next_attempt_at").notNull(),
    sentAt: text("sent_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("outbox_institution_created").on(t.institutionId, t.createdAt),
    index("outbox_status_next").on(t.status, t.nextAttemptAt),
  ],
);

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    // The chain an event belongs to: the institution id, or "system" for events with no tenant
    // (a failed sign-in for an unknown e-mail address).
    chain: text("chain").notNull(),
    seq: integer("seq").notNull(),
    institutionId: text("institution_id").references(() => institutions.id),
    actorType: text("actor_type", { enum: ["user", "respondent", "api-key", "system"] }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("audit_events_chain_seq").on(t.chain, t.seq),
    index("audit_events_institution_created").on(t.institutionId, t.createdAt),
  ],
);
