// A worker in a process of its own, for the test that kills one with -9:
// serves type "slow", saves a checkpoint, writes its attempt's token to the
// file named by argv[2], then holds the job until killed.
import { renameSync, writeFileSync } from "node:fs";

import { Client, Worker } from "../index.js";

const tokenFile = process.argv[2];
const worker = new Worker({ client: new Client(), pollWait: 1 });
worker.handle("slow", async (job) => {
  await job.saveCheckpoint({ step: 3 });
  writeFileSync(`${tokenFile}.tmp`, JSON.stringify({ job: job.id, token: job.token }));
  renameSync(`${tokenFile}.tmp`, tokenFile);
  await new Promise(() => {});
});
await worker.run();
