import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getStaff } from "~/auth/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await getStaff(request);
  throw redirect(staff ? "/app" : "/login");
}
