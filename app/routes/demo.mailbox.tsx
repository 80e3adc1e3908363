// The demo mailbox (/demo/mailbox): what each recipient gets by e-mail, real links included, so a
// person can play the client in `npm run demo`. It exists only with DEMO_MAILBOX=1, which the demo
// sets and production refuses at start-up (app/env.server.ts); otherwise it is a plain 404. No
// staff page links here: staff read the outbox, where secret links are masked.
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/components/i18n";
import { demoMailbox } from "~/services/outbox.server";

export async function loader() {
  const messages = await demoMailbox();
  if (!messages) throw new Response("Not found", { status: 404 });
  return data({ messages }, { headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } });
}

const URL_PATTERN = /(https?:\/\/[^\s]+)/;

/** The message text with its links clickable (React escapes the rest). */
function BodyText({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all underline" rel="noreferrer">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function DemoMailboxPage() {
  const { messages } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main id="main" className="mx-auto my-10 max-w-3xl px-4">
      <p role="note" className="rounded-md border-2 border-amber-600 bg-amber-50 p-3 font-semibold text-amber-950" data-testid="demo-mailbox-notice">
        {t("demoMailbox.notice")}
      </p>
      <h1 className="mt-6">{t("demoMailbox.title")}</h1>
      <p className="mt-2 text-sm text-slate-700">{t("demoMailbox.intro")}</p>
      {messages.length === 0 ? <p className="mt-6">{t("demoMailbox.empty")}</p> : null}
      <ul className="mt-6 space-y-4">
        {messages.map((m) => (
          <li key={m.id} className="card" data-testid="demo-mail">
            <details>
              <summary className="cursor-pointer">
                <span className="font-semibold">{m.subject}</span>
                <span className="ml-2 text-sm text-slate-700">
                  {t("demoMailbox.to")}: {m.toAddress} · {m.createdAt.slice(0, 16).replace("T", " ")} UTC
                </span>
              </summary>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm" data-testid="demo-mail-body">
                <BodyText text={m.body} />
              </pre>
              {m.attachmentName ? (
                <p className="mt-2 text-sm" data-testid="demo-mail-attachment">
                  📎 {m.attachmentName}
                </p>
              ) : null}
            </details>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
