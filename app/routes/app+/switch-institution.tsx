import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { forbidden, requireStaff } from "~/auth/session.server";
import { ForbiddenError } from "~/domain/errors";
import { switchInstitution } from "~/services/auth.server";

const SwitchSchema = z.object({ institutionId: z.string().min(1).max(100) });

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const parsed = SwitchSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("institutionId is required", { status: 400 });
  try {
    await switchInstitution(staff, parsed.data.institutionId, new Date());
  } catch (error) {
    if (error instanceof ForbiddenError) throw forbidden();
    throw error;
  }
  return redirect("/app");
}

export async function loader() {
  throw redirect("/app");
}
