// The bank's questionnaire pages (issue 4, "Bank UI"): the library, a version page and the
// comparison of two versions, called as loaders with a signed-in staff cookie.
import fs from "node:fs";
import path from "node:path";
import { loader as compareLoader } from "~/routes/app+/questionnaires+/$key.compare";
import { loader as versionLoader } from "~/routes/app+/questionnaires+/$key.$version";
import { loader as libraryLoader } from "~/routes/app+/questionnaires+/index";
import { qt, questionnaireUi, type QuestionnaireUiKey } from "~/i18n/questionnaire-ui";
import { copyFixtureLibrary } from "../fixtures/questionnaires/demo-fixture";
import { cookieFor, createInstitution, createUser } from "../helpers/factories";
import { getRequest, settle } from "../helpers/requests";

type RawFile = {
  title: Record<string, string>;
  sections: { key: string; questions: { id: string; text: Record<string, string>; remediation?: Record<string, string> }[] }[];
};

function shipped(key: string, version: number): RawFile {
  return JSON.parse(fs.readFileSync(path.join(process.cwd(), "questionnaires", key, `${version}.json`), "utf8")) as RawFile;
}

async function staffCookie(): Promise<string> {
  const inst = await createInstitution();
  return cookieFor(await createUser(inst, ["rm"]));
}

function withLang(request: Request, lang: string): Request {
  request.headers.set("Accept-Language", lang);
  return request;
}

const libraryAt = (url: string, cookie?: string) => settle(() => libraryLoader({ request: getRequest(url, cookie), params: {}, context: {} }));
const versionAt = (key: string, version: string, query: string, cookie?: string, acceptLanguage = "en") =>
  settle(() =>
    versionLoader({ request: withLang(getRequest(`/app/questionnaires/${key}/${version}${query}`, cookie), acceptLanguage), params: { key, version }, context: {} }),
  );
const compareAt = (key: string, query: string, cookie?: string) =>
  settle(() => compareLoader({ request: getRequest(`/app/questionnaires/${key}/compare${query}`, cookie), params: { key }, context: {} }));

async function bodyOf(response: unknown): Promise<string> {
  return response instanceof Response ? response.text() : "";
}

describe("questionnaire library page", () => {
  it("lists both shipped questionnaires with versions, counts, points and hashes", async () => {
    const cookie = await staffCookie();
    const result = await libraryAt("/app/questionnaires", cookie);
    expect(result.status).toBe(200);
    const data = result.response as Awaited<ReturnType<typeof libraryLoader>>;
    expect(data.refused).toEqual([]);
    expect(data.entries.map((e) => e.key)).toEqual(["anti-trafficking", "anti-trafficking-sme"]);
    const full = data.entries[0]!;
    expect(full.title).toBe(shipped("anti-trafficking", 1).title.en);
    const v1 = full.versions[0]!;
    expect(v1).toMatchObject({ version: 1, status: "published", languages: ["en", "es"] });
    expect(v1.questionCount).toBe(shipped("anti-trafficking", 1).sections.flatMap((s) => s.questions).length);
    expect(v1.totalMaxPoints).toBeGreaterThan(0);
    const lock = JSON.parse(fs.readFileSync(path.join(process.cwd(), "questionnaires/lock.json"), "utf8")) as Record<string, string>;
    expect(v1.sha256).toBe(lock["anti-trafficking/1"]);
    expect(data.entries[1]!.versions[0]!.sha256).toBe(lock["anti-trafficking-sme/1"]);
  });

  it("titles the questionnaires in the UI language", async () => {
    const cookie = await staffCookie();
    const result = await settle(() => libraryLoader({ request: withLang(getRequest("/app/questionnaires", cookie), "es-MX"), params: {}, context: {} }));
    const data = result.response as Awaited<ReturnType<typeof libraryLoader>>;
    expect(data.entries[0]!.title).toBe(shipped("anti-trafficking", 1).title.es);
  });

  it("sends an anonymous visitor to sign in", async () => {
    const result = await libraryAt("/app/questionnaires");
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/app/questionnaires")}`);
  });
});

