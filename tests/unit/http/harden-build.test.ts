// L1: the wrapper around every route of the server build (app/http/harden-build.server.ts).
import type { ServerBuild } from "@remix-run/node";
import { hardenBuild } from "~/http/harden-build.server";

function fakeBuild(): ServerBuild {
  const formAction = async ({ request }: { request: Request }) => Object.fromEntries(await request.formData());
  const routes = {
    "routes/app+/clients+/new": { id: "routes/app+/clients+/new", path: "new", module: { action: formAction, default: () => null } },
    "routes/api+/v1+/ping": { id: "routes/api+/v1+/ping", path: "ping", module: { loader: () => Response.json({ ok: true }) } },
    "routes/api+/v1+/respond.submit": {
      id: "routes/api+/v1+/respond.submit",
      path: "respond/submit",
      module: { action: ({ request }: { request: Request }) => Response.json({ error: { code: "method_not_allowed", message: `not ${request.method}`, details: [] } }, { status: request.method === "POST" ? 200 : 405 }) },
    },
    "routes/app+/index": { id: "routes/app+/index", path: "", module: { loader: () => null, default: () => null } },
  };
  return { routes } as unknown as ServerBuild;
}

function post(body: BodyInit, type: string): Request {
  return new Request("http://localhost/app/clients/new", { method: "POST", body, headers: { "Content-Type": type } });
}

async function thrown(fn: () => unknown): Promise<Response> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

const args = (request: Request) => ({ request, params: {}, context: {} });

describe("hardenBuild", () => {
  const build = hardenBuild(fakeBuild());
  const action = build.routes["routes/app+/clients+/new"]!.module.action!;

  it("still reads a good form", async () => {
    expect(await action(args(post("name=Ana", "application/x-www-form-urlencoded")))).toEqual({ name: "Ana" });
  });

  it("answers a non-form body with 415 instead of an exception", async () => {
    expect((await thrown(() => action(args(post("{}", "application/json"))))).status).toBe(415);
    expect((await thrown(() => action(args(post("x", "text/plain"))))).status).toBe(415);
    expect((await thrown(() => action(args(new Request("http://localhost/x", { method: "POST", body: "a=1" }))))).status).toBe(415);
  });

  it("answers malformed multipart with 400", async () => {
    expect((await thrown(() => action(args(post("--nope\r\ngarbage", "multipart/form-data; boundary=b"))))).status).toBe(400);
    expect((await thrown(() => action(args(post("--b\r\n", "multipart/form-data"))))).status).toBe(400);
  });

  it("gives API paths without an action a 405 in the error shape", async () => {
    const apiAction = build.routes["routes/api+/v1+/ping"]!.module.action!;
    const response = (await apiAction(args(new Request("http://localhost/api/v1/ping", { method: "PUT" })))) as Response;
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toContain("GET");
    expect(await response.json()).toEqual({ error: { code: "method_not_allowed", message: "Use GET on this path", details: [] } });
  });

  it("lets API paths without a loader answer reads through their own handler (405 naming the method)", async () => {
    const loader = build.routes["routes/api+/v1+/respond.submit"]!.module.loader!;
    const response = (await loader(args(new Request("http://localhost/api/v1/respond/submit")))) as Response;
    expect(response.status).toBe(405);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("not GET");
  });

  it("leaves pages without an action alone (Remix answers their writes with its own 405)", () => {
    expect(build.routes["routes/app+/index"]!.module.action).toBeUndefined();
  });
});
