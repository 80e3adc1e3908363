// The pure notifications module (issue 17): recipients, channels, words in both languages, dates
// as people write them in the institution's time zone, and the condition-reminder schedule.
import {
  calendarDateIn,
  channelsFor,
  dueConditionReminders,
  formatDate,
  formatDateTime,
  isTimeZone,
  linkOf,
  NOTIFICATION_MESSAGES,
  parseStored,
  recipientsFor,
  renderClientConditionReminder,
  renderClientDecision,
  renderStaff,
  renderStaffEmail,
  renderSubmissionReceipt,
  serialiseParams,
  STAFF_KINDS,
  type Member,
  type StaffNotification,
} from "~/domain/notifications";

const members: Member[] = [
  { userId: "rm", roles: ["rm"], isActive: true },
  { userId: "ap1", roles: ["approver"], isActive: true },
  { userId: "ap2", roles: ["approver", "rm"], isActive: true },
  { userId: "ap-off", roles: ["approver"], isActive: false },
  { userId: "admin", roles: ["admin"], isActive: true },
  { userId: "aud", roles: ["auditor"], isActive: true },
];

describe("recipients", () => {
  it("a proposal goes to every active approver except its proposer", () => {
    expect(recipientsFor({ kind: "decision.proposed", actorId: "ap2" }, members)).toEqual(["ap1"]);
    expect(recipientsFor({ kind: "decision.proposed", actorId: "rm" }, members).sort()).toEqual(["ap1", "ap2"]);
  });

  it("an approval or a send-back goes to the proposer and the client's RM, once each, never to the reviewer", () => {
    expect(recipientsFor({ kind: "decision.approved", actorId: "ap1", proposerId: "ap2", rmUserId: "rm" }, members).sort()).toEqual(["ap2", "rm"]);
    expect(recipientsFor({ kind: "decision.rejected", actorId: "ap1", proposerId: "rm", rmUserId: "rm" }, members)).toEqual(["rm"]);
    expect(recipientsFor({ kind: "decision.approved", actorId: "ap1", proposerId: "rm", rmUserId: "ap1" }, members)).toEqual(["rm"]);
  });

  it("a submission goes to the client's RM, or to whoever sent it when the RM is missing or inactive", () => {
    expect(recipientsFor({ kind: "assessment.submitted", rmUserId: "rm", sentBy: "ap2" }, members)).toEqual(["rm"]);
    expect(recipientsFor({ kind: "assessment.submitted", rmUserId: null, sentBy: "ap2" }, members)).toEqual(["ap2"]);
    expect(recipientsFor({ kind: "assessment.submitted", rmUserId: "ap-off", sentBy: "rm" }, members)).toEqual(["rm"]);
  });

  it("a condition reminder goes to the RM; an API key notice to every active admin", () => {
    expect(recipientsFor({ kind: "condition.reminder", rmUserId: "rm", proposerId: "ap2" }, members)).toEqual(["rm"]);
    expect(recipientsFor({ kind: "condition.reminder", rmUserId: null, proposerId: "ap2" }, members)).toEqual(["ap2"]);
    expect(recipientsFor({ kind: "security.api-key-created", actorId: "admin" }, members)).toEqual(["admin"]);
  });
});

describe("channels", () => {
  it("always in-app; e-mail unless the person chose in-app only; security kinds are always e-mailed", () => {
    expect(channelsFor("decision.proposed", undefined)).toEqual({ inApp: true, email: true });
    expect(channelsFor("decision.proposed", false)).toEqual({ inApp: true, email: false });
    expect(channelsFor("security.api-key-created", false)).toEqual({ inApp: true, email: true });
  });
});

