// The collecting tool, named in every warcinfo record and manifest (the Berkeley Protocol asks for it).
import pkg from "../../package.json" with { type: "json" };

export const SOFTWARE = `article3/${pkg.version} (warcio.js ${pkg.dependencies.warcio}; node ${process.version})`;
