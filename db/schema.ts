// Database schema (drizzle, SQLite dialect). Relative imports only: drizzle-kit ignores path aliases.
// Conventions (STYLE.md §4): opaque text ids, ISO-8601 UTC text timestamps, every tenant table
// carries a non-null institution_id that leads its indexes, JSON columns are zod-parsed on the way in.
import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const institutions = sqliteTable("institutions", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  defaultLanguage: text("default_language", { enum: ["en", "es"] }).notNull().default("en"),
  financialCrimeEmail: text("financial_crime_email"),
  // IANA time zone in which the institution's dates and times are written (notifications, e-mails).
  timeZone: text("time_zone").notNull().default("America/Mexico_City"),
  policy: text("policy", { mode: "json" }).$type<unknown>(),
  createdAt: text("created_at").notNull(),
  // Who must sign in with a second factor here: nobody, every member, or the members holding
  // one of second_factor_roles (a JSON array of roles, zod-parsed by the repository).
  secondFactorPolicy: text("second_factor_policy", { enum: ["off", "all", "roles"] }).notNull().default("off"),
  secondFactorRoles: text("second_factor_roles", { mode: "json" }).$type<unknown>(),
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
    // Set on all of a person's role rows in one institution when its admin deactivates them
    // there; their other institutions are untouched (users.is_active is the person's own flag).
    deactivatedAt: text("deactivated_at"),
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
    // The password was right but the second factor is still to come: such a session signs
    // nobody in; it only lets /login/code ask for the code, and it expires within minutes.
    isSecondFactorPending: integer("is_second_factor_pending", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

// A person's authenticator-app (TOTP, RFC 6238) credential: the secret sealed (AES-256-GCM,
// app/api/sealing.server.ts "totp-secret"), unconfirmed until the first code. A person's, not an
// institution's (like users): it serves every institution they belong to.
export const totpCredentials = sqliteTable("totp_credentials", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id),
  secretSealed: text("secret_sealed").notNull(),
  createdAt: text("created_at").notNull(),
  confirmedAt: text("confirmed_at"),
  // The RFC 6238 time step of the last accepted code: a code of this step or earlier is refused.
  lastUsedStep: integer("last_used_step"),
  // Consecutive wrong codes (TOTP or recovery) and the lock they set.
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lockedUntil: text("locked_until"),
});

// Single-use recovery codes, stored as HMAC-SHA-256 under a server key (app/auth/second-factor.server.ts).
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    createdAt: text("created_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [uniqueIndex("recovery_codes_user_hash").on(t.userId, t.codeHash)],
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
    // What staff may read: the message with every secret link masked (app/domain/secret-links.ts).
    body: text("body").notNull(),
    // The message as the recipient gets it, sealed (app/api/sealing.server.ts, "outbox-body") when
    // it carries a secret link; only the delivery path opens it. Null when body is the whole message.
    sealedBody: text("sealed_body"),
    language: text("language", { enum: ["en", "es"] }).notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: text("next_attempt_at").notNull(),
    sentAt: text("sent_at"),
    createdAt: text("created_at").notNull(),
    // The instance delivering it and until when (a lease; docs/decisions/014-job-claims.md): a
    // claimant that crashes lets its lease run out and another instance retries.
    claimedBy: text("claimed_by"),
    claimedUntil: text("claimed_until"),
    // A PDF the message carries, named, not copied: {"type":"submission-receipt",...} or
    // {"type":"attestation",...} (app/services/mail-attachments.server.ts builds it at delivery).
    attachment: text("attachment", { mode: "json" }).$type<unknown>(),
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
    // The chain format (docs/decisions/003-keyed-audit-chain.md): 1 = the unkeyed SHA-256 chain
    // written before issue 13 (key_id and mac null), 2 = also an HMAC-SHA256 under the audit key
    // named by key_id, over the previous hash and the event's canonical content.
    format: integer("format").notNull().default(1),
    keyId: text("key_id"),
    mac: text("mac"),
  },
  (t) => [
    uniqueIndex("audit_events_chain_seq").on(t.chain, t.seq),
    index("audit_events_institution_created").on(t.institutionId, t.createdAt),
  ],
);

