// The Database port (app/db.server.ts, docs/decisions/004-data-port.md): writes are serialised and
// atomic, a write inside a write is a savepoint, reads never see a half-done write, the read
// handle cannot write, and the types keep writes inside `write`.
import { eq, sql } from "drizzle-orm";
import { institutions } from "../../db/schema";
import { getConnection, read, reads, write, type Reader, type Tx } from "~/db.server";
import { newId } from "~/ids.server";

async function addInstitution(tx: Tx, name: string): Promise<string> {
  const id = newId();
  await tx.insert(institutions).values({ id, name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${id.slice(-6)}`, createdAt: new Date().toISOString() });
  return id;
}

async function nameOf(q: Reader, id: string): Promise<string | undefined> {
  return (await q.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, id)).limit(1))[0]?.name;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("the Database port on SQLite", () => {
  it("runs one write at a time: a second write starts only after the first commits", async () => {
    const log: string[] = [];
    const first = write({ institutionId: null }, async (tx) => {
      log.push("first:start");
      await addInstitution(tx, "Primero");
      for (let i = 0; i < 5; i++) await tick();
      log.push("first:end");
    });
    const second = write({ institutionId: null }, async (tx) => {
      log.push("second:start");
      await addInstitution(tx, "Segundo");
      log.push("second:end");
    });
    await Promise.all([first, second]);
    expect(log).toEqual(["first:start", "first:end", "second:start", "second:end"]);
  });

  it("rolls the whole write back when its callback throws, and the next write still runs", async () => {
    let id = "";
    await expect(
      write({ institutionId: null }, async (tx) => {
        id = await addInstitution(tx, "Revertido");
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await nameOf(reads(), id)).toBeUndefined();
    const kept = await write({ institutionId: null }, (tx) => addInstitution(tx, "Después"));
    expect(await nameOf(reads(), kept)).toBe("Después");
  });

  it("runs a write inside a write as a savepoint: its failure alone rolls back when caught", async () => {
    const ids = await write({ institutionId: null }, async (tx) => {
      const outer = await addInstitution(tx, "Exterior");
      let inner = "";
      await expect(
        write({ institutionId: null }, async (t) => {
          inner = await addInstitution(t, "Interior");
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
      const nested = await write({ institutionId: null }, (t) => addInstitution(t, "Anidado"));
      return { outer, inner, nested };
    });
    expect(await nameOf(reads(), ids.outer)).toBe("Exterior");
    expect(await nameOf(reads(), ids.inner)).toBeUndefined();
    expect(await nameOf(reads(), ids.nested)).toBe("Anidado");
  });

  it("reads outside the write never see its uncommitted rows; reads through the Tx do", async () => {
    let id = "";
    let seenOutside: string | undefined = "not read";
    let seenInside: string | undefined;
    await write({ institutionId: null }, async (tx) => {
      id = await addInstitution(tx, "Pendiente");
      seenInside = await nameOf(tx, id);
      seenOutside = await read((q) => nameOf(q, id));
    });
    expect(seenInside).toBe("Pendiente");
    expect(seenOutside).toBeUndefined();
    expect(await nameOf(reads(), id)).toBe("Pendiente");
  });

  it("opens the read connection read-only: even a raw statement on it cannot write", () => {
    const { readSqlite } = getConnection();
    expect(readSqlite.readonly).toBe(true);
    expect(() => readSqlite.prepare("DELETE FROM institutions").run()).toThrow(/readonly/i);
  });

  it("commits nothing while a write is open, so another process reading the file sees only committed rows", async () => {
    const { sqlite } = getConnection();
    await write({ institutionId: null }, async (tx) => {
      expect(sqlite.inTransaction).toBe(true);
      await tx.select({ one: sql<number>`1` }).from(institutions).limit(1);
    });
    expect(sqlite.inTransaction).toBe(false);
  });
});

// Compile-time guarantees: tsc (npm test's first step) fails if any line marked as an expected
// error starts to compile, i.e. if the port stops refusing it.
export function typeGuarantees(q: Reader, tx: Tx) {
  // @ts-expect-error a Reader has no insert: writes need the Tx of a write
  void q.insert(institutions).values({ id: "x", name: "x", slug: "x", createdAt: "x" });
  // @ts-expect-error a Reader has no update
  void q.update(institutions).set({ name: "x" });
  // @ts-expect-error a Reader has no delete
  void q.delete(institutions);
  // @ts-expect-error a Reader is not a Tx: a function that writes cannot be handed the read handle
  const notTx: Tx = q;
  // @ts-expect-error a write's callback returns a promise: a synchronous callback does not type-check
  void write({ institutionId: null }, (t: Tx) => { void t; return 1; });
  const reader: Reader = tx; // a Tx reads too (and sees its own writes)
  return [notTx, reader];
}
