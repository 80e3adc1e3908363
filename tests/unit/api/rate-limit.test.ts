import fc from "fast-check";
import { decodeCursor, encodeCursor, page } from "~/api/pagination";
import { TokenBucketLimiter } from "~/api/rate-limit";

describe("token bucket", () => {
  it("allows a burst up to capacity, then 429s with a retry time, and refills with time", () => {
    const limiter = new TokenBucketLimiter(3, 60);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("k", t0).allowed)).toEqual([true, true, true]);
    const refused = limiter.take("k", t0);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take("other", t0).allowed).toBe(true);
    expect(limiter.take("k", t0 + 1_000).allowed).toBe(true);
    expect(limiter.take("k", t0 + 1_000).allowed).toBe(false);
  });

  it("never allows more than capacity plus the refill over any window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 300 }), (gaps) => {
        const limiter = new TokenBucketLimiter(10, 600);
        let now = 0;
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          if (limiter.take("k", now).allowed) allowed++;
        }
        return allowed <= 10 + Math.floor((now * 600) / 60_000);
      }),
    );
  });

  it("forgets full buckets when pruned", () => {
    const limiter = new TokenBucketLimiter(2, 60);
    limiter.take("k", 0);
    limiter.take("k", 0);
    limiter.prune(10 * 60_000);
    expect(limiter.take("k", 10 * 60_000).allowed).toBe(true);
  });
});

describe("cursors", () => {
  it("round-trips ids and refuses anything else", () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (id) => decodeCursor(encodeCursor(id)) === id));
    expect(decodeCursor("not a cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("v2:abc").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("v1:has space").toString("base64url"))).toBeNull();
  });

  it("pages limit+1 rows into a page and the next cursor", () => {
    const rows = ["c", "b", "a"].map((id) => ({ id }));
    expect(page(rows, 2)).toEqual({ items: [{ id: "c" }, { id: "b" }], nextCursor: encodeCursor("b") });
    expect(page(rows, 3)).toEqual({ items: rows, nextCursor: null });
  });
});
