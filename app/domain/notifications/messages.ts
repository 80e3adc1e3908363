// The words of every notification (issue 17, F13, F21, F22): staff messages in the staff member's
// language, client messages in the assessment's language, dates as people write them and instants
// in the institution's time zone. One quote style (“…”) in both languages; no codes, ids or file
// names a reader would have to decode. Pure: the caller resolves names and passes the clock's zone.
import { calendarDateIn, formatDate, formatDateTime } from "./dates";
import { linkOf, type ConditionStage, type Lang, type Outcome, type StaffNotification } from "./kinds";

type Catalogue = Record<string, string>;

const en = {
  "outcome.approve": "Approve",
  "outcome.approve-with-conditions": "Approve with conditions",
  "outcome.enhanced-due-diligence": "Enhanced due diligence",
  "outcome.decline": "Decline",
  "scope.read": "read only",
  "scope.read-write": "read and write",
  "scope.audit": ", with the audit log",

  "decision.proposed.title": "Decision awaiting your approval: {client}",
  "decision.proposed.body": "{proposer} proposed “{outcome}” for {client} on {at}. Review it, then approve it or send it back.",
  "decision.approved.title": "Decision approved: {client}",
  "decision.approved.body": "{reviewer} approved “{outcome}” for {client} on {at}. Valid until {validUntil}.{comment}",
  "decision.rejected.title": "Decision sent back: {client}",
  "decision.rejected.body": "{reviewer} sent back the proposal “{outcome}” for {client} on {at}.{comment} You can propose again.",
  "decision.comment": " Comment: {comment}",
  "assessment.submitted.title": "{client} submitted {questionnaire}",
  "assessment.resubmitted.title": "{client} resubmitted {questionnaire}",
  "assessment.submitted.body": "Signed by {signatory} on {at}. The answers and the score are ready for review.",
  "condition.due-14.title": "Condition due in 14 days: {client}",
  "condition.due-3.title": "Condition due in 3 days: {client}",
  "condition.overdue.title": "Condition overdue: {client}",
  "condition.due.body": "“{text}” is due on {due}.",
  "condition.overdue.body": "“{text}” was due on {due} and is not met. Follow up with the client.",
  "condition.proof-received.title": "Proof received for a condition: {client}",
  "condition.proof-received.body": "{client} sent proof or an update for “{text}”. Review it and propose met or not met.",
  "condition.proposed-met.title": "Condition awaiting your confirmation: {client}",
  "condition.proposed-met.body": "{actor} proposes that “{text}” is met. Review the proof and confirm it.",
  "condition.proposed-not-met.title": "Condition not met yet: {client}",
  "condition.proposed-not-met.body": "{actor} found that the proof for “{text}” does not show the condition is met; the client was asked for more.",
  "condition.confirmed.title": "Condition met: {client}",
  "condition.confirmed.body": "{actor} confirmed that “{text}” is met.",
  "security.api-key-created.title": "API key created: {name}",
  "security.api-key-created.body": "{creator} created the API key “{name}” ({scope}) on {at}. If you did not expect it, revoke it on the API keys page.",

  "staff.email.greeting": "Hello {name},",
  "staff.email.open": "Open it in Provenant: {link}",
  "staff.email.footer": "You get this e-mail because of your notification settings in {institution}. Choose in-app only on your account page: {account}",
  "staff.email.securityFooter": "This is a security notice from {institution}: it cannot be turned off.",

  "client.greeting": "Dear {name},",
  "client.signature": "{institution}",
  "client.questions": "Questions: {rm} ({rmEmail}).",
  "client.link": "Your results and your conditions, with a place to upload proof and write an update for each, are on this private page (no account needed, valid until {until}; do not forward it):\n{link}",
  "client.linkResults": "Your results are on this private page (no account needed, valid until {until}; do not forward it):\n{link}",
  "client.proofLink": "How to submit proof: upload it for each condition on the page above before its due date. We will remind you 14 and 3 days before each due date.",
  "client.proof": "How to submit proof: send the documents that show a condition is met to {rm} at {rmEmail} before its due date, and name the condition in your message. We will remind you 14 and 3 days before each due date.",
  "client.decision.subject": "{institution}: the result of your due-diligence assessment",
  "client.decision.intro": "{institution} has completed its review of the questionnaire {client} submitted on {submitted}.",
  "client.decision.outcome": "Result: {outcome}",
  "client.outcome.approve": "Approved. The approval is valid until {validUntil}.",
  "client.outcome.approve-with-conditions": "Approved with conditions. The approval is valid until {validUntil}, as long as {client} meets each condition below by its due date.",
  "client.outcome.enhanced-due-diligence": "Further review needed. {institution} will carry out enhanced due diligence before it decides; your relationship manager will contact you about the next steps.",
  "client.outcome.decline": "Not approved. {institution} cannot go ahead on the basis of this assessment; your relationship manager can explain what would need to change.",
  "client.decision.conditions": "Conditions to meet:",
  "client.condition.line": "{n}. {text} (due {due})",
  "client.decision.attestation": "The signed attestation of this result is attached as a PDF. Anyone you share it with can check that it is authentic at {verifyUrl}.",
  "client.reminder.subject.due-14": "{institution}: a condition is due in 14 days",
  "client.reminder.subject.due-3": "{institution}: a condition is due in 3 days",
  "client.reminder.subject.overdue": "{institution}: a condition is overdue",
  "client.reminder.due-14": "This is a reminder that a condition of {institution}'s approval of {client} is due in 14 days, on {due}:",
  "client.reminder.due-3": "This is a reminder that a condition of {institution}'s approval of {client} is due in 3 days, on {due}:",
  "client.reminder.overdue": "A condition of {institution}'s approval of {client} was due on {due}, and we have not received proof that it is met:",
  "client.reminder.overdueAction": "Please send the proof as soon as possible, or contact {rm} if you need more time.",
  "client.receipt.subject": "{institution}: we received your questionnaire",
  "client.receipt.body": "{institution} received the questionnaire “{questionnaire}” for {client}, signed by {signatory} on {at}.",
  "client.receipt.attached": "Your receipt, with every answer as it was submitted, is attached as a PDF. Keep it for your records.",
  "client.receipt.next": "{institution} will review the answers and tell you the result.",
} as const;

