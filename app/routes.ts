import type { RouteConfig } from "@remix-run/route-config";
import { flatRoutes } from "@remix-run/fs-routes";

// File-system routes (app/routes/*). The route tree is also read by the access test,
// which walks every route as each role.
export default flatRoutes() satisfies RouteConfig;
