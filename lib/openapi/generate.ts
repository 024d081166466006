// `npm run openapi`: regenerate docs/openapi.yaml from the zod schemas (a test fails when it is stale).
import fs from "node:fs";
import path from "node:path";
import { buildOpenApiSpec } from "./spec";
import { toOpenApiYaml } from "./yaml";

export const OPENAPI_FILE = path.join("docs", "openapi.yaml");

const text = toOpenApiYaml(buildOpenApiSpec());
fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true });
fs.writeFileSync(OPENAPI_FILE, text);
console.log(`wrote ${OPENAPI_FILE} (${text.length} bytes)`);
