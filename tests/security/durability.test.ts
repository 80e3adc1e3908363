// kill -9 durability (issue 13, area 9): a production server, 10 respondents autosaving through
// PUT /api/v1/respond/answers for about 6 s, the server's whole process group killed with
// SIGKILL part-way and started again at once. Afterwards every respondent's last acknowledged
// value of every question is what the server returns: 0 acknowledged writes lost.
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, send, Tally } from "./helpers/http";
import { startApp, type App } from "./helpers/server";
import { respondView, visible, validValue } from "./helpers/respond";

let app: App;
const tally = new Tally("durability");
beforeAll(async () => {
  app = await startApp("durability");
});
afterAll(async () => {
  tally.print();
  await app?.stop();
});

test("every acknowledged autosave survives kill -9 of the server", async () => {
  const respondents = app.seed.durability;
  const views = await Promise.all(respondents.map((r) => respondView(app, r.token, tally)));
  const questions = visible(views[0]!, "single").slice(0, 2);
  expect(questions.length).toBe(2);
  const lastAck = new Map<string, string>();
  let acks = 0;
  let refusedWhileDown = 0;
  const start = Date.now();
  const end = start + 6_500;
  const killAt = start + 2_500 + Math.floor(Math.random() * 1000);
  let killed = false;
  let restarted: Promise<void> | undefined;

  const loop = async (i: number) => {
    const { token } = respondents[i]!;
    let n = 0;
    while (Date.now() < end) {
      const q = questions[n % 2]!;
      const marker = `r${i}-n${n}-${Date.now()}`;
      n += 1;
      try {
        const res = await send(app, "/api/v1/respond/answers", { method: "PUT", headers: { ...bearer(token), "Content-Type": "application/json" }, body: JSON.stringify({ answers: { [q.id]: { value: validValue(q), comment: marker } } }), timeoutMs: 5_000 }, tally);
        const body = res.status === 200 ? (JSON.parse(res.text) as { saved: string[] }) : null;
        if (body?.saved.includes(q.id)) {
          lastAck.set(`${i}|${q.id}`, marker);
          acks += 1;
        } else if (res.status !== 429) tally.fail(`respondent ${i}: ${res.status} ${res.text.slice(0, 100)}`);
      } catch {
        // The server is down (killed or starting): not acknowledged, try again shortly.
        refusedWhileDown += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const killer = (async () => {
    await new Promise((r) => setTimeout(r, killAt - Date.now()));
    await app.kill9();
    killed = true;
    restarted = app.start();
    await restarted;
  })();
  await Promise.all([...respondents.map((_, i) => loop(i)), killer]);
  expect(killed).toBe(true);
  await restarted;

  const lost: string[] = [];
  let checked = 0;
  for (let i = 0; i < respondents.length; i++) {
    const view = await respondView(app, respondents[i]!.token, tally);
    for (const q of questions) {
      const want = lastAck.get(`${i}|${q.id}`);
      if (!want) continue;
      checked += 1;
      const got = view.draft[q.id]?.comment;
      if (got !== want) lost.push(`respondent ${i} ${q.id}: acknowledged ${want}, server has ${got}`);
    }
  }
  const integrity = (app.db().pragma("integrity_check") as Array<{ integrity_check: string }>)[0]?.integrity_check;
  tally.count("acknowledged writes", acks);
  tally.count("final values checked", checked);
  tally.count("acknowledged writes lost", lost.length);
  tally.count("requests refused while the server was down", refusedWhileDown);
  expect(integrity).toBe("ok");
  expect(checked).toBeGreaterThanOrEqual(respondents.length);
  expect(lost).toEqual([]);
  expect(tally.fiveXX).toEqual([]);
  expect(tally.failures).toEqual([]);
});
