// Fetches /api/openapi.json from a running daemon over its unix socket and
// validates it against the OpenAPI 3.1 schema; then checks that every
// route of DESIGN.md's HTTP API is described.
// Usage: node validate.mjs STATE_DIR/drover.sock
import http from "node:http";
import { Validator } from "@seriousme/openapi-schema-validator";

const kDesignRoutes = [
  ["post", "/api/jobs"], ["get", "/api/jobs"], ["get", "/api/jobs/{id}"],
  ["post", "/api/jobs/{id}/{action}"], ["delete", "/api/jobs/{id}"],
  ["get", "/api/jobs/{id}/logs"], ["get", "/api/jobs/{id}/artifacts/{path}"],
  ["get", "/api/events"], ["get", "/api/types"], ["post", "/api/chains/validate"],
  ["post", "/api/chains"], ["get", "/api/templates"], ["get", "/api/templates/{name}"],
  ["put", "/api/templates/{name}"], ["delete", "/api/templates/{name}"],
  ["get", "/api/queues"], ["post", "/api/queues/{name}/{verb}"], ["get", "/api/resources"],
  ["get", "/api/interrupted"], ["get", "/api/openapi.json"], ["get", "/metrics"],
  ["get", "/healthz"], ["get", "/api/workers"], ["post", "/api/workers/fetch"],
  ["post", "/api/workers/report"], ["post", "/api/workers/complete"],
  ["post", "/api/workers/fail"], ["post", "/api/workers/reports"], ["get", "/api/nodes"],
];

function fetchDocument(socketPath) {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path: "/api/openapi.json" }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}: ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    request.on("error", reject);
  });
}

const document = await fetchDocument(process.argv[2]);
const validator = new Validator();
const result = await validator.validate(document);
let failed = 0;
if (!result.valid) {
  console.error("the document does not match the OpenAPI schema:");
  console.error(JSON.stringify(result.errors, null, 2));
  failed++;
} else {
  console.log(`valid OpenAPI ${validator.version} document`);
  validator.resolveRefs();  // throws on a $ref to nothing
}
for (const [method, path] of kDesignRoutes) {
  if (!document.paths?.[path]?.[method]) {
    console.error(`missing: ${method.toUpperCase()} ${path}`);
    failed++;
  }
}
console.log(`${kDesignRoutes.length + 1 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
