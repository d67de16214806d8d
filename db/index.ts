export { openDatabase, rowsOf, type Database, type Db, type DbKind } from "./client";
export { migrateDatabase, migrationStatus, type MigrationStatus } from "./migrate";
