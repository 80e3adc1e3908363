import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { hasPermission, type Permission } from "~/auth/permissions";
import { requireStaff } from "~/auth/session.server";
import { reads } from "~/db.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang, useT } from "~/components/i18n";
import { LanguageSwitch } from "~/components/language-switch";
import type { MessageKey } from "~/i18n";
import { nt } from "~/i18n/notifications";
import { unreadCount } from "~/services/notifications.server";
import { institutionsOfUser } from "~/repositories/users.server";

type NavItem = { to: string; label: MessageKey; permission?: Permission; end?: boolean };

const NAV: NavItem[] = [
  { to: "/app", label: "nav.home", end: true },
  { to: "/app/clients", label: "nav.clients", permission: "read:client:any" },
  { to: "/app/assessments", label: "nav.assessments", permission: "read:assessment:any" },
  { to: "/app/approvals", label: "nav.approvals", permission: "read:decision:any" },
  { to: "/app/portfolio/conditions", label: "nav.conditions", permission: "read:client:any" },
  { to: "/app/reassessment", label: "nav.reassessment", permission: "read:client:any" },
  { to: "/app/attestations", label: "nav.attestations", permission: "read:attestation:any" },
  { to: "/app/questionnaires", label: "nav.questionnaires", permission: "read:questionnaire:any" },
  { to: "/app/api-docs", label: "nav.apiDocs" },
  { to: "/app/account", label: "nav.account" },
];

const ADMIN_NAV: NavItem[] = [
  { to: "/app/admin/users", label: "nav.users", permission: "read:user:any" },
  { to: "/app/admin/policy", label: "nav.policy", permission: "manage:policy:any" },
  { to: "/app/admin/screening-lists", label: "nav.screeningLists", permission: "manage:screening-list:any" },
  { to: "/app/admin/api-keys", label: "nav.apiKeys", permission: "manage:api-key:any" },
  { to: "/app/admin/webhooks", label: "nav.webhooks", permission: "manage:webhook:any" },
  { to: "/app/admin/signing-keys", label: "nav.signingKeys", permission: "manage:signing-key:any" },
  { to: "/app/admin/security", label: "nav.security", permission: "update:institution:any" },
  { to: "/app/admin/outbox", label: "nav.outbox", permission: "read:outbox:any" },
  { to: "/app/admin/audit", label: "nav.audit", permission: "read:audit:any" },
];

function visible(items: NavItem[], roles: Parameters<typeof hasPermission>[0]) {
  return items.filter((item) => !item.permission || hasPermission(roles, item.permission)).map(({ to, label, end }) => ({ to, label, end }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const institutions = await institutionsOfUser(staff.userId, reads());
  return {
    unread: await unreadCount(staff),
    staff: { name: staff.name, email: staff.email, roles: staff.roles, institutionId: staff.institutionId, secondFactor: staff.secondFactor },
    institutions: institutions.map((i) => ({ id: i.id, name: i.name })),
    nav: visible(NAV, staff.roles),
    adminNav: visible(ADMIN_NAV, staff.roles),
  };
}

export default function AppLayout() {
  const { staff, institutions, nav, adminNav, unread } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const current = institutions.find((i) => i.id === staff.institutionId);
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t("layout.skipToContent")}
      </a>
      <header className="border-b border-slate-300 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-3">
            <span className="text-lg font-bold text-blue-900">{t("app.name")}</span>
            <span className="text-sm text-slate-700" data-testid="current-institution">
              {current?.name}
            </span>
          </div>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            {institutions.length > 1 ? (
              <Form method="post" action="/app/switch-institution" className="flex items-center gap-2">
                <label htmlFor="institution-switch">{t("layout.institution")}</label>
                <select id="institution-switch" name="institutionId" defaultValue={staff.institutionId} className="rounded border border-slate-500 px-2 py-1">
                  {institutions.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="btn-secondary py-1">
                  {t("layout.switchInstitution")}
                </button>
              </Form>
            ) : null}
            <NavLink
              to="/app/notifications"
              className="inline-flex items-center gap-1 rounded px-2 py-1 text-slate-900 no-underline hover:bg-slate-100"
              aria-label={unread > 0 ? nt(lang, "notifications.headerUnread", { count: unread }) : nt(lang, "notifications.header")}
              data-testid="notifications-link"
            >
              {nt(lang, "notifications.header")}
              {unread > 0 ? (
                <span className="rounded-full bg-red-700 px-2 text-xs font-bold text-white" data-testid="unread-badge">
                  {unread}
                </span>
              ) : null}
            </NavLink>
            <LanguageSwitch />
            <span className="text-slate-700">{t("layout.signedInAs", { name: staff.name })}</span>
            <Form method="post" action="/logout">
              <button type="submit" className="btn-secondary py-1">
                {t("layout.signOut")}
              </button>
            </Form>
          </div>
        </div>
        <nav aria-label={t("layout.mainNav")} className="mx-auto max-w-6xl px-4">
          <NavList items={nav} />
          {adminNav.length > 0 ? (
            <div className="flex flex-wrap items-center gap-1 border-t border-slate-200">
              <span className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-700">{t("nav.admin")}</span>
              <NavList items={adminNav} />
            </div>
          ) : null}
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8">
        <Outlet />
      </main>
    </>
  );
}

function NavList({ items }: { items: Array<{ to: string; label: MessageKey; end?: boolean }> }) {
  const t = useT();
  return (
    <ul className="flex flex-wrap gap-1">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink
            to={item.to}
            end={item.end}
            className={({ isActive }) =>
              `inline-block border-b-2 px-3 py-2 text-sm no-underline ${isActive ? "border-blue-800 font-semibold text-blue-900" : "border-transparent text-slate-800 hover:border-slate-400"}`
            }
          >
            {t(item.label)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
