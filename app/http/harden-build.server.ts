// One wrapper around every route of the server build, so that bad input never reaches a route as
// an exception (security review L1):
// - a form action whose body is not a form (a JSON or text Content-Type) answers 415, and a
//   malformed multipart or urlencoded body answers 400, instead of request.formData() throwing;
// - an API path that has no action answers a write with 405 in the API's error shape, and one that
//   has no loader answers a read the same way, instead of Remix's `{"message":"Unexpected Server
//   Error"}`.
import type { ActionFunctionArgs, ServerBuild } from "@remix-run/node";
import { ApiError, errorResponse } from "~/api/errors";

type Action = NonNullable<ServerBuild["routes"][string]["module"]["action"]>;

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

export function unreadableForm(status: 400 | 415): Response {
  const text = status === 415 ? "Send the form as application/x-www-form-urlencoded or multipart/form-data" : "The form could not be read";
  return new Response(text, { status, statusText: status === 415 ? "Unsupported Media Type" : "Bad Request", headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** request.formData(), but a body that is not a readable form becomes a 4xx Response. */
function guardFormData(request: Request): void {
  const read = request.formData.bind(request);
  request.formData = async () => {
    const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!FORM_TYPES.includes(type)) throw unreadableForm(415);
    try {
      return await read();
    } catch {
      throw unreadableForm(400);
    }
  };
}

function methodNotAllowed(): Response {
  return errorResponse(new ApiError(405, "method_not_allowed", "Use GET on this path", [], { Allow: "GET, HEAD" }));
}

export function hardenBuild(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const action: Action | undefined = route.module.action;
    const isApi = id.startsWith("routes/api+/");
    let module = route.module;
    if (action) {
      module = {
        ...route.module,
        action: (args: ActionFunctionArgs) => {
          guardFormData(args.request);
          return action(args);
        },
      };
    } else if (isApi && route.module.loader) {
      module = { ...route.module, action: () => methodNotAllowed() };
    }
    // An API path that only writes: a GET (or OPTIONS) reaches its handler, which answers 405
    // naming the method it takes, instead of Remix's unshaped 400.
    if (isApi && action && !route.module.loader) module = { ...module, loader: module.action as NonNullable<typeof module.loader> };
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
