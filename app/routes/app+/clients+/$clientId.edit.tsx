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
import { findClient } from "~/repositories/assessment-core.server";
import { listMembers } from "~/repositories/users.server";
import { UpdateClientSchema } from "~/schemas/clients";
import { updateClient } from "~/services/clients.server";
import { ClientForm, clientFormOptions } from "./__client-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "update:client:any");
  const client = await findClient(staff.institutionId, params.clientId ?? "", reads());
  if (!client) throw new Response("Client not found", { status: 404 });
  const lang = await requestLang(request);
  return {
    options: clientFormOptions(lang, await listMembers(staff.institutionId, reads())),
    client: {
      id: client.id,
      name: client.name,
      country: client.country,
      sector: client.sector,
      registrationNumber: client.registrationNumber ?? "",
      contactName: client.contactName ?? "",
      contactEmail: client.contactEmail,
      sourcingCountries: client.sourcingCountries,
      goods: client.goods,
      rmUserId: client.rmUserId ?? "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request, "update:client:any");
  const clientId = params.clientId ?? "";
  if (!(await findClient(staff.institutionId, clientId, reads()))) throw new Response("Client not found", { status: 404 });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: UpdateClientSchema });
  if (submission.status !== "success") return data({ reply: submission.reply() }, { status: 400 });
  try {
    await updateClient(staff, clientId, submission.value, new Date());
    return redirect(`/app/clients/${clientId}?flash=updated`);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const fieldErrors = Object.fromEntries(error.details.map((d) => [d.path, [d.message]]));
      return data({ reply: submission.reply({ fieldErrors }) }, { status: 400 });
    }
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

export default function EditClientPage() {
  const { options, client } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lang = useLang();
  return (
    <div>
      <p>
        <Link to={`/app/clients/${client.id}`} className="text-sm underline">
          {client.name}
        </Link>
      </p>
      <h1 className="mt-2">{ct(lang, "clients.edit.title", { name: client.name })}</h1>
      <ClientForm options={options} lastResult={actionData?.reply} defaultValue={client} submitLabel={ct(lang, "clients.edit.submit")} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