describe("dates", () => {
  it("writes calendar dates in words in both languages, never ISO", () => {
    expect(formatDate("2026-12-21", "es")).toBe("21 de diciembre de 2026");
    expect(formatDate("2026-12-21", "en")).toBe("December 21, 2026");
  });

  it("writes instants in the institution's time zone", () => {
    const iso = "2026-12-21T05:30:00.000Z";
    expect(formatDateTime(iso, "en", "America/Mexico_City")).toMatch(/^December 20, 2026 at 11:30\s?PM CST$/);
    expect(formatDateTime(iso, "es", "America/Mexico_City")).toMatch(/^20 de diciembre de 2026, 11:30\s?p\.\s?m\.|^20 de diciembre de 2026 a las 11:30\s?p\.\s?m\./);
    expect(formatDateTime(iso, "es", "Asia/Tokyo")).toMatch(/^21 de diciembre de 2026 a las 2:30\s?p\.\s?m\. GMT\+9$/);
    expect(formatDateTime(iso, "en", "Asia/Tokyo")).toContain("December 21, 2026 at 2:30");
    expect(calendarDateIn(new Date(iso), "America/Mexico_City")).toBe("2026-12-20");
    expect(calendarDateIn(new Date(iso), "Asia/Tokyo")).toBe("2026-12-21");
  });

  it("knows IANA zones and refuses anything else", () => {
    expect(isTimeZone("America/Bogota")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("GMT-6 ")).toBe(false);
  });
});

const proposed: StaffNotification = {
  kind: "decision.proposed",
  params: { decisionId: "d1", clientId: "c1", clientName: "Textiles Andinos S.A.", outcome: "approve-with-conditions", proposerName: "Rita RM", proposedAt: "2026-12-21T16:05:00.000Z" },
};

describe("staff words", () => {
  it("renders in the staff member's language with the institution's local time", () => {
    expect(renderStaff(proposed, "en", "America/Mexico_City")).toEqual({
      title: "Decision awaiting your approval: Textiles Andinos S.A.",
      body: expect.stringMatching(/^Rita RM proposed “Approve with conditions” for Textiles Andinos S\.A\. on December 21, 2026 at 10:05\s?AM CST\. Review it/),
    });
    const es = renderStaff(proposed, "es", "America/Mexico_City");
    expect(es.title).toBe("Decisión pendiente de su aprobación: Textiles Andinos S.A.");
    expect(es.body).toMatch(/^Rita RM propuso “Aprobar con condiciones” para Textiles Andinos S\.A\. el 21 de diciembre de 2026 a las 10:05\s?a\.\s?m\./);
    expect(es.body).not.toMatch(/\d{4}-\d\d-\d\d|UTC/);
  });

  it("names the questionnaire once in a submission notice (F21) and links each kind to its page", () => {
    const n: StaffNotification = {
      kind: "assessment.submitted",
      params: { assessmentId: "a1", clientId: "c1", clientName: "Río Bravo", questionnaire: { en: "Due-diligence questionnaire", es: "Cuestionario de debida diligencia" }, submittedAt: "2026-12-21T16:05:00.000Z", signatoryName: "Ana", signatoryTitle: "CEO", resubmission: false },
    };
    expect(renderStaff(n, "en", "UTC").title).toBe("Río Bravo submitted Due-diligence questionnaire");
    expect(renderStaff(n, "es", "UTC").title).toBe("Río Bravo envió Cuestionario de debida diligencia");
    expect(linkOf(n)).toBe("/app/assessments/a1/review");
    expect(linkOf(proposed)).toBe("/app/decisions/d1");
  });

  it("e-mails carry the page link and why the mail came; a security notice says it cannot be turned off", () => {
    const mail = renderStaffEmail(proposed, { lang: "es", timeZone: "America/Mexico_City", recipientName: "Alba", institution: "Banco Demo", publicUrl: "https://p.example", isSecurity: false });
    expect(mail.subject).toBe("Decisión pendiente de su aprobación: Textiles Andinos S.A.");
    expect(mail.body).toContain("Hola, Alba:");
    expect(mail.body).toContain("https://p.example/app/decisions/d1");
    expect(mail.body).toContain("https://p.example/app/account");
    const key: StaffNotification = { kind: "security.api-key-created", params: { apiKeyId: "k", keyName: "Core banking", scope: "read", canReadAudit: true, creatorName: "Ada", createdAt: "2026-12-21T16:05:00.000Z" } };
    const sec = renderStaffEmail(key, { lang: "en", timeZone: "UTC", recipientName: "Ada", institution: "Banco Demo", publicUrl: "https://p.example", isSecurity: true });
    expect(sec.body).toContain("read only, with the audit log");
    expect(sec.body).toContain("cannot be turned off");
  });

  it("stores params as checked JSON and reads back only what it knows", () => {
    const text = serialiseParams(proposed);
    expect(parseStored("decision.proposed", text)).toEqual(proposed);
    expect(parseStored("decision.proposed", "{}")).toBeUndefined();
    expect(parseStored("no.such-kind", text)).toBeUndefined();
    expect(() => serialiseParams({ ...proposed, params: { ...proposed.params, outcome: "maybe" as "approve" } })).toThrow();
  });

  it("every kind has words in both languages with the same placeholders", () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
    for (const [key, text] of Object.entries(NOTIFICATION_MESSAGES.en)) expect([key, ph(NOTIFICATION_MESSAGES.es[key as keyof typeof NOTIFICATION_MESSAGES.es])]).toEqual([key, ph(text)]);
    expect(STAFF_KINDS.length).toBe(7);
  });
});

