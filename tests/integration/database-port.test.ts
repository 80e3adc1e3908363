// The Database port (app/db.server.ts, docs/decisions/004-data-port.md): writes are serialised and
// atomic, a write inside a write is a savepoint, reads never see a half-done write, the read
// handle cannot write, and the types keep writes inside `write`.
import { eq, sql } from "drizzle-orm";
import { institutions } from "../../db/tables";
import { getSqliteConnection, read, reads, revisionOf, write, WRITE_LOCK_NAMESPACE, type Reader, type Tx } from "~/db.server";
import { newId } from "~/ids.server";
import { onPostgres, onSqlite } from "../helpers/engine";

async function addInstitution(tx: Tx, name: string): Promise<string> {
  const id = newId();
  await tx.insert(institutions).values({ id, name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${id.slice(-6)}`, createdAt: new Date().toISOString() });
  return id;
}

async function nameOf(q: Reader, id: string): Promise<string | undefined> {
  return (await q.select({ name: institutions.name }).from(institutions).where(eq(institutions.id, id)).limit(1))[0]?.name;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe(`the Database port (${onPostgres ? "PostgreSQL" : "SQLite"})`, () => {
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
    // Never interleaved; on SQLite also first come, first served (PostgreSQL's lock queue decides there).
    const order = [log.slice(0, 2), log.slice(2)].map((pair) => pair.join(","));
    expect([...order].sort()).toEqual(["first:start,first:end", "second:start,second:end"]);
    if (onSqlite) expect(log).toEqual(["first:start", "first:end", "second:start", "second:end"]);
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

  it.skipIf(onPostgres)("opens the read connection read-only: even a raw statement on it cannot write", () => {
    const { readSqlite } = getSqliteConnection();
    expect(readSqlite.readonly).toBe(true);
    expect(() => readSqlite.prepare("DELETE FROM institutions").run()).toThrow(/readonly/i);
  });

  it.skipIf(onPostgres)("commits nothing while a write is open, so another process reading the file sees only committed rows", async () => {
    const { sqlite } = getSqliteConnection();
    await write({ institutionId: null }, async (tx) => {
      expect(sqlite.inTransaction).toBe(true);
      await tx.select({ one: sql<number>`1` }).from(institutions).limit(1);
    });
    expect(sqlite.inTransaction).toBe(false);
  });
});

describe.skipIf(onSqlite)("the Database port on PostgreSQL: writes serialised per institution, across processes", () => {
  // A second pool stands for another app instance (another process or machine) on the same database.
  async function otherInstance() {
    const pg = (await import("pg")).default;
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    return pool;
  }

  it("lets two institutions write at the same time, and makes a second write of one institution wait", async () => {
    const a = await write({ institutionId: null }, (tx) => addInstitution(tx, "Banco A"));
    const b = await write({ institutionId: null }, (tx) => addInstitution(tx, "Banco B"));
    const log: string[] = [];
    let releaseA!: () => void;
    const holdA = new Promise<void>((resolve) => (releaseA = resolve));
    const longA = write({ institutionId: a }, async (tx) => {
      await tx.update(institutions).set({ name: "Banco A (1)" }).where(eq(institutions.id, a));
      log.push("A1 holds");
      await holdA;
      log.push("A1 ends");
    });
    while (!log.includes("A1 holds")) await tick();
    await write({ institutionId: b }, async (tx) => {
      await tx.update(institutions).set({ name: "Banco B (1)" }).where(eq(institutions.id, b));
      log.push("B1 done");
    });
    const secondA = write({ institutionId: a }, async () => {
      log.push("A2 starts");
    });
    for (let i = 0; i < 20; i++) await tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log).toEqual(["A1 holds", "B1 done"]);
    releaseA();
    await Promise.all([longA, secondA]);
    expect(log).toEqual(["A1 holds", "B1 done", "A1 ends", "A2 starts"]);
  });

  it("waits for another instance that holds the institution's write lock", async () => {
    const inst = await write({ institutionId: null }, (tx) => addInstitution(tx, "Banco C"));
    const pool = await otherInstance();
    const other = await pool.connect();
    try {
      await other.query("begin");
      await other.query("select pg_advisory_xact_lock($1::int4, hashtext($2))", [WRITE_LOCK_NAMESPACE, inst]);
      let done = false;
      const mine = write({ institutionId: inst }, async () => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(done).toBe(false);
      await other.query("commit");
      await mine;
      expect(done).toBe(true);
    } finally {
      other.release();
      await pool.end();
    }
  });

  it("moves the institution's revision on every write that changed rows, and only then", async () => {
    const inst = await write({ institutionId: null }, (tx) => addInstitution(tx, "Banco D"));
    const before = await revisionOf(inst);
    await write({ institutionId: inst }, async (tx) => {
      await tx.select().from(institutions).where(eq(institutions.id, inst));
    });
    expect(await revisionOf(inst)).toBe(before);
    await write({ institutionId: inst }, (tx) => tx.update(institutions).set({ name: "Banco D bis" }).where(eq(institutions.id, inst)));
    expect(await revisionOf(inst)).not.toBe(before);
  });
});

describe("the change clock (both engines)", () => {
  it("moves an institution's revision when a write changes rows, not for a write that changed nothing, and not for another bank's writes", async () => {
    const a = await write({ institutionId: null }, (tx) => addInstitution(tx, "Reloj A"));
    const b = await write({ institutionId: null }, (tx) => addInstitution(tx, "Reloj B"));
    const start = await revisionOf(a);
    await write({ institutionId: a }, async (tx) => {
      await tx.select().from(institutions).where(eq(institutions.id, a));
    });
    expect(await revisionOf(a)).toBe(start);
    await write({ institutionId: b }, (tx) => tx.update(institutions).set({ name: "Reloj B bis" }).where(eq(institutions.id, b)));
    expect(await revisionOf(a)).toBe(start);
    await write({ institutionId: a }, (tx) => tx.update(institutions).set({ name: "Reloj A bis" }).where(eq(institutions.id, a)));
    const [mine] = (await revisionOf(a)).split(":");
    expect(Number(mine)).toBe(Number(start.split(":")[0]) + 1);
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
