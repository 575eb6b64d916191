#!/usr/bin/env node
// A developer CLI's issue import, as a drover worker (type
// issue-import): it imports issues one by one, checkpoints as it goes,
// and when the (simulated) GitHub API says "rate limited" it pauses itself:
// drover resumes the job by itself when the limit lifts, from its checkpoint.
//
//   node examples/workers/import_issues.mjs
import { Client, Worker } from "../../clients/node/index.js";

const worker = new Worker({ client: new Client(), concurrency: 1 });

worker.handle("issue-import", async (job) => {
  const { repo, count, rate_limit_at: rateLimitAt } = job.params;
  const start = job.checkpoint?.next ?? 0;
  for (let issue = start; issue < count; issue++) {
    if (job.signal.aborted) throw job.signal.reason;
    if (issue === rateLimitAt && !job.checkpoint?.rate_limited) {
      await job.saveCheckpoint({ next: issue, rate_limited: true });
      job.pause(30, "rate limited by GitHub");  // ends this attempt; resumes in 30 s
    }
    await new Promise((resolve) => setTimeout(resolve, 20));  // stands for one API call
    job.progress(issue + 1, count, `${repo}#${issue + 1}`);
    if ((issue + 1) % 50 === 0) {
      await job.saveCheckpoint({ next: issue + 1, rate_limited: job.checkpoint?.rate_limited });
    }
  }
  return { imported: count };
});

await worker.run();
