// UI strings of the notifications page, the header's unread count and the account page's
// notification settings (issue 17). `es` is typed against `en`'s keys; the words of the
// notifications themselves live in app/domain/notifications/messages.ts.
import type { Lang } from "./index";

const en = {
  "notifications.title": "Notifications",
  "notifications.intro": "What happened to the decisions, assessments and conditions you work on, newest first.",
  "notifications.empty": "You have no notifications yet.",
  "notifications.unread": "{count} unread",
  "notifications.new": "New",
  "notifications.open": "Open",
  "notifications.markRead": "Mark as read",
  "notifications.markAllRead": "Mark all as read",
  "notifications.markedAll": "All notifications are marked as read.",
  "notifications.header": "Notifications",
  "notifications.headerUnread": "Notifications, {count} unread",
  "notifications.prefs.title": "Notifications",
  "notifications.prefs.intro": "Every notification appears on your notifications page. Choose which ones also come by e-mail.",
  "notifications.prefs.legend": "Also send by e-mail",
  "notifications.prefs.save": "Save notification settings",
  "notifications.prefs.saved": "Notification settings saved.",
  "notifications.prefs.security": "Always by e-mail: a security notice cannot be turned off.",
  "notifications.prefs.unknownKind": "This notification type does not exist.",
  "notifications.kind.decision.proposed": "A decision awaits my approval",
  "notifications.kind.decision.approved": "A decision I proposed or on my client is approved",
  "notifications.kind.decision.rejected": "A decision I proposed or on my client is sent back",
  "notifications.kind.assessment.submitted": "A client of mine submits a questionnaire",
  "notifications.kind.condition.reminder": "A condition of my client is due in 14 or 3 days, or overdue",
  "notifications.kind.condition.update": "A condition of my client gets proof, a proposal or a confirmation",
  "notifications.kind.security.api-key-created": "An API key is created in my institution",
} as const;

export type NotificationsKey = keyof typeof en;

const es: Record<NotificationsKey, string> = {
  "notifications.title": "Notificaciones",
  "notifications.intro": "Lo que pasó con las decisiones, evaluaciones y condiciones en las que trabaja, de la más reciente a la más antigua.",
  "notifications.empty": "Aún no tiene notificaciones.",
  "notifications.unread": "{count} sin leer",
  "notifications.new": "Nueva",
  "notifications.open": "Abrir",
  "notifications.markRead": "Marcar como leída",
  "notifications.markAllRead": "Marcar todas como leídas",
  "notifications.markedAll": "Todas las notificaciones quedaron marcadas como leídas.",
  "notifications.header": "Notificaciones",
  "notifications.headerUnread": "Notificaciones, {count} sin leer",
  "notifications.prefs.title": "Notificaciones",
  "notifications.prefs.intro": "Todas las notificaciones aparecen en su página de notificaciones. Elija cuáles le llegan también por correo.",
  "notifications.prefs.legend": "Enviar también por correo",
  "notifications.prefs.save": "Guardar configuración de notificaciones",
  "notifications.prefs.saved": "Configuración de notificaciones guardada.",
  "notifications.prefs.security": "Siempre por correo: un aviso de seguridad no se puede desactivar.",
  "notifications.prefs.unknownKind": "Este tipo de notificación no existe.",
  "notifications.kind.decision.proposed": "Una decisión espera mi aprobación",
  "notifications.kind.decision.approved": "Se aprueba una decisión que propuse o de mi cliente",
  "notifications.kind.decision.rejected": "Se devuelve una decisión que propuse o de mi cliente",
  "notifications.kind.assessment.submitted": "Un cliente mío envía un cuestionario",
  "notifications.kind.condition.reminder": "Una condición de mi cliente vence en 14 o 3 días, o está vencida",
  "notifications.kind.condition.update": "Una condición de mi cliente recibe evidencia, una propuesta o una confirmación",
  "notifications.kind.security.api-key-created": "Se crea una clave de API en mi institución",
};

export const notificationsUi: Record<Lang, Record<NotificationsKey, string>> = { en, es };

export function nt(lang: Lang, key: NotificationsKey, vars?: Record<string, string | number>): string {
  const template = notificationsUi[lang][key];
  if (vars === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
