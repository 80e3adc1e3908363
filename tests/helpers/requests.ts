// Building requests for loaders and actions called directly (STYLE.md §7).
export function getRequest(path: string, cookie?: string): Request {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function formRequest(path: string, fields: Record<string, string | string[]>, cookie?: string): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** Runs a loader/action and returns the Response whether it was returned or thrown. */
export async function settle(fn: () => Promise<unknown>): Promise<{ status: number; response: unknown; headers: Headers }> {
  try {
    const result = await fn();
    if (result instanceof Response) return { status: result.status, response: result, headers: result.headers };
    const maybe = result as { type?: string; init?: { status?: number; headers?: HeadersInit } | null; data?: unknown };
    if (maybe && maybe.type === "DataWithResponseInit") {
      return { status: maybe.init?.status ?? 200, response: maybe.data, headers: new Headers(maybe.init?.headers) };
    }
    return { status: 200, response: result, headers: new Headers() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, response: thrown, headers: thrown.headers };
    throw thrown;
  }
}
