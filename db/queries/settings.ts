import { eq } from "drizzle-orm";
import type { Db } from "../client";
import { appSettings } from "../schema/settings";

/** Run-time settings admins change; each has a default used until first saved. */
export interface Settings {
  /** Every user must set up two-factor sign-in before using the app. */
  requireTwoFactor: boolean;
}

export const DEFAULT_SETTINGS: Settings = { requireTwoFactor: false };

const KEYS: Record<keyof Settings, string> = { requireTwoFactor: "auth.require_two_factor" };

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.select().from(appSettings);
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const out = { ...DEFAULT_SETTINGS };
  for (const [name, key] of Object.entries(KEYS) as [keyof Settings, string][]) {
    if (byKey.has(key)) out[name] = byKey.get(key) as never;
  }
  return out;
}

export async function saveSetting<K extends keyof Settings>(db: Db, name: K, value: Settings[K], by: string | null) {
  const key = KEYS[name];
  await db
    .insert(appSettings)
    .values({ key, value, updatedBy: by, updatedAt: new Date() })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedBy: by, updatedAt: new Date() } });
}

export async function getSettingRow(db: Db, name: keyof Settings) {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, KEYS[name]));
  return row ?? null;
}
