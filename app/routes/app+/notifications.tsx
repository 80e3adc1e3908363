import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { DomainError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { nt, type NotificationsKey } from "~/i18n/notifications";
import { markAllRead, markRead, myNotifications, openNotification } from "~/services/notifications.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  return await myNotifications(staff, await requestLang(request));
}

const NotificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("read"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("read-all") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const parsed = NotificationActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "intent and id are required" }, { status: 400 });
  const now = new Date();
  try {
    if (parsed.data.intent === "open") return redirect((await openNotification(staff, parsed.data.id, now)).link);
    if (parsed.data.intent === "read") {
      await markRead(staff, parsed.data.id, now);
      return redirect(`/app/notifications#n-${parsed.data.id}`);
    }
    await markAllRead(staff, now);
    return redirect("/app/notifications?all=read");
  } catch (error) {
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

export default function NotificationsPage() {
  const { items, unread } = useLoaderData<typeof loader>();
  const lang = useLang();
  const t = (key: NotificationsKey, vars?: Record<string, string | number>) => nt(lang, key, vars);
  const [searchParams] = useSearchParams();
  return (
    <div className="max-w-3xl">
      <h1>{t("notifications.title")}</h1>
      <p className="mt-2">{t("notifications.intro")}</p>
      {searchParams.get("all") === "read" ? (
        <p role="status" className="mt-4 rounded-md bg-green-50 p-3 text-sm text-green-900">
          {t("notifications.markedAll")}
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <p className="text-sm font-semibold" data-testid="unread-count">
          {t("notifications.unread", { count: unread })}
        </p>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="btn-secondary py-1">
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="mt-6">{t("notifications.empty")}</p>
      ) : (
        <ul className="mt-4 space-y-3" aria-label={t("notifications.title")}>
          {items.map((n) => (
            <li key={n.id} id={`n-${n.id}`} className={`card ${n.isRead ? "" : "border-l-4 border-l-blue-800"}`} data-testid="notification">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="text-base font-semibold">
                  {n.isRead ? null : <span className="mr-2 rounded bg-blue-800 px-2 py-0.5 text-xs font-semibold text-white">{t("notifications.new")}</span>}
                  {n.title}
                </h2>
                <time dateTime={n.createdAt} className="text-sm text-slate-700">
                  {n.when}
                </time>
              </div>
              <p className="mt-1">{n.body}</p>
              <div className="mt-2 flex flex-wrap gap-2">
                <Form method="post">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="btn py-1" aria-label={`${t("notifications.open")}: ${n.title}`}>
                    {t("notifications.open")}
                  </button>
                </Form>
                {n.isRead ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" className="btn-secondary py-1" aria-label={`${t("notifications.markRead")}: ${n.title}`}>
                      {t("notifications.markRead")}
                    </button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