describe("client words", () => {
  const ctx = { timeZone: "America/Mexico_City", institution: "Banco Demo", client: "Textiles Andinos S.A.", contactName: "Ana Pérez", rm: "Rita RM", rmEmail: "rita@banco.test" };

  it("tells the client the outcome, the conditions with due dates and how to submit proof, in the assessment's language", () => {
    const input = { outcome: "approve-with-conditions" as const, validUntil: "2028-12-21", submittedAt: "2026-12-15T03:00:00.000Z", conditions: [{ text: "Send the signed policy", dueDate: "2027-03-21" }], verifyUrl: "https://p.example/verify", hasAttestation: true };
    const es = renderClientDecision({ ...ctx, lang: "es" }, input);
    expect(es.subject).toBe("Banco Demo: resultado de su evaluación de debida diligencia");
    expect(es.body).toContain("que Textiles Andinos S.A. envió el 14 de diciembre de 2026");
    expect(es.body).toContain("Resultado: Aprobado con condiciones. La aprobación está vigente hasta el 21 de diciembre de 2028");
    expect(es.body).toContain("1. Send the signed policy (fecha límite: 21 de marzo de 2027)");
    expect(es.body).toContain("Cómo enviar la evidencia: envíe a Rita RM (rita@banco.test)");
    expect(es.body).toContain("https://p.example/verify");
    expect(es.body).not.toMatch(/\d{4}-\d\d-\d\d|UTC/);
    const en = renderClientDecision({ ...ctx, lang: "en" }, { ...input, outcome: "decline", conditions: [], hasAttestation: false });
    expect(en.body).toContain("Result: Not approved.");
    expect(en.body).not.toContain("How to submit proof");
    expect(en.body).not.toContain("attestation");
  });

  it("with a results link, points the client to it for proof instead of the RM's mailbox (F18)", () => {
    const input = { outcome: "approve-with-conditions" as const, validUntil: "2028-12-21", submittedAt: "2026-12-15T03:00:00.000Z", conditions: [{ text: "Send the signed policy", dueDate: "2027-03-21" }], verifyUrl: "https://p.example/verify", hasAttestation: false, link: { url: "https://p.example/c/pvn_cli_abc", expiresDate: "2028-12-21" } };
    const es = renderClientDecision({ ...ctx, lang: "es" }, input);
    expect(es.body).toContain("están en esta página privada (no necesita cuenta; vigente hasta el 21 de diciembre de 2028; no la reenvíe):\nhttps://p.example/c/pvn_cli_abc");
    expect(es.body).toContain("Cómo enviar la evidencia: súbala para cada condición");
    expect(es.body).not.toContain("rita@banco.test) los documentos");
    const en = renderClientDecision({ ...ctx, lang: "en" }, { ...input, outcome: "approve", conditions: [] });
    expect(en.body).toContain("Your results are on this private page");
  });

  it("reminds about a condition and acknowledges a submission", () => {
    const r = renderClientConditionReminder({ ...ctx, lang: "en" }, { stage: "overdue", text: "Publish the statement", dueDate: "2027-01-05" });
    expect(r.subject).toBe("Banco Demo: a condition is overdue");
    expect(r.body).toContain("was due on January 5, 2027");
    const receipt = renderSubmissionReceipt({ ...ctx, lang: "es" }, { questionnaire: "Cuestionario de debida diligencia", signatory: "Ana Pérez (Gerente)", submittedAt: "2026-12-21T05:30:00.000Z" });
    expect(receipt.subject).toBe("Banco Demo: recibimos su cuestionario");
    expect(receipt.body).toMatch(/firmado por Ana Pérez \(Gerente\) el 20 de diciembre de 2026 a las 11:30/);
    expect(receipt.body).toContain("va adjunto en PDF");
  });
});

