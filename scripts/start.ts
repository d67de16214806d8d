// `npm start`: one Node process that checks the configuration, builds if needed, then runs the
// server in-process. package.json starts it with `exec`, so npm's child is this process itself:
// npm passes a process manager's SIGTERM (or SIGINT) on to it, and the server's graceful shutdown
// runs. (With a shell and a tsx child in between, the signal stopped at the shell and the server
// outlived its stop.)
import { loadEnvOrExit } from "../config/env";
import { ensureBuild } from "./ensure-build";

// A bad value stops `npm start` in a second, before any build.
loadEnvOrExit();
await ensureBuild();
await import("../server");
