// The portfolio's clients list is the clients list (issue 14, F24: one list): an old link or
// bookmark lands on /app/clients with its filters. Staff only, like the list itself.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:client:any");
  return redirect(`/app/clients${new URL(request.url).search}`, 301);
}
