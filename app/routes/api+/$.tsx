// Any other path under /api answers in the API's error shape rather than the app's HTML 404 page.
import { errorResponse, ApiError } from "~/api/errors";

function notFound(request: Request): Response {
  return errorResponse(new ApiError(404, "not_found", `No API path ${new URL(request.url).pathname}; see /api/v1/openapi.json`));
}

export function loader({ request }: { request: Request }) {
  return notFound(request);
}

export function action({ request }: { request: Request }) {
  return notFound(request);
}
