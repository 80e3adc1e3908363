// Notifications (issue 17, F13, F21): `notifyStaff` runs inside the write of the event that causes
// it (transactional outbox: the in-app rows and the e-mails commit or roll back with the event).
// Recipients, channels and words come from app/domain/notifications; a person's e-mail follows
// their language (users.language, set by the language switch) and the institution's time zone.
// The client's e-mails (decision, condition reminders, submission receipt) are written in the
// assessment's language. Also the staff side: the list, mark read, the unread count, preferences.
import type { StaffContext } from "~/auth/session.server";
import { read, reads, write, type Tx } from "~/db.server";
import {
  channelsFor,
  DEFAULT_TIME_ZONE,
  formatDateTime,
  isSecurityKind,
  linkOf,
  parseStored,
  recipientsFor,
  renderStaff,
  renderStaffEmail,
  serialiseParams,
  STAFF_KINDS,
  type RecipientEvent,
  type StaffKind,
  type StaffNotification,
} from "~/domain/notifications";
import { InvalidInputError, NotFoundError } from "~/domain/errors";
import { getEnv } from "~/env.server";
import { newId } from "~/ids.server";
import type { Lang } from "~/i18n";
import { appendAuditEvent } from "~/repositories/audit-events.server";
import { findInstitution } from "~/repositories/institutions.server";
import {
  countUnread,
  findNotification,
  insertNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notifiableMembers,
  preferencesOf,
  upsertPreference,
} from "~/repositories/notifications.server";
import type { MailAttachmentRef } from "./mail-attachments.server";
import { enqueueEmail } from "./outbox.server";

export type { MailAttachmentRef };

/** Writes the in-app notifications and e-mails of one event, in the event's transaction. */
export async function notifyStaff(input: { institutionId: string; event: RecipientEvent; notification: StaffNotification; now: Date }, tx: Tx): Promise<{ userIds: string[]; emailIds: string[] }> {
  const { institutionId, notification, now } = input;
  const members = await notifiableMembers(institutionId, tx);
  const userIds = recipientsFor(input.event, members);
  if (userIds.length === 0) return { userIds, emailIds: [] };
  const institution = await findInstitution(institutionId, tx);
  const timeZone = institution?.timeZone ?? DEFAULT_TIME_ZONE;
  const prefs = new Map((await preferencesOf(institutionId, userIds, tx)).filter((p) => p.kind === notification.kind).map((p) => [p.userId, p.byEmail]));
  const params = serialiseParams(notification);
  const nowIso = now.toISOString();
  await insertNotifications(
    userIds.map((userId) => ({ id: newId(), institutionId, userId, kind: notification.kind, params, readAt: null, createdAt: nowIso })),
    tx,
  );
  const emailIds: string[] = [];
  for (const userId of userIds) {
    if (!channelsFor(notification.kind, prefs.get(userId)).email) continue;
    const member = members.find((m) => m.userId === userId)!;
    const email = renderStaffEmail(notification, { lang: member.language, timeZone, recipientName: member.name, institution: institution?.name ?? "", publicUrl: getEnv().publicUrl, isSecurity: isSecurityKind(notification.kind) });
    emailIds.push(await enqueueEmail({ institutionId, kind: notification.kind, to: member.email, subject: email.subject, body: email.body, language: member.language, now }, tx));
  }
  return { userIds, emailIds };
}

/** A client-facing e-mail, already worded in the assessment's language. */
export async function enqueueClientEmail(input: { institutionId: string; kind: string; to: string; subject: string; body: string; language: Lang; now: Date; attachment?: MailAttachmentRef }, tx: Tx): Promise<string> {
  return await enqueueEmail(input, tx);
}

export async function institutionTimeZone(institutionId: string, tx: Parameters<typeof findInstitution>[1]): Promise<string> {
  return (await findInstitution(institutionId, tx))?.timeZone ?? DEFAULT_TIME_ZONE;
}

// ---------------------------------------------------------------------------------------------
// The staff member's side.

type Me = Pick<StaffContext, "institutionId" | "userId">;