type Key = keyof typeof en;

const es: Record<Key, string> = {
  "outcome.approve": "Aprobar",
  "outcome.approve-with-conditions": "Aprobar con condiciones",
  "outcome.enhanced-due-diligence": "Debida diligencia reforzada",
  "outcome.decline": "Rechazar al cliente",
  "scope.read": "solo lectura",
  "scope.read-write": "lectura y escritura",
  "scope.audit": ", con el registro de auditoría",

  "decision.proposed.title": "Decisión pendiente de su aprobación: {client}",
  "decision.proposed.body": "{proposer} propuso “{outcome}” para {client} el {at}. Revísela y apruébela o devuélvala.",
  "decision.approved.title": "Decisión aprobada: {client}",
  "decision.approved.body": "{reviewer} aprobó “{outcome}” para {client} el {at}. Vigente hasta el {validUntil}.{comment}",
  "decision.rejected.title": "Decisión devuelta: {client}",
  "decision.rejected.body": "{reviewer} devolvió la propuesta “{outcome}” para {client} el {at}.{comment} Puede proponer de nuevo.",
  "decision.comment": " Comentario: {comment}",
  "assessment.submitted.title": "{client} envió {questionnaire}",
  "assessment.resubmitted.title": "{client} volvió a enviar {questionnaire}",
  "assessment.submitted.body": "Firmado por {signatory} el {at}. Las respuestas y la puntuación están listas para revisión.",
  "condition.due-14.title": "Condición por vencer en 14 días: {client}",
  "condition.due-3.title": "Condición por vencer en 3 días: {client}",
  "condition.overdue.title": "Condición vencida: {client}",
  "condition.due.body": "“{text}” vence el {due}.",
  "condition.overdue.body": "“{text}” venció el {due} y no se ha cumplido. Haga el seguimiento con el cliente.",
  "condition.proof-received.title": "Evidencia recibida para una condición: {client}",
  "condition.proof-received.body": "{client} envió evidencia o una actualización para “{text}”. Revísela y proponga si se cumplió o no.",
  "condition.proposed-met.title": "Condición pendiente de su confirmación: {client}",
  "condition.proposed-met.body": "{actor} propone que “{text}” se cumplió. Revise la evidencia y confírmelo.",
  "condition.proposed-not-met.title": "Condición aún no cumplida: {client}",
  "condition.proposed-not-met.body": "{actor} consideró que la evidencia de “{text}” no demuestra que la condición se cumplió; se pidió más al cliente.",
  "condition.confirmed.title": "Condición cumplida: {client}",
  "condition.confirmed.body": "{actor} confirmó que “{text}” se cumplió.",
  "security.api-key-created.title": "Clave de API creada: {name}",
  "security.api-key-created.body": "{creator} creó la clave de API “{name}” ({scope}) el {at}. Si no la esperaba, revóquela en la página Claves de API.",

  "staff.email.greeting": "Hola, {name}:",
  "staff.email.open": "Ábrala en Provenant: {link}",
  "staff.email.footer": "Recibe este correo por su configuración de notificaciones en {institution}. Puede elegir solo en la aplicación en la página de su cuenta: {account}",
  "staff.email.securityFooter": "Este es un aviso de seguridad de {institution}: no se puede desactivar.",

  "client.greeting": "Hola, {name}:",
  "client.signature": "{institution}",
  "client.questions": "Consultas: {rm} ({rmEmail}).",
  "client.link": "Sus resultados y sus condiciones, con un lugar para subir la evidencia y escribir una actualización de cada una, están en esta página privada (no necesita cuenta; vigente hasta el {until}; no la reenvíe):\n{link}",
  "client.linkResults": "Sus resultados están en esta página privada (no necesita cuenta; vigente hasta el {until}; no la reenvíe):\n{link}",
  "client.proofLink": "Cómo enviar la evidencia: súbala para cada condición en la página indicada arriba antes de su fecha límite. Le recordaremos 14 y 3 días antes de cada fecha límite.",
  "client.proof": "Cómo enviar la evidencia: envíe a {rm} ({rmEmail}) los documentos que muestran que una condición se cumplió antes de su fecha límite, e indique la condición en su mensaje. Le recordaremos 14 y 3 días antes de cada fecha límite.",
  "client.decision.subject": "{institution}: resultado de su evaluación de debida diligencia",
  "client.decision.intro": "{institution} terminó la revisión del cuestionario que {client} envió el {submitted}.",
  "client.decision.outcome": "Resultado: {outcome}",
  "client.outcome.approve": "Aprobado. La aprobación está vigente hasta el {validUntil}.",
  "client.outcome.approve-with-conditions": "Aprobado con condiciones. La aprobación está vigente hasta el {validUntil}, siempre que {client} cumpla cada condición de abajo antes de su fecha límite.",
  "client.outcome.enhanced-due-diligence": "Se necesita una revisión adicional. {institution} realizará una debida diligencia reforzada antes de decidir; su ejecutivo de cuenta se comunicará con usted para los siguientes pasos.",
  "client.outcome.decline": "No aprobado. {institution} no puede continuar con base en esta evaluación; su ejecutivo de cuenta puede explicarle qué tendría que cambiar.",
  "client.decision.conditions": "Condiciones que debe cumplir:",
  "client.condition.line": "{n}. {text} (fecha límite: {due})",
  "client.decision.attestation": "La constancia firmada de este resultado va adjunta en PDF. Cualquier persona con quien la comparta puede comprobar su autenticidad en {verifyUrl}.",
  "client.reminder.subject.due-14": "{institution}: una condición vence en 14 días",
  "client.reminder.subject.due-3": "{institution}: una condición vence en 3 días",
  "client.reminder.subject.overdue": "{institution}: una condición está vencida",
  "client.reminder.due-14": "Le recordamos que una condición de la aprobación de {institution} para {client} vence en 14 días, el {due}:",
  "client.reminder.due-3": "Le recordamos que una condición de la aprobación de {institution} para {client} vence en 3 días, el {due}:",
  "client.reminder.overdue": "Una condición de la aprobación de {institution} para {client} venció el {due} y no hemos recibido evidencia de que se haya cumplido:",
  "client.reminder.overdueAction": "Envíe la evidencia lo antes posible, o comuníquese con {rm} si necesita más tiempo.",
  "client.receipt.subject": "{institution}: recibimos su cuestionario",
  "client.receipt.body": "{institution} recibió el cuestionario “{questionnaire}” de {client}, firmado por {signatory} el {at}.",
  "client.receipt.attached": "Su comprobante, con cada respuesta tal como se envió, va adjunto en PDF. Consérvelo para sus registros.",
  "client.receipt.next": "{institution} revisará las respuestas y le informará el resultado.",
};

