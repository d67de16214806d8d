// End-to-end setup: a current production build (the tests drive the built server, as users
// get it) and Debian's Chromium.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "./support";

export default function setup() {
  if (!existsSync(chromiumPath())) {
    throw new Error(
      `Chromium not found at ${chromiumPath()}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  execSync("npx tsx scripts/ensure-build.ts", { stdio: "inherit" });
}