export type NotificationView = { id: string; title: string; body: string; link: string; createdAt: string; when: string; isRead: boolean };

/** The person's notifications in this institution, newest first, worded in the page's language. */
export async function myNotifications(me: Me, lang: Lang, limit = 100): Promise<{ items: NotificationView[]; unread: number }> {
  return await read(async (q) => {
    const timeZone = await institutionTimeZone(me.institutionId, q);
    const rows = await listNotifications(me.institutionId, me.userId, limit, q);
    const items: NotificationView[] = [];
    for (const row of rows) {
      const n = parseStored(row.kind, row.params);
      if (!n) continue;
      const { title, body } = renderStaff(n, lang, timeZone);
      items.push({ id: row.id, title, body, link: linkOf(n), createdAt: row.createdAt, when: formatDateTime(row.createdAt, lang, timeZone), isRead: row.readAt !== null });
    }
    return { items, unread: await countUnread(me.institutionId, me.userId, q) };
  });
}

export async function unreadCount(me: Me): Promise<number> {
  return await countUnread(me.institutionId, me.userId, reads());
}

/** Marks one notification read and returns the page it opens; someone else's is a 404. */
export async function openNotification(me: Me, id: string, now: Date): Promise<{ link: string }> {
  return await write({ institutionId: me.institutionId }, async (tx) => {
    const row = await findNotification(me.institutionId, me.userId, id, tx);
    const n = row ? parseStored(row.kind, row.params) : undefined;
    if (!row || !n) throw new NotFoundError("Notification");
    await markNotificationRead(me.institutionId, me.userId, id, now.toISOString(), tx);
    return { link: linkOf(n) };
  });
}

export async function markRead(me: Me, id: string, now: Date): Promise<void> {
  await openNotification(me, id, now);
}

export async function markAllRead(me: Me, now: Date): Promise<number> {
  return await write({ institutionId: me.institutionId }, async (tx) => markAllNotificationsRead(me.institutionId, me.userId, now.toISOString(), tx));
}

export type PreferenceView = { kind: StaffKind; byEmail: boolean; isSecurity: boolean };

export async function myPreferences(me: Me): Promise<PreferenceView[]> {
  const stored = new Map((await preferencesOf(me.institutionId, [me.userId], reads())).map((p) => [p.kind, p.byEmail]));
  return STAFF_KINDS.map((kind) => ({ kind, byEmail: channelsFor(kind, stored.get(kind)).email, isSecurity: isSecurityKind(kind) }));
}

/**
 * Saves the person's choice per kind from the account form: a ticked `email.<kind>` means e-mail
 * as well as in-app; unticked, in-app only. Security kinds are not stored (always e-mailed); an
 * unknown kind is a 400 naming it. Audited with before and after.
 */
export async function savePreferences(me: Me, form: FormData, now: Date): Promise<PreferenceView[]> {
  const unknown = [...form.keys()].filter((k) => k.startsWith("email.") && !STAFF_KINDS.includes(k.slice(6) as StaffKind));
  if (unknown.length > 0) throw new InvalidInputError(`Unknown notification kind ${unknown[0]}`, unknown.map((k) => ({ path: k, message: "notifications.prefs.unknownKind" })));
  const before = await myPreferences(me);
  const nowIso = now.toISOString();
  await write({ institutionId: me.institutionId }, async (tx) => {
    const changed: Array<{ kind: StaffKind; byEmail: boolean }> = [];
    for (const kind of STAFF_KINDS) {
      if (isSecurityKind(kind)) continue;
      const byEmail = form.get(`email.${kind}`) === "on";
      await upsertPreference({ institutionId: me.institutionId, userId: me.userId, kind, byEmail, updatedAt: nowIso }, tx);
      if (before.find((p) => p.kind === kind)?.byEmail !== byEmail) changed.push({ kind, byEmail });
    }
    if (changed.length > 0) {
      await appendAuditEvent(
        { institutionId: me.institutionId, actorType: "user", actorId: me.userId, action: "notification-preferences.updated", subjectType: "user", subjectId: me.userId, after: { changed }, now },
        tx,
      );
    }
  });
  return await myPreferences(me);
}
