// The rows of a job table with every chain's phases under it: a phase's job
// is not a row of its own when its chain is listed on the page (`listed`),
// it is one of the chain's phase rows, which shows that job when known.

// [{job} | {phase, chain, job?}] in the order of `jobs`.
export function chainRows(jobs, listed, jobsById = new Map()) {
  const rows = [];
  for (const job of jobs) {
    if (job.parent && listed.has(job.parent)) continue;
    rows.push({ job });
    if (!Array.isArray(job.phases)) continue;
    for (const phase of job.phases) rows.push({ phase, chain: job, job: jobsById.get(phase.job) });
  }
  return rows;
}
