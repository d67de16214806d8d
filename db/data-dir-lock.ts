// The embedded database belongs to one process: two PGlite instances on one folder both write
// and corrupt it (duplicate primary keys, failed REINDEX). Opening takes an exclusive lock on the
// data folder: a file created atomically (`wx`) holding the owner's pid. A lock whose pid is dead
// (a process killed with SIGKILL, a crash) is stale and taken over; the lock is released on
// close and on process exit.
import { randomUUID } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseOpenError } from "./open-errors";

export const LOCK_FILE = "article3.lock";

interface LockContent {
  pid: number;
  /** What holds the folder: "server", "worker", "cli pull", "db:migrate"… */
  holder: string;
  /** The server's address, so that others can point at it. */
  url?: string;
  host: string;
  token: string;
  startedAt: string;
}

export class DataDirInUseError extends DatabaseOpenError {
  override name = "DataDirInUseError";
  constructor(
    /** The folder as the operator named it (DATA_DIR). */
    readonly dataDir: string,
    readonly owner: { pid: number; holder: string; host: string; url?: string },
    /** What to do instead, after "Stop it first". */
    hint?: string,
  ) {
    const where = owner.host === os.hostname() ? "" : ` on ${owner.host}`;
    super(
      `The data folder ${dataDir} is in use by another Article 3 process (${owner.holder}, pid ${owner.pid}${where}). ` +
        `Stop it first${hint ? `, or ${hint}` : "."}`,
    );
  }

  /** The same line with a command's own advice. */
  withHint(hint: string): DataDirInUseError {
    return new DataDirInUseError(this.dataDir, this.owner, hint);
  }

  get heldByServer() {
    return this.owner.holder === "server";
  }
}

/** Folders locked by this process: a lock file naming our own pid but not listed here is stale (a restarted container reuses pids). */
const heldHere = new Map<string, string>();

function readLock(file: string): { raw: string; content: LockContent | null } | null {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const c = JSON.parse(raw) as LockContent;
    return { raw, content: Number.isInteger(c.pid) ? c : null };
  } catch {
    return { raw, content: null };
  }
}

/** Is the process that wrote this lock still running? Unknown hosts count as alive. */
function ownerAlive(c: LockContent, file: string): boolean {
  if (c.host !== os.hostname()) return true;
  if (c.pid === process.pid) return heldHere.get(file) === c.token;
  try {
    process.kill(c.pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // The pid is alive, but may have been reused by an unrelated program after a crash.
  try {
    return readFileSync(`/proc/${c.pid}/cmdline`, "utf8").includes("node");
  } catch {
    return true;
  }
}

/** Remove a stale lock, unless another process replaced it meanwhile. */
function removeStale(file: string, staleRaw: string) {
  const aside = `${file}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  let raw = "";
  try {
    raw = readFileSync(aside, "utf8");
  } catch {}
  if (raw !== staleRaw) {
    // We moved a fresh lock taken by someone else: put it back (without overwriting a newer one).
    try {
      linkSync(aside, file);
    } catch {}
  }
  try {
    unlinkSync(aside);
  } catch {}
}

export interface DataDirLock {
  release(): void;
}

/**
 * Lock `dataDir` for this process, or throw DataDirInUseError naming the owner.
 * `shownAs` is how the operator named the folder, for the message.
 */
export function lockDataDir(dataDir: string, opts: { holder: string; url?: string; shownAs?: string }): DataDirLock {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const content: LockContent = {
    pid: process.pid,
    holder: opts.holder,
    ...(opts.url ? { url: opts.url } : {}),
    host: os.hostname(),
    token: randomUUID(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      try {
        writeSync(fd, `${JSON.stringify(content)}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 20) throw e;
    }
    const found = readLock(file);
    if (!found) continue;
    if (found.content) {
      if (ownerAlive(found.content, file)) throw new DataDirInUseError(opts.shownAs ?? dataDir, found.content);
      removeStale(file, found.raw);
      continue;
    }
    // Empty or unreadable: an owner between creating and writing the file, or one that died there.
    let age = 0;
    try {
      age = Date.now() - statSync(file).mtimeMs;
    } catch {}
    if (age > 5_000) removeStale(file, found.raw);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  heldHere.set(file, content.token);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    heldHere.delete(file);
    const now = readLock(file);
    if (now?.content?.token === content.token) {
      try {
        unlinkSync(file);
      } catch {}
    }
  };
  // Normal exits, process.exit() included; SIGKILL leaves a stale lock that the next opener removes.
  process.on("exit", release);
  return { release };
}
