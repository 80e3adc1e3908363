import { eq } from "drizzle-orm";
import { respondents, respondentSessions } from "../../db/tables";
import { loader as linkLoader } from "~/routes/r.$token";
import { loader as welcomeLoader } from "~/routes/respond+/_index";
import { action as languageAction } from "~/routes/respond+/language";
import { createSentAssessment, respondentCookie } from "../helpers/respondent-factories";
import { db } from "../helpers/factories";
import { formRequest, getRequest, settle } from "../helpers/requests";

async function openLink(token: string, cookie?: string) {
  return await settle(() => linkLoader({ request: getRequest(`/r/${token}`, cookie), params: { token }, context: {} }));
}

async function errorPayload(response: unknown): Promise<Record<string, unknown>> {
  return (await (response as Response).json()) as Record<string, unknown>;
}

describe("opening the respondent link", () => {
  it("exchanges the token for a session cookie and redirects to a URL without the token", async () => {
    const f = await createSentAssessment({ language: "es" });
    const result = await openLink(f.token);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/respond");
    expect(result.headers.get("Location")).not.toContain(f.token);
    expect(result.headers.get("Referrer-Policy")).toBe("no-referrer");
    const cookies = result.headers.get("Set-Cookie") ?? "";
    expect(cookies).toMatch(/__respondent=[^;]+;.*HttpOnly/);
    expect(cookies).not.toContain(f.token);
    expect(await db().select().from(respondentSessions).where(eq(respondentSessions.respondentId, f.respondentId))).toHaveLength(1);
    expect((await db().select().from(respondents).where(eq(respondents.id, f.respondentId)).limit(1))[0]?.lastSeenAt).not.toBeNull();

    const sessionCookie = cookies.split(/,(?=\s*__)/).map((c) => c.trim().split(";")[0]).join("; ");
    const welcome = await settle(() => welcomeLoader({ request: getRequest("/respond", sessionCookie), params: {}, context: {} }));
    expect(welcome.status).toBe(200);
    const ws = welcome.response as { lang: string; client: string; totals: { required: number } };
    expect(ws.lang).toBe("es");
    expect(ws.client).toBe("Textiles Andinos S.A.");
    expect(ws.totals.required).toBeGreaterThan(40);
  });

  it("answers an unknown token with a 404 page", async () => {
    const result = await openLink("pvn_rsp_thisTokenDoesNotExist00000000000000000");
    expect(result.status).toBe(404);
    expect(result.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(result.response).toMatchObject({ kind: "not-found" });
  });

  it("answers a revoked token (after a resend) with a 410 page naming whom to contact", async () => {
    const f = await createSentAssessment({ language: "es" });
    await db().update(respondents).set({ revokedAt: new Date().toISOString() }).where(eq(respondents.id, f.respondentId));
    const result = await openLink(f.token);
    expect(result.status).toBe(410);
    expect(result.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(result.response).toMatchObject({ kind: "gone", reason: "revoked", lang: "es", contact: { name: "Rita Manager", email: f.rm.email, institution: "Banco Respondent" } });
  });

  it("shows the 410 page with the contact to a session whose link was revoked later", async () => {
    const f = await createSentAssessment();
    const link = await openLink(f.token);
    const cookie = (link.headers.get("Set-Cookie") ?? "").split(/,(?=\s*__)/).map((c) => c.trim().split(";")[0]).join("; ");
    await db().update(respondents).set({ revokedAt: new Date().toISOString() }).where(eq(respondents.id, f.respondentId));
    const result = await settle(() => welcomeLoader({ request: getRequest("/respond", cookie), params: {}, context: {} }));
    expect(result.status).toBe(410);
    expect(await errorPayload(result.response)).toMatchObject({ kind: "gone", reason: "revoked", contact: { email: f.rm.email } });
  });

  it("sends a visitor without a session to the link-needed page", async () => {
    const result = await settle(() => welcomeLoader({ request: getRequest("/respond"), params: {}, context: {} }));
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/respond/link-needed");
  });

  it("lets the respondent switch the language, and the choice persists", async () => {
    const f = await createSentAssessment({ language: "en" });
    const link = await openLink(f.token);
    const cookie = (link.headers.get("Set-Cookie") ?? "").split(/,(?=\s*__|\s*lang=)/).map((c) => c.trim().split(";")[0]).join("; ");
    const switched = await settle(() => languageAction({ request: formRequest("/respond/language", { lang: "es", redirectTo: "/respond/review" }, cookie), params: {}, context: {} }));
    expect(switched.status).toBe(302);
    expect(switched.headers.get("Location")).toBe("/respond/review");
    const prefs = (switched.headers.get("Set-Cookie") ?? "").split(/,(?=\s*__|\s*lang=)/).map((c) => c.trim().split(";")[0]).find((c) => c?.startsWith("__respondent_prefs="));
    const session = cookie.split("; ").find((c) => c.startsWith("__respondent="));
    const welcome = await settle(() => welcomeLoader({ request: getRequest("/respond", `${session}; ${prefs}`), params: {}, context: {} }));
    expect((welcome.response as { lang: string }).lang).toBe("es");
    const other = await respondentCookie(f.context);
    expect(((await settle(() => welcomeLoader({ request: getRequest("/respond", other), params: {}, context: {} }))).response as { lang: string }).lang).toBe("en");
  });
});
