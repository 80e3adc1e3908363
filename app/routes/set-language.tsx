import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { serializeLangCookie } from "~/auth/cookies.server";
import { getStaff, safeRedirect } from "~/auth/session.server";
import { setStaffLanguage } from "~/services/users.server";
import { LanguageSchema } from "~/schemas/auth";

// The chosen language persists in a cookie and, for signed-in staff, on their account.
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("lang must be en or es", { status: 400 });
  const staff = await getStaff(request);
  if (staff) await setStaffLanguage(staff, parsed.data.lang, new Date());
  return redirect(safeRedirect(parsed.data.redirectTo, "/"), { headers: { "Set-Cookie": await serializeLangCookie(parsed.data.lang) } });
}

export async function loader() {
  throw redirect("/");
}