// Keyed checkpoints of the audit chains (issue 13, L4): (chain, seq, hash) with an HMAC under the
// audit key, written in the transaction of the event they name (at least every
// AUDIT_CHECKPOINT_EVERY events) or by the background work when a chain has been quiet; each is
// also appended to DATA_DIR/audit-checkpoints.jsonl, outside the database, so a truncated tail is
// seen even if these rows go with it.
export const auditCheckpoints = sqliteTable(
  "audit_checkpoints",
  {
    id: text("id").primaryKey(),
    chain: text("chain").notNull(),
    seq: integer("seq").notNull(),
    hash: text("hash").notNull(),
    createdAt: text("created_at").notNull(),
    keyId: text("key_id").notNull(),
    mac: text("mac").notNull(),
  },
  (t) => [uniqueIndex("audit_checkpoints_chain_seq").on(t.chain, t.seq)],
);

// ---------------------------------------------------------------------------------------------
// Clients, assessments, answers, documents and results (issue 6: respondent experience).

export const clients = sqliteTable(
  "clients",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    name: text("name").notNull(),
    // The name and registration number folded by app/domain/search-key.ts (case and accents
    // removed), written with them by the clients repository: every list and the API search these.
    // Null only until the start-up backfill has run on rows that predate the column.
    nameSearch: text("name_search"),
    country: text("country").notNull(),
    sector: text("sector").notNull(),
    registrationNumber: text("registration_number"),
    registrationSearch: text("registration_search"),
    contactName: text("contact_name"),
    contactEmail: text("contact_email").notNull(),
    sourcingCountries: text("sourcing_countries", { mode: "json" }).$type<string[]>().notNull(),
    goods: text("goods", { mode: "json" }).$type<string[]>().notNull(),
    // Responsible relationship manager (a user of the institution).
    rmUserId: text("rm_user_id").references(() => users.id),
    // Denormalised for fast lists and filters; recomputed whenever the underlying rows change.
    inherentRisk: text("inherent_risk", { enum: ["low", "medium", "high", "very-high"] }).notNull(),
    residualRisk: text("residual_risk", { enum: ["low", "medium", "high", "critical"] }),
    gate: text("gate", { enum: ["open", "conditional", "pending", "closed"] }).notNull().default("closed"),
    gateReason: text("gate_reason"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("clients_institution_name").on(t.institutionId, t.name),
    index("clients_institution_name_search").on(t.institutionId, t.nameSearch),
    // The id lets the lists sorted by gate or residual risk walk one level at a time in id order
    // (keyset pages without sorting the portfolio).
    index("clients_institution_gate").on(t.institutionId, t.gate, t.id),
    index("clients_institution_residual").on(t.institutionId, t.residualRisk, t.id),
    index("clients_institution_country").on(t.institutionId, t.country),
    index("clients_institution_sector").on(t.institutionId, t.sector),
    index("clients_institution_rm").on(t.institutionId, t.rmUserId),
  ],
);

export const ASSESSMENT_STATUSES = ["sent", "in-progress", "submitted", "under-review", "decided", "returned", "expired", "withdrawn"] as const;

export const assessments = sqliteTable(
  "assessments",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    questionnaireKey: text("questionnaire_key").notNull(),
    questionnaireVersion: integer("questionnaire_version").notNull(),
    questionnaireSha256: text("questionnaire_sha256").notNull(),
    status: text("status", { enum: ASSESSMENT_STATUSES }).notNull(),
    language: text("language", { enum: ["en", "es"] }).notNull(),
    dueDate: text("due_date").notNull(),
    // Links stop working after this instant (due date plus grace).
    expiresAt: text("expires_at").notNull(),
    sentBy: text("sent_by")
      .notNull()
      .references(() => users.id),
    sentAt: text("sent_at").notNull(),
    startedAt: text("started_at"),
    submittedAt: text("submitted_at"),
    // The previous assessment of the same client when this one is a re-assessment.
    previousAssessmentId: text("previous_assessment_id"),
    signatory: text("signatory", { mode: "json" }).$type<{ name: string; title: string; email: string }>(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("assessments_institution_client").on(t.institutionId, t.clientId),
    index("assessments_institution_status").on(t.institutionId, t.status, t.dueDate),
    index("assessments_status_due").on(t.status, t.dueDate),
  ],
);