describe("condition reminders", () => {
  const c = { id: "k", status: "open" as const, decisionStatus: "approved", dueDate: "2027-03-31", approvedDate: "2027-01-01", sentStages: [] as string[] };

  it("sends 14 days before, 3 days before and once overdue, each once", () => {
    expect(dueConditionReminders([c], "2027-03-16")).toEqual([]);
    expect(dueConditionReminders([c], "2027-03-17")).toEqual([{ conditionId: "k", stage: "due-14", passed: [] }]);
    expect(dueConditionReminders([{ ...c, sentStages: ["due-14"] }], "2027-03-20")).toEqual([]);
    expect(dueConditionReminders([{ ...c, sentStages: ["due-14"] }], "2027-03-28")).toEqual([{ conditionId: "k", stage: "due-3", passed: [] }]);
    expect(dueConditionReminders([{ ...c, sentStages: ["due-14", "due-3"] }], "2027-03-31")).toEqual([]);
    expect(dueConditionReminders([{ ...c, sentStages: ["due-14", "due-3"] }], "2027-04-01")).toEqual([{ conditionId: "k", stage: "overdue", passed: [] }]);
    expect(dueConditionReminders([{ ...c, sentStages: ["due-14", "due-3", "overdue"] }], "2027-05-01")).toEqual([]);
  });

  it("catches up with the most urgent stage only, skips stages before approval, and ignores met conditions", () => {
    expect(dueConditionReminders([c], "2027-04-02")).toEqual([{ conditionId: "k", stage: "overdue", passed: ["due-14", "due-3"] }]);
    expect(dueConditionReminders([{ ...c, approvedDate: "2027-03-25" }], "2027-03-25")).toEqual([]);
    expect(dueConditionReminders([{ ...c, approvedDate: "2027-03-25" }], "2027-03-28")).toEqual([{ conditionId: "k", stage: "due-3", passed: [] }]);
    expect(dueConditionReminders([{ ...c, status: "met" }], "2027-04-02")).toEqual([]);
    expect(dueConditionReminders([{ ...c, decisionStatus: "superseded" }], "2027-04-02")).toEqual([]);
  });
});

describe("page strings", () => {
  it("en and es have the same keys and placeholders, none blank", async () => {
    const { notificationsUi } = await import("~/i18n/notifications");
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
    expect(Object.keys(notificationsUi.es).sort()).toEqual(Object.keys(notificationsUi.en).sort());
    for (const [key, text] of Object.entries(notificationsUi.en)) {
      const es = notificationsUi.es[key as keyof typeof notificationsUi.es];
      expect(es.trim()).not.toBe("");
      expect([key, ph(es)]).toEqual([key, ph(text)]);
    }
    for (const kind of STAFF_KINDS) expect(Object.keys(notificationsUi.en)).toContain(`notifications.kind.${kind}`);
  });
});
