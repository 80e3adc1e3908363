// L3: guessing API keys and respondent tokens is braked per client address and per credential
// prefix, with 429 and Retry-After in the API's error shape, before the guess is even checked.
import * as clientsIndex from "~/routes/api+/v1+/clients._index";
import * as respondIndex from "~/routes/api+/v1+/respond._index";
import { CREDENTIAL_FAILURE_LIMIT } from "~/api/rate-limit";
import { ErrorSchema } from "~/schemas/api/common";
import { apiBank, resetRateLimit } from "../helpers/api-factories";
import { newToken } from "~/ids.server";

afterEach(() => resetRateLimit());

async function get(route: typeof clientsIndex, path: string, token: string, address: string) {
  const request = new Request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const response = await route.loader!({ request, params: {}, context: { clientAddress: address } });
  return { status: response.status, retryAfter: response.headers.get("Retry-After"), body: ErrorSchema.safeParse(await response.json()) };
}

describe("credential guessing", () => {
  it("refuses an address after 20 unknown API keys, before checking the next one, even a valid one", async () => {
    const bank = await apiBank();
    const statuses: number[] = [];
    for (let i = 0; i < CREDENTIAL_FAILURE_LIMIT.capacity; i++) statuses.push((await get(clientsIndex, "/api/v1/clients", newToken("pvn_key_"), "203.0.113.7")).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await get(clientsIndex, "/api/v1/clients", bank.rw, "203.0.113.7");
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(limited.body.success && limited.body.data.error.code).toBe("rate_limited");
    // Another address with the valid key is not affected.
    expect((await get(clientsIndex, "/api/v1/clients", bank.rw, "203.0.113.8")).status).toBe(200);
  });

  it("refuses guesses at one key prefix from many addresses", async () => {
    await apiBank();
    const prefix = "pvn_key_abcdef";
    for (let i = 0; i < CREDENTIAL_FAILURE_LIMIT.capacity; i++) {
      expect((await get(clientsIndex, "/api/v1/clients", `${prefix}${newToken("")}`, `198.51.100.${i}`)).status).toBe(401);
    }
    expect((await get(clientsIndex, "/api/v1/clients", `${prefix}${newToken("")}`, "198.51.100.200")).status).toBe(429);
  });

  it("never refuses a valid key because others hammered its prefix (staff can see a key's prefix)", async () => {
    const bank = await apiBank();
    const prefix = bank.rw.slice(0, 14);
    for (let i = 0; i < CREDENTIAL_FAILURE_LIMIT.capacity + 5; i++) await get(clientsIndex, "/api/v1/clients", `${prefix}${newToken("")}`, `198.51.100.${i}`);
    expect((await get(clientsIndex, "/api/v1/clients", `${prefix}${newToken("")}`, "198.51.100.250")).status).toBe(429);
    expect((await get(clientsIndex, "/api/v1/clients", bank.rw, "198.51.100.251")).status).toBe(200);
  });

  it("counts unknown respondent tokens the same way; successful calls are never counted", async () => {
    const bank = await apiBank();
    for (let i = 0; i < 50; i++) expect((await get(clientsIndex, "/api/v1/clients", bank.rw, "192.0.2.1")).status).toBe(200);
    for (let i = 0; i < CREDENTIAL_FAILURE_LIMIT.capacity; i++) expect((await get(respondIndex as typeof clientsIndex, "/api/v1/respond", newToken("pvn_rsp_"), "192.0.2.1")).status).toBe(404);
    expect((await get(respondIndex as typeof clientsIndex, "/api/v1/respond", newToken("pvn_rsp_"), "192.0.2.1")).status).toBe(429);
  });
});
