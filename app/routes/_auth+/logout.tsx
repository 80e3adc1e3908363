import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySessionCookie, getStaff } from "~/auth/session.server";
import { signOut, signOutEverywhere } from "~/services/auth.server";

// Sign-out is a POST only: no GET changes anything.
export async function loader() {
  throw redirect("/app");
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await getStaff(request);
  const form = await request.formData();
  if (staff) {
    if (form.get("scope") === "everywhere") await signOutEverywhere(staff, new Date());
    else await signOut(staff, new Date());
  }
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": await destroySessionCookie() } });
}
