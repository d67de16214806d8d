import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and committed; `npm run db:migrate` (and every
// start) applies them. Generation needs no database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
