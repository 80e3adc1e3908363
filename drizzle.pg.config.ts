import { defineConfig } from "drizzle-kit";

// The PostgreSQL migrations (docs/decisions/008-two-dialects.md): generated from db/schema.pg.ts,
// itself generated from db/schema.ts by `npm run db:pg-schema`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
});