/** One per person invited to answer: the primary contact and each colleague. */
export const respondents = sqliteTable(
  "respondents",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    email: text("email").notNull(),
    name: text("name"),
    isPrimary: integer("is_primary", { mode: "boolean" }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    lastSeenAt: text("last_seen_at"),
  },
  (t) => [index("respondents_institution_assessment").on(t.institutionId, t.assessmentId)],
);

export const respondentSessions = sqliteTable(
  "respondent_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    respondentId: text("respondent_id")
      .notNull()
      .references(() => respondents.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("respondent_sessions_respondent").on(t.respondentId)],
);

/** The working draft, one row per question, so saves merge by question. */
export const draftAnswers = sqliteTable(
  "draft_answers",
  {
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    questionId: text("question_id").notNull(),
    value: text("value", { mode: "json" }).$type<unknown>(),
    evidence: text("evidence", { mode: "json" }).$type<string[]>().notNull(),
    comment: text("comment"),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by"),
  },
  (t) => [uniqueIndex("draft_answers_pk").on(t.institutionId, t.assessmentId, t.questionId)],
);

/** Submitted answer sets: insert-only. A return reopens a draft copied from the latest one. */
export const answerSets = sqliteTable(
  "answer_sets",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    answers: text("answers", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    signatory: text("signatory", { mode: "json" }).$type<{ name: string; title: string; email: string }>().notNull(),
    attestationText: text("attestation_text").notNull(),
    questionnaireSha256: text("questionnaire_sha256").notNull(),
    submittedAt: text("submitted_at").notNull(),
    submittedBy: text("submitted_by"),
  },
  (t) => [index("answer_sets_institution_assessment").on(t.institutionId, t.assessmentId, t.submittedAt)],
);

export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    sha256: text("sha256").notNull(),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    uploadedAt: text("uploaded_at").notNull(),
    uploadedBy: text("uploaded_by"),
    reviewState: text("review_state", { enum: ["pending", "accepted", "rejected"] }).notNull().default("pending"),
    reviewReason: text("review_reason"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: text("reviewed_at"),
    removedAt: text("removed_at"),
  },
  (t) => [index("documents_institution_assessment").on(t.institutionId, t.assessmentId)],
);

/** Scoring results: one at submission and one after every re-score (insert-only). */
export const results = sqliteTable(
  "results",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    answerSetId: text("answer_set_id")
      .notNull()
      .references(() => answerSets.id),
    result: text("result", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    engineVersion: text("engine_version").notNull(),
    overallScore: integer("overall_score_tenths"),
    band: text("band"),
    residualRisk: text("residual_risk", { enum: ["low", "medium", "high", "critical"] }).notNull(),
    recommendation: text("recommendation").notNull(),
    reason: text("reason").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("results_institution_assessment").on(t.institutionId, t.assessmentId, t.createdAt)],
);

/** Reviewer comments on questions when a submission is returned. */
export const reviewComments = sqliteTable(
  "review_comments",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    answerSetId: text("answer_set_id").references(() => answerSets.id),
    questionId: text("question_id").notNull(),
    comment: text("comment").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("review_comments_institution_assessment").on(t.institutionId, t.assessmentId)],
);

export const reminders = sqliteTable(
  "reminders",
  {
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    kind: text("kind").notNull(),
    sentAt: text("sent_at").notNull(),
  },
  (t) => [uniqueIndex("reminders_pk").on(t.institutionId, t.assessmentId, t.kind)],
);

// ---------------------------------------------------------------------------------------------
// Decisions, conditions, gate history, RM observations (issue 7).

