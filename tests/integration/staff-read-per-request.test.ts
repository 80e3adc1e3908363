// One page view runs the root, layout and page loaders with the same GET request; they share one
// read of the staff member (auth/session.server.ts). A new request, or an action, reads afresh,
// so deactivation still takes effect at once.
import { eq } from "drizzle-orm";
import { users } from "../../db/tables";
import { getStaff } from "~/auth/session.server";
import { cookieFor, createInstitution, createUser, db } from "../helpers/factories";
import { formRequest, getRequest } from "../helpers/requests";

describe("staff read per request", () => {
  it("reads the staff member once per GET request and again for the next request", async () => {
    const inst = await createInstitution("Banco Lectura");
    const user = await createUser(inst, ["rm"]);
    const cookie = await cookieFor(user);
    const request = getRequest("/app", cookie);
    const first = await getStaff(request);
    expect(first?.userId).toBe(user.id);
    expect(await getStaff(request)).toBe(first);
    await db().update(users).set({ isActive: false }).where(eq(users.id, user.id));
    expect(await getStaff(getRequest("/app", cookie))).toBeNull();
  });

  it("always reads afresh for an action or an explicit time", async () => {
    const inst = await createInstitution("Banco Escritura");
    const user = await createUser(inst, ["rm"]);
    const cookie = await cookieFor(user);
    const post = formRequest("/app/account", { intent: "x" }, cookie);
    const first = await getStaff(post);
    expect(first?.userId).toBe(user.id);
    expect(await getStaff(post)).not.toBe(first);
    const get = getRequest("/app", cookie);
    const now = new Date();
    expect(await getStaff(get, now)).not.toBe(await getStaff(get, now));
    await db().update(users).set({ isActive: false }).where(eq(users.id, user.id));
    expect(await getStaff(post)).toBeNull();
  });
});
