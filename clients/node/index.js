// drover-client: submit jobs to a drover daemon and run worker types in
// Node (>= 18, its global fetch). No runtime dependencies.
export { Client, DroverError, StaleAttempt } from "./lib/client.js";
export { Job, Cancelled, Paused } from "./lib/job.js";
export { Worker } from "./lib/worker.js";