export const decisions = sqliteTable(
  "decisions",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    resultId: text("result_id")
      .notNull()
      .references(() => results.id),
    outcome: text("outcome", { enum: ["approve", "approve-with-conditions", "enhanced-due-diligence", "decline"] }).notNull(),
    recommendation: text("recommendation").notNull(),
    residualRisk: text("residual_risk").notNull(),
    rationale: text("rationale").notNull(),
    justification: text("justification"),
    status: text("status", { enum: ["proposed", "approved", "rejected", "superseded"] }).notNull(),
    proposedBy: text("proposed_by")
      .notNull()
      .references(() => users.id),
    proposedAt: text("proposed_at").notNull(),
    reviewedBy: text("reviewed_by").references(() => users.id),
    reviewedAt: text("reviewed_at"),
    reviewComment: text("review_comment"),
    validFrom: text("valid_from"),
    validUntil: text("valid_until"),
    validityMonths: integer("validity_months").notNull(),
    supersededBy: text("superseded_by"),
    policy: text("policy", { mode: "json" }).$type<unknown>().notNull(),
  },
  (t) => [
    index("decisions_institution_client").on(t.institutionId, t.clientId, t.proposedAt),
    index("decisions_institution_status").on(t.institutionId, t.status),
    // The dashboard's open-conditions count checks each condition's decision status from the index alone.
    index("decisions_id_status").on(t.id, t.status),
  ],
);

export const conditions = sqliteTable(
  "conditions",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    decisionId: text("decision_id")
      .notNull()
      .references(() => decisions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    questionId: text("question_id"),
    text: text("text").notNull(),
    dueDate: text("due_date").notNull(),
    status: text("status", { enum: ["open", "met"] }).notNull().default("open"),
    metAt: text("met_at"),
    metBy: text("met_by"),
    metNote: text("met_note"),
    metDocumentId: text("met_document_id"),
    // The RM's proposal (issue 17, F18): "met" waits for an approver's confirmation (four-eyes);
    // "not-met" asks the client for more proof. Cleared by a confirmation.
    proposal: text("proposal", { enum: ["met", "not-met"] }),
    proposedBy: text("proposed_by"),
    proposedAt: text("proposed_at"),
    proposalComment: text("proposal_comment"),
    proposalDocumentId: text("proposal_document_id"),
  },
  (t) => [
    index("conditions_institution_decision").on(t.institutionId, t.decisionId),
    // Covering for the dashboard's open-conditions count (decision and client read from the index).
    index("conditions_institution_status_due").on(t.institutionId, t.status, t.dueDate, t.decisionId, t.clientId),
  ],
);

/** Every change of a client's gate, for its history and the gate.changed webhook. */
export const gateEvents = sqliteTable(
  "gate_events",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    gate: text("gate", { enum: ["open", "conditional", "pending", "closed"] }).notNull(),
    reason: text("reason").notNull(),
    previousGate: text("previous_gate"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("gate_events_institution_client").on(t.institutionId, t.clientId, t.createdAt)],
);

/** The bank's own observations from account activity (never scored; they escalate to AML). */
export const financialObservations = sqliteTable(
  "financial_observations",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    codes: text("codes", { mode: "json" }).$type<string[]>().notNull(),
    note: text("note").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    referredTo: text("referred_to"),
    referral: text("referral", { mode: "json" }).$type<unknown>(),
  },
  (t) => [index("financial_observations_institution_client").on(t.institutionId, t.clientId)],
);

// ---------------------------------------------------------------------------------------------
// Signing keys and attestations (issue 8).

export const signingKeys = sqliteTable(
  "signing_keys",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    certificatePem: text("certificate_pem").notNull(),
    publicKeyPem: text("public_key_pem").notNull(),
    // The private key, encrypted with SIGNING_KEY_SECRET (AES-256-GCM); never leaves the server.
    encryptedPrivateKey: text("encrypted_private_key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    createdAt: text("created_at").notNull(),
    retiredAt: text("retired_at"),
  },
  (t) => [index("signing_keys_institution").on(t.institutionId, t.createdAt)],
);