export const NOTIFICATION_MESSAGES: Record<Lang, Record<Key, string>> = { en, es };

function m(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return (NOTIFICATION_MESSAGES[lang] as Catalogue)[key]!.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function outcomeLabel(outcome: Outcome, lang: Lang): string {
  return m(lang, `outcome.${outcome}`);
}

export type Rendered = { title: string; body: string };

/** A staff notification's title and one-paragraph body, in `lang`, instants in `timeZone`. */
export function renderStaff(n: StaffNotification, lang: Lang, timeZone: string): Rendered {
  const at = (iso: string) => formatDateTime(iso, lang, timeZone);
  const comment = (c: string | null) => (c ? m(lang, "decision.comment", { comment: c }) : "");
  switch (n.kind) {
    case "decision.proposed": {
      const p = n.params;
      return { title: m(lang, "decision.proposed.title", { client: p.clientName }), body: m(lang, "decision.proposed.body", { proposer: p.proposerName, outcome: outcomeLabel(p.outcome, lang), client: p.clientName, at: at(p.proposedAt) }) };
    }
    case "decision.approved": {
      const p = n.params;
      return {
        title: m(lang, "decision.approved.title", { client: p.clientName }),
        body: m(lang, "decision.approved.body", { reviewer: p.reviewerName, outcome: outcomeLabel(p.outcome, lang), client: p.clientName, at: at(p.reviewedAt), validUntil: formatDate(p.validUntil, lang), comment: comment(p.comment) }),
      };
    }
    case "decision.rejected": {
      const p = n.params;
      return { title: m(lang, "decision.rejected.title", { client: p.clientName }), body: m(lang, "decision.rejected.body", { reviewer: p.reviewerName, outcome: outcomeLabel(p.outcome, lang), client: p.clientName, at: at(p.reviewedAt), comment: comment(p.comment) }) };
    }
    case "assessment.submitted": {
      const p = n.params;
      const signatory = p.signatoryTitle ? `${p.signatoryName} (${p.signatoryTitle})` : p.signatoryName;
      return {
        title: m(lang, p.resubmission ? "assessment.resubmitted.title" : "assessment.submitted.title", { client: p.clientName, questionnaire: p.questionnaire[lang] }),
        body: m(lang, "assessment.submitted.body", { signatory, at: at(p.submittedAt) }),
      };
    }
    case "condition.reminder": {
      const p = n.params;
      return { title: m(lang, `condition.${p.stage}.title`, { client: p.clientName }), body: m(lang, p.stage === "overdue" ? "condition.overdue.body" : "condition.due.body", { text: p.text, due: formatDate(p.dueDate, lang) }) };
    }
    case "condition.update": {
      const p = n.params;
      return { title: m(lang, `condition.${p.step}.title`, { client: p.clientName }), body: m(lang, `condition.${p.step}.body`, { client: p.clientName, text: p.text, actor: p.actorName }) };
    }
    case "security.api-key-created": {
      const p = n.params;
      const scope = `${m(lang, `scope.${p.scope}`)}${p.canReadAudit ? m(lang, "scope.audit") : ""}`;
      return { title: m(lang, "security.api-key-created.title", { name: p.keyName }), body: m(lang, "security.api-key-created.body", { creator: p.creatorName, name: p.keyName, scope, at: at(p.createdAt) }) };
    }
  }
}

export type Email = { subject: string; body: string };

/** The e-mail of a staff notification: the same words, a link to the page, and why it came. */
export function renderStaffEmail(n: StaffNotification, ctx: { lang: Lang; timeZone: string; recipientName: string; institution: string; publicUrl: string; isSecurity: boolean }): Email {
  const { title, body } = renderStaff(n, ctx.lang, ctx.timeZone);
  const footer = ctx.isSecurity ? m(ctx.lang, "staff.email.securityFooter", { institution: ctx.institution }) : m(ctx.lang, "staff.email.footer", { institution: ctx.institution, account: `${ctx.publicUrl}/app/account` });
  return {
    subject: title,
    body: [m(ctx.lang, "staff.email.greeting", { name: ctx.recipientName }), body, m(ctx.lang, "staff.email.open", { link: `${ctx.publicUrl}${linkOf(n)}` }), `— ${ctx.institution}`, footer].join("\n\n"),
  };
}

// ---------------------------------------------------------------------------------------------
// Client-facing e-mails (the assessment's language).

export type ClientContext = { lang: Lang; timeZone: string; institution: string; client: string; contactName: string; rm: string; rmEmail: string };

function clientFrame(ctx: ClientContext, paragraphs: string[]): string {
  return [m(ctx.lang, "client.greeting", { name: ctx.contactName }), ...paragraphs, m(ctx.lang, "client.signature", { institution: ctx.institution })].join("\n\n");
}

export type DecisionEmailInput = {
  outcome: Outcome;
  validUntil: string;
  submittedAt: string;
  conditions: Array<{ text: string; dueDate: string }>;
  verifyUrl: string;
  hasAttestation: boolean;
  /** The client's private results-and-conditions page (F18), when one was issued. */
  link?: { url: string; expiresDate: string };
};

/** The client is told the outcome in words, the conditions with due dates and how to submit proof. */
export function renderClientDecision(ctx: ClientContext, input: DecisionEmailInput): Email {
  const { lang } = ctx;
  const vars = { institution: ctx.institution, client: ctx.client, validUntil: formatDate(input.validUntil, lang) };
  const paragraphs = [m(lang, "client.decision.intro", { ...vars, submitted: formatDate(calendarDateIn(new Date(input.submittedAt), ctx.timeZone), lang) }), m(lang, "client.decision.outcome", { outcome: m(lang, `client.outcome.${input.outcome}`, vars) })];
  if (input.link) paragraphs.push(m(lang, input.conditions.length > 0 ? "client.link" : "client.linkResults", { link: input.link.url, until: formatDate(input.link.expiresDate, lang) }));
  if (input.conditions.length > 0) {
    const lines = input.conditions.map((c, i) => m(lang, "client.condition.line", { n: i + 1, text: c.text, due: formatDate(c.dueDate, lang) }));
    paragraphs.push([m(lang, "client.decision.conditions"), ...lines].join("\n"), input.link ? m(lang, "client.proofLink") : m(lang, "client.proof", { rm: ctx.rm, rmEmail: ctx.rmEmail }));
  }
  if (input.hasAttestation) paragraphs.push(m(lang, "client.decision.attestation", { verifyUrl: input.verifyUrl }));
  paragraphs.push(m(lang, "client.questions", { rm: ctx.rm, rmEmail: ctx.rmEmail }));
  return { subject: m(lang, "client.decision.subject", vars), body: clientFrame(ctx, paragraphs) };
}

export function renderClientConditionReminder(ctx: ClientContext, input: { stage: ConditionStage; text: string; dueDate: string }): Email {
  const { lang } = ctx;
  const vars = { institution: ctx.institution, client: ctx.client, due: formatDate(input.dueDate, lang), rm: ctx.rm, rmEmail: ctx.rmEmail };
  const paragraphs = [m(lang, `client.reminder.${input.stage}`, vars), `“${input.text}”`];
  if (input.stage === "overdue") paragraphs.push(m(lang, "client.reminder.overdueAction", vars));
  paragraphs.push(m(lang, "client.proof", vars));
  return { subject: m(lang, `client.reminder.subject.${input.stage}`, vars), body: clientFrame(ctx, paragraphs) };
}

export function renderSubmissionReceipt(ctx: ClientContext, input: { questionnaire: string; signatory: string; submittedAt: string }): Email {
  const { lang } = ctx;
  const vars = { institution: ctx.institution, client: ctx.client, questionnaire: input.questionnaire, signatory: input.signatory, at: formatDateTime(input.submittedAt, lang, ctx.timeZone) };
  return {
    subject: m(lang, "client.receipt.subject", vars),
    body: clientFrame(ctx, [m(lang, "client.receipt.body", vars), m(lang, "client.receipt.attached"), m(lang, "client.receipt.next", vars), m(lang, "client.questions", { rm: ctx.rm, rmEmail: ctx.rmEmail })]),
  };
}
