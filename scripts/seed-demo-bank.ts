// The demo bank in one call, shared by `npm run demo` (a fresh database each time) and `npm run seed`
// (an existing, migrated database that has no institutions yet): the two institutions and their
// people, clients at every stage, and an API key per institution, through the app's own services.
import { DEMO_INSTITUTIONS, DEMO_USERS, seedDemo, type DemoLogin } from "./seed-data";

export type SeededDemo = {
  logins: DemoLogin[];
  apiKeys: { institution: string; key: string }[];
  stages: { client: string; stage: string }[];
};

/** Seeds the database DATABASE_URL names (migrated, without institutions). */
export async function seedDemoBank(): Promise<SeededDemo> {
  const logins = await seedDemo();
  const { seedStages, seedApiKeys } = await import("./seed-stages");
  const stages = process.env.SEED_STAGES === "0" ? [] : await seedStages();
  const apiKeys = await seedApiKeys(
    DEMO_INSTITUTIONS.map((i) => ({ id: i.id, name: i.name, adminUserId: DEMO_USERS.find((u) => u.memberships.some((m) => m.institutionId === i.id && m.roles.includes("admin")))!.id })),
  );
  return { logins, apiKeys, stages };
}

export function printSeeded(seeded: SeededDemo): void {
  for (const login of seeded.logins) {
    process.stdout.write(`login: ${login.email} / ${login.password} (${login.roles.join("+")}, ${login.institution})\n`);
  }
  for (const { institution, key } of seeded.apiKeys) process.stdout.write(`api key: ${key} (${institution})\n`);
  if (seeded.stages.length) process.stdout.write(`\ndemo clients: ${seeded.stages.map((s) => `${s.client} (${s.stage})`).join("; ")}\n`);
}
