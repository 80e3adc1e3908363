// Marks a condition of an approved decision as met (POST only). The decision page and the client
// page post here with a `redirectTo`; a GET shows the condition's decision.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireStaff, safeRedirect } from "~/auth/session.server";
import { reads } from "~/db.server";
import { DomainError, InvalidInputError, NotFoundError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { findCondition } from "~/repositories/decisions.server";
import { markConditionMet } from "~/services/conditions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "read:decision:any");
  const condition = await findCondition(staff.institutionId, params.conditionId ?? "", reads());
  if (!condition) throw toResponse(new NotFoundError("Condition"));
  return redirect(`/app/decisions/${condition.decisionId}`);
}

const MetSchema = z.object({
  note: z.string().max(5000).default(""),
  documentId: z.string().max(100).optional(),
  redirectTo: z.string().max(2000).optional(),
});

function withParams(path: string, params: Record<string, string>): string {
  const [base, query] = path.split("?", 2) as [string, string | undefined];
  const search = new URLSearchParams(query);
  for (const [k, v] of Object.entries(params)) search.set(k, v);
  return `${base}?${search.toString()}`;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "update:condition:any");
  const conditionId = params.conditionId ?? "";
  const formData = await request.formData();
  const parsed = MetSchema.safeParse({
    note: formData.get("note") ?? undefined,
    documentId: formData.get("documentId") ?? undefined,
    redirectTo: formData.get("redirectTo") ?? undefined,
  });
  if (!parsed.success) throw new Response("The note, document id or redirectTo field is invalid", { status: 400 });
  const existing = await findCondition(staff.institutionId, conditionId, reads());
  if (!existing) throw toResponse(new NotFoundError("Condition"));
  const back = safeRedirect(parsed.data.redirectTo, `/app/decisions/${existing.decisionId}`);
  try {
    const out = await markConditionMet(staff, conditionId, { note: parsed.data.note, documentId: parsed.data.documentId ?? null }, new Date());
    return redirect(withParams(back, { flash: "met", gate: out.gate.gate }));
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const field = error.details[0]?.path ?? "note";
      throw new Response(`${field}: ${error.message}`, { status: 400 });
    }
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

