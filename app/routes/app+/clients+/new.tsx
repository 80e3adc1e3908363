import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requestLang } from "~/auth/cookies.server";
import { requireStaff } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useLang } from "~/components/i18n";
import { reads } from "~/db.server";
import { DomainError, InvalidInputError } from "~/domain/errors";
import { toResponse } from "~/errors-http.server";
import { ct } from "~/i18n/clients";
import { listMembers } from "~/repositories/users.server";
import { CreateClientSchema } from "~/schemas/clients";
import { createClient } from "~/services/clients.server";
import { ClientForm, clientFormOptions } from "./__client-form";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "create:client:any");
  const lang = await requestLang(request);
  return { options: clientFormOptions(lang, await listMembers(staff.institutionId, reads())), selfId: staff.roles.includes("rm") ? staff.userId : "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "create:client:any");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: CreateClientSchema });
  if (submission.status !== "success") return data({ reply: submission.reply() }, { status: 400 });
  try {
    const { client } = await createClient(staff, submission.value, new Date());
    return redirect(`/app/clients/${client.id}?flash=created`);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const fieldErrors = Object.fromEntries(error.details.map((d) => [d.path, [d.message]]));
      return data({ reply: submission.reply({ fieldErrors }) }, { status: 400 });
    }
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

export default function NewClientPage() {
  const { options, selfId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lang = useLang();
  return (
    <div>
      <p>
        <Link to="/app/clients" className="text-sm underline">
          {ct(lang, "clients.back")}
        </Link>
      </p>
      <h1 className="mt-2">{ct(lang, "clients.create.title")}</h1>
      <ClientForm options={options} lastResult={actionData?.reply} defaultValue={{ rmUserId: selfId }} submitLabel={ct(lang, "clients.create.submit")} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
