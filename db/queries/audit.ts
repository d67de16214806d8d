import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { auditLog, invites, users } from "../schema/auth";

/**
 * The audit log is append-only: this module records and reads, and nothing in the code base
 * updates or deletes its rows (tests/integration/auth-audit.test.ts checks the exports).
 */
export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}

export interface AuditFilter {
  /** Exact action, or a prefix ending in "." such as "user." */
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  limit?: number;
  /** Rows with an id below this one: keyset paging, newest first. */
  before?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The target's name where it has one: a user's name, an invitation's e-mail address. */
  targetName: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const targetUser = alias(users, "target_user");

export async function listAudit(db: Db, filter: AuditFilter = {}): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (filter.action) {
    where.push(
      filter.action.endsWith(".")
        ? sql`${auditLog.action} like ${`${filter.action.replace(/[%_\\]/g, "\\$&")}%`}`
        : eq(auditLog.action, filter.action),
    );
  }
  if (filter.actorId) where.push(eq(auditLog.actorId, filter.actorId));
  if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) where.push(eq(auditLog.targetId, filter.targetId));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lt(auditLog.at, filter.to));
  if (filter.before) where.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorEmail: users.email,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      targetName: sql<string | null>`coalesce(${targetUser.name}, ${invites.email})`,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .leftJoin(targetUser, and(eq(auditLog.targetType, "user"), eq(targetUser.id, auditLog.targetId)))
    .leftJoin(invites, and(eq(auditLog.targetType, "invite"), eq(invites.id, auditLog.targetId)))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.min(filter.limit ?? 100, 500));
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The distinct actions seen so far, for the filter's drop-down. */
export async function auditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