describe("questionnaire version page", () => {
  it("returns every section and question of anti-trafficking v1, in order, with points and criteria sources", async () => {
    const cookie = await staffCookie();
    const result = await versionAt("anti-trafficking", "1", "", cookie);
    expect(result.status).toBe(200);
    const view = result.response as Awaited<ReturnType<typeof versionLoader>>;
    const file = shipped("anti-trafficking", 1);
    expect(view.contentLang).toBe("en");
    expect(view.sections.map((s) => s.key)).toEqual(file.sections.map((s) => s.key));
    const questions = view.sections.flatMap((s) => s.questions);
    expect(questions.map((q) => q.id)).toEqual(file.sections.flatMap((s) => s.questions.map((q) => q.id)));
    expect(questions.map((q) => q.text)).toEqual(file.sections.flatMap((s) => s.questions.map((q) => q.text.en)));
    expect(view.questionCount).toBe(questions.length);
    // Normalised weights share the whole score.
    expect(view.sections.reduce((sum, s) => sum + s.weightShare, 0)).toBeCloseTo(1, 10);
    // Every criterion resolves to a listed source with a link target on the page.
    const sourceIds = new Set(view.sources.map((s) => s.id));
    for (const criterion of questions.flatMap((q) => q.criteria)) {
      expect(criterion.sourceTitle).not.toBeNull();
      expect(sourceIds.has(criterion.sourceId)).toBe(true);
    }
    expect(view.redFlagCount).toBe(questions.reduce((n, q) => n + q.redFlags.length, 0));
    expect(view.redFlagCount).toBeGreaterThan(0);
  });

  it("describes showIf, red-flag triggers and evidence in words", async () => {
    const cookie = await staffCookie();
    const view = (await versionAt("anti-trafficking", "1", "", cookie)).response as Awaited<ReturnType<typeof versionLoader>>;
    const questions = view.sections.flatMap((s) => s.questions);
    const followUp = questions.find((q) => q.showIf?.kind === "question" && q.showIf.questionId === "rec.uses-agencies");
    expect(followUp?.showIfText).toBe("rec.uses-agencies is “Yes”");
    const flagged = questions.flatMap((q) => q.redFlags);
    expect(flagged.every((f) => f.trigger.startsWith("the answer "))).toBe(true);
    expect(flagged.some((f) => f.severity === "critical")).toBe(true);
    expect(questions.some((q) => q.evidence?.expected === true && q.evidence.description !== null)).toBe(true);
  });

  it("shows the content in Spanish with ?lang=es, whatever the UI language", async () => {
    const cookie = await staffCookie();
    const view = (await versionAt("anti-trafficking", "1", "?lang=es", cookie, "en")).response as Awaited<ReturnType<typeof versionLoader>>;
    const file = shipped("anti-trafficking", 1);
    expect(view.contentLang).toBe("es");
    expect(view.title).toBe(file.title.es);
    const questions = view.sections.flatMap((s) => s.questions);
    expect(questions.map((q) => q.text)).toEqual(file.sections.flatMap((s) => s.questions.map((q) => q.text.es)));
    expect(questions.map((q) => q.remediation)).toEqual(file.sections.flatMap((s) => s.questions.map((q) => q.remediation?.es ?? null)));
    const followUp = questions.find((q) => q.showIf?.kind === "question" && q.showIf.questionId === "rec.uses-agencies");
    expect(followUp?.showIfText).toBe("rec.uses-agencies es «Sí»");
  });

  it("defaults the content to the UI language and ignores a language the file lacks", async () => {
    const cookie = await staffCookie();
    const spanish = (await versionAt("anti-trafficking-sme", "1", "", cookie, "es")).response as Awaited<ReturnType<typeof versionLoader>>;
    expect(spanish.contentLang).toBe("es");
    const unknown = (await versionAt("anti-trafficking-sme", "1", "?lang=fr", cookie, "en")).response as Awaited<ReturnType<typeof versionLoader>>;
    expect(unknown.contentLang).toBe("en");
  });

  it("answers 404 for an unknown version or key, and for a malformed version", async () => {
    const cookie = await staffCookie();
    for (const [key, version] of [
      ["anti-trafficking", "99"],
      ["no-such-questionnaire", "1"],
      ["anti-trafficking", "one"],
    ] as const) {
      const result = await versionAt(key, version, "", cookie);
      expect(result.status).toBe(404);
      expect(await bodyOf(result.response)).toBe("Not found");
    }
  });

  it("sends an anonymous visitor to sign in", async () => {
    const result = await versionAt("anti-trafficking", "1", "");
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("questionnaire comparison page", () => {
  let dir: string;
  beforeAll(() => {
    dir = copyFixtureLibrary();
    process.env.QUESTIONNAIRES_DIR = dir;
  });
  afterAll(() => {
    delete process.env.QUESTIONNAIRES_DIR;
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it("lists added, removed and changed questions, old → new points and section weights", async () => {
    const cookie = await staffCookie();
    const result = await compareAt("demo", "?from=1&to=2", cookie);
    expect(result.status).toBe(200);
    const view = result.response as Awaited<ReturnType<typeof compareLoader>>;
    expect(view.versions).toEqual([1, 2]);
    expect(view.added.map((q) => q.id)).toEqual(["rec.repayment", "voice.channel"]);
    expect(view.removed.map((q) => q.id)).toEqual(["gov.review-date"]);
    expect(view.changed.map((q) => [q.id, q.changes.map((c) => c.field)])).toEqual([
      ["gov.owner", ["text"]],
      ["rec.sourcing-countries", ["section"]],
      ["rec.fees", ["options", "maxPoints"]],
    ]);
    const fees = view.changed.find((q) => q.id === "rec.fees")!;
    expect(fees.changes.find((c) => c.field === "options")?.detail).toEqual({
      kind: "points",
      rows: [{ value: "no", label: "No", before: 10, after: 12 }],
    });
    expect(fees.changes.find((c) => c.field === "maxPoints")?.detail).toEqual({ kind: "text", before: "10", after: "12" });
    expect(view.changed.find((q) => q.id === "rec.sourcing-countries")?.changes[0]?.detail).toEqual({
      kind: "text",
      before: "Recruitment and working conditions",
      after: "Governance",
    });
    expect(view.sections).toEqual([
      { key: "gov", title: "Governance", change: "weight", before: 40, after: 50 },
      { key: "voice", title: expect.any(String), change: "added", before: null, after: 20 },
    ]);
    expect(view.to.totalMaxPoints - view.from.totalMaxPoints).toBe(
      view.added.reduce((n, q) => n + q.maxPoints, 0) - view.removed.reduce((n, q) => n + q.maxPoints, 0) + (12 - 10),
    );
  });

  it("answers 400 naming the field for a bad query", async () => {
    const cookie = await staffCookie();
    const cases: [string, string][] = [
      ["?to=2", "Invalid query: from is required."],
      ["?from=one&to=2", "Invalid query: from must be a version number such as 1 or 2."],
      ["?from=1&to=0", "Invalid query: to must be a version number such as 1 or 2."],
      ["?from=2&to=2", "Invalid query: to must differ from the version in from."],
    ];
    for (const [query, message] of cases) {
      const result = await compareAt("demo", query, cookie);
      expect(result.status).toBe(400);
      expect(await bodyOf(result.response)).toBe(message);
    }
  });

  it("answers 404 for an unknown version or key", async () => {
    const cookie = await staffCookie();
    expect((await compareAt("demo", "?from=1&to=3", cookie)).status).toBe(404);
    expect((await compareAt("anti-trafficking", "?from=1&to=2", cookie)).status).toBe(404);
  });

  it("reads the library from QUESTIONNAIRES_DIR, so the library page offers both fixture versions", async () => {
    const cookie = await staffCookie();
    const data = (await libraryAt("/app/questionnaires", cookie)).response as Awaited<ReturnType<typeof libraryLoader>>;
    expect(data.entries.map((e) => [e.key, e.versions.map((v) => v.version)])).toEqual([["demo", [1, 2]]]);
  });

  it("sends an anonymous visitor to sign in", async () => {
    const result = await compareAt("demo", "?from=1&to=2");
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("questionnaire page strings", () => {
  const placeholders = (message: string) => [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort().join(",");

  it("has every key in both languages, none blank, with the same {placeholders}", () => {
    const keys = Object.keys(questionnaireUi.en) as QuestionnaireUiKey[];
    expect(Object.keys(questionnaireUi.es).sort()).toEqual([...keys].sort());
    expect(keys.filter((k) => questionnaireUi.en[k].trim() === "" || questionnaireUi.es[k].trim() === "")).toEqual([]);
    expect(keys.filter((k) => placeholders(questionnaireUi.en[k]) !== placeholders(questionnaireUi.es[k]))).toEqual([]);
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(qt("es", "library.versionLink", { version: 2 })).toBe("Versión 2");
    expect(qt("en", "condition.is", { values: "“Yes”" })).toBe("{question} is “Yes”");
  });
});