export const attestations = sqliteTable(
  "attestations",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id),
    decisionId: text("decision_id")
      .notNull()
      .references(() => decisions.id),
    keyId: text("key_id")
      .notNull()
      .references(() => signingKeys.id),
    language: text("language", { enum: ["en", "es"] }).notNull(),
    pdf: blob("pdf", { mode: "buffer" }).notNull(),
    sha256: text("sha256").notNull(),
    issuedAt: text("issued_at").notNull(),
    validUntil: text("valid_until").notNull(),
    revokedAt: text("revoked_at"),
    revokedBy: text("revoked_by"),
    revocationReason: text("revocation_reason"),
  },
  (t) => [
    index("attestations_institution_client").on(t.institutionId, t.clientId, t.issuedAt),
    index("attestations_institution_issued").on(t.institutionId, t.issuedAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Integration API (issue 9).

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    name: text("name").notNull(),
    scope: text("scope", { enum: ["read", "read-write"] }).notNull(),
    // Auditor-level access to the audit log through the API.
    canReadAudit: integer("can_read_audit", { mode: "boolean" }).notNull().default(false),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_keys_institution").on(t.institutionId, t.createdAt)],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    responseBody: text("response_body").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("idempotency_keys_pk").on(t.institutionId, t.key)],
);

export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    // HMAC secret: shown to the admin once; needed in clear to sign deliveries, so encrypted at rest.
    encryptedSecret: text("encrypted_secret").notNull(),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("webhooks_institution").on(t.institutionId)],
);

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id),
    event: text("event").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    lastStatusCode: integer("last_status_code"),
    lastResponse: text("last_response"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
    // As outbox.claimed_by / claimed_until: which instance is delivering it, until when.
    claimedBy: text("claimed_by"),
    claimedUntil: text("claimed_until"),
  },
  (t) => [
    index("webhook_deliveries_institution_webhook").on(t.institutionId, t.webhookId, t.createdAt),
    index("webhook_deliveries_status_next").on(t.status, t.nextAttemptAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// The change clock (docs/decisions/008-two-dialects.md): every write bumps the revision of the
// institution it is scoped to ("system" for system-wide writes), in its own transaction, so memos
// of an institution's figures know across processes and machines when to recompute.

export const institutionRevisions = sqliteTable("institution_revisions", {
  // An institution id or "system"; no foreign key, so system-wide writes have a row too.
  scope: text("scope").primaryKey(),
  revision: integer("revision").notNull(),
});

// ---------------------------------------------------------------------------------------------
// Notifications (issue 17, F13/F21): in-app messages per user and institution, written in the
// transaction of the event that causes them; the text is rendered when read, from kind + params
// (app/domain/notifications/), in the reader's language and the institution's time zone.

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    // JSON text, zod-parsed per kind on the way in and out (app/domain/notifications/kinds.ts).
    params: text("params").notNull(),
    readAt: text("read_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("notifications_institution_user_created").on(t.institutionId, t.userId, t.createdAt), index("notifications_institution_user_read").on(t.institutionId, t.userId, t.readAt)],
);

/** A user's choice per kind: e-mail as well as in-app (the default), or in-app only. */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    byEmail: integer("by_email", { mode: "boolean" }).notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [uniqueIndex("notification_preferences_pk").on(t.institutionId, t.userId, t.kind)],
);

/** Each reminder about a condition (due in 14 days, in 3 days, overdue) is sent once. */
export const conditionReminders = sqliteTable(
  "condition_reminders",
  {
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    conditionId: text("condition_id")
      .notNull()
      .references(() => conditions.id),
    kind: text("kind").notNull(),
    sentAt: text("sent_at").notNull(),
  },
  (t) => [uniqueIndex("condition_reminders_pk").on(t.institutionId, t.conditionId, t.kind)],
);

// ---------------------------------------------------------------------------------------------
// Screening against published lists (issue 15, O12/O13). Lists are loaded per institution (a bank
// may bring its own vendor's list); a refresh replaces a list's entries and keeps its id. Hits
// copy what the RM must see (list, listed name, date listed) so they stay readable after the entry
// leaves the list; a hit is current while the last screening still found it.
export const screeningLists = sqliteTable(
  "screening_lists",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    kind: text("kind", { enum: ["uflpa", "cbp-wro", "br-lista-suja", "ftm"] }).notNull(),
    name: text("name").notNull(),
    sourceUrl: text("source_url").notNull(),
    retrievedDate: text("retrieved_date").notNull(),
    sha256: text("sha256").notNull(),
    entryCount: integer("entry_count").notNull(),
    isSample: integer("is_sample", { mode: "boolean" }).notNull(),
    importedAt: text("imported_at").notNull(),
    importedBy: text("imported_by").references(() => users.id),
  },
  (t) => [uniqueIndex("screening_lists_institution_kind_name").on(t.institutionId, t.kind, t.name)],
);

