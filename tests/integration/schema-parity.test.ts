// The two physical schemas are one logical schema (docs/decisions/008-two-dialects.md):
// db/schema.pg.ts is what scripts/db-pg-schema.ts derives from db/schema.ts, and both have the same
// tables, columns, nullability, defaults, primary keys, unique constraints and indexes.
import fs from "node:fs";
import path from "node:path";
import { getTableConfig as pgConfig, type PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pgSchema from "../../db/schema.pg";
import * as sqliteSchema from "../../db/schema";
import { pgSchemaSource, tablesSource } from "../../scripts/db-pg-schema";

type Shape = {
  name: string;
  columns: Array<{ name: string; notNull: boolean; primary: boolean; unique: boolean; hasDefault: boolean; default: unknown; kind: string }>;
  indexes: Array<{ name: string | undefined; unique: boolean; columns: string[] }>;
  foreignKeys: string[];
};

// The same logical kind on both engines (the mapping of scripts/db-pg-schema.ts).
const KIND: Record<string, string> = {
  SQLiteText: "text",
  SQLiteTextJson: "json",
  SQLiteBoolean: "boolean",
  SQLiteInteger: "integer",
  SQLiteBlobBuffer: "bytes",
  "PgCustomColumn:text": "text",
  PgJsonb: "json",
  PgBoolean: "boolean",
  PgInteger: "integer",
  "PgCustomColumn:bytea": "bytes",
};

function kindOf(column: { columnType: string; getSQLType(): string }): string {
  const key = column.columnType === "PgCustomColumn" ? `PgCustomColumn:${column.getSQLType().split(" ")[0]}` : column.columnType;
  return KIND[key] ?? `unknown:${key}`;
}

function shapeOf(config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>): Shape {
  return {
    name: config.name,
    columns: config.columns
      .map((c) => ({ name: c.name, notNull: c.notNull, primary: c.primary, unique: c.isUnique, hasDefault: c.hasDefault, default: c.default, kind: kindOf(c) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name, unique: i.config.unique, columns: i.config.columns.map((c) => (c as { name: string }).name) }))
      .sort((a, b) => ((a.name ?? "") < (b.name ?? "") ? -1 : 1)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${ref.columns.map((c) => c.name).join(",")}→${ref.foreignColumns.map((c) => c.name).join(",")}`;
      })
      .sort(),
  };
}

const isTable = (v: unknown) => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v;

describe("schema parity (SQLite ↔ PostgreSQL)", () => {
  it("db/schema.pg.ts and db/tables.ts are what scripts/db-pg-schema.ts derives from db/schema.ts", () => {
    const source = fs.readFileSync(path.resolve("db/schema.ts"), "utf8");
    expect(fs.readFileSync(path.resolve("db/schema.pg.ts"), "utf8"), "run npm run db:pg-schema").toBe(pgSchemaSource(source));
    expect(fs.readFileSync(path.resolve("db/tables.ts"), "utf8"), "run npm run db:pg-schema").toBe(tablesSource(source));
  });

  it("has the same tables, columns, kinds, nullability, defaults, keys and indexes on both engines", () => {
    const sqliteTables = Object.entries(sqliteSchema).filter(([, v]) => isTable(v)) as Array<[string, SQLiteTable]>;
    const pgTables = Object.entries(pgSchema).filter(([, v]) => isTable(v)) as Array<[string, PgTable]>;
    expect(pgTables.map(([k]) => k).sort()).toEqual(sqliteTables.map(([k]) => k).sort());
    expect(sqliteTables.length).toBeGreaterThan(25);
    for (const [key, table] of sqliteTables) {
      const twin = (pgSchema as unknown as Record<string, PgTable>)[key]!;
      const a = shapeOf(sqliteConfig(table));
      const b = shapeOf(pgConfig(twin));
      expect(b, key).toEqual(a);
      expect(a.columns.every((c) => !c.kind.startsWith("unknown")), key).toBe(true);
    }
  });

  it("compares ids byte-wise on PostgreSQL, as SQLite does", () => {
    for (const column of pgConfig(pgSchema.clients).columns.filter((c) => c.columnType === "PgCustomColumn" && c.getSQLType().startsWith("text"))) {
      expect(column.getSQLType()).toBe('text COLLATE "C"');
    }
  });

  it("refuses a column kind the mapping does not know", () => {
    expect(() => pgSchemaSource('import { real } from "drizzle-orm/sqlite-core";\nexport const t = sqliteTable("t", { x: real("x") });')).toThrow(/does not know/);
  });
});