export const screeningEntries = sqliteTable(
  "screening_entries",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    listId: text("list_id")
      .notNull()
      .references(() => screeningLists.id),
    entryKey: text("entry_key").notNull(),
    name: text("name").notNull(),
    aliases: text("aliases", { mode: "json" }).$type<string[]>().notNull(),
    country: text("country"),
    listedDate: text("listed_date"),
    details: text("details"),
  },
  (t) => [index("screening_entries_institution_list").on(t.institutionId, t.listId)],
);

export const screeningHits = sqliteTable(
  "screening_hits",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    subjectKind: text("subject_kind", { enum: ["client", "agency"] }).notNull(),
    subjectName: text("subject_name").notNull(),
    subjectKey: text("subject_key").notNull(),
    listId: text("list_id")
      .notNull()
      .references(() => screeningLists.id),
    listKind: text("list_kind").notNull(),
    listName: text("list_name").notNull(),
    entryKey: text("entry_key").notNull(),
    listedName: text("listed_name").notNull(),
    matchedName: text("matched_name").notNull(),
    listedCountry: text("listed_country"),
    listedDate: text("listed_date"),
    score: integer("score").notNull(),
    status: text("status", { enum: ["pending", "true-match", "false-positive"] }).notNull(),
    isCurrent: integer("is_current", { mode: "boolean" }).notNull(),
    assessmentId: text("assessment_id"),
    foundAt: text("found_at").notNull(),
    screenedAt: text("screened_at").notNull(),
  },
  (t) => [
    uniqueIndex("screening_hits_subject_entry").on(t.institutionId, t.clientId, t.subjectKind, t.subjectKey, t.listId, t.entryKey),
    index("screening_hits_institution_status").on(t.institutionId, t.status, t.isCurrent),
  ],
);

export const screeningDispositions = sqliteTable(
  "screening_dispositions",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    hitId: text("hit_id")
      .notNull()
      .references(() => screeningHits.id),
    disposition: text("disposition", { enum: ["true-match", "false-positive"] }).notNull(),
    reason: text("reason").notNull(),
    decidedBy: text("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: text("decided_at").notNull(),
  },
  (t) => [index("screening_dispositions_institution_hit").on(t.institutionId, t.hitId)],
);

/**
 * The client's no-account link to its results and conditions (issue 17, F18): `pvn_cli_` + 32
 * random bytes, only the SHA-256 stored, expiring; one per approved decision with a contact.
 */
export const clientLinks = sqliteTable(
  "client_links",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    decisionId: text("decision_id")
      .notNull()
      .references(() => decisions.id),
    clientId: text("client_id")
      .notNull()
      .references(() => clients.id),
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("client_links_institution_decision").on(t.institutionId, t.decisionId)],
);

/** What the client sent for a condition through its link: proof (a document) and/or an update. */
export const conditionUpdates = sqliteTable(
  "condition_updates",
  {
    id: text("id").primaryKey(),
    institutionId: text("institution_id")
      .notNull()
      .references(() => institutions.id),
    conditionId: text("condition_id")
      .notNull()
      .references(() => conditions.id),
    linkId: text("link_id")
      .notNull()
      .references(() => clientLinks.id),
    documentId: text("document_id").references(() => documents.id),
    note: text("note"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("condition_updates_institution_condition").on(t.institutionId, t.conditionId, t.createdAt)],
);
