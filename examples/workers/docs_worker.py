#!/usr/bin/env python3
"""A web app's docs generation, as a drover worker (type generate-docs).

The web app submits `generate-docs` with a repository URL and shows the
job's page; drover dedupes a repository submitted again while its job runs
(unique_for) and answers from the cache once it is done (cache_ttl). This
worker does the generation: it reports each page as progress, checkpoints
every 10 pages (a worker that dies resumes there), and stops when the job is
cancelled.

    PYTHONPATH=clients/python examples/workers/docs_worker.py
"""

import hashlib
import os
import time

import drover

worker = drover.Worker(drover.Client(), concurrency=int(os.environ.get("CONCURRENCY", "2")))


@worker.handler("generate-docs")
def generate_docs(job: drover.Job) -> dict:
    repo = job.params["repo"]
    pages = job.params.get("pages", 40)
    start = (job.checkpoint or {}).get("next", 0)
    if job.resumed:
        job.message(f"resuming at page {start + 1} of {pages}")
    digest = hashlib.sha256(repo.encode()).hexdigest()[:12]
    for page in range(start, pages):
        time.sleep(0.2)  # stands for rendering one page
        job.progress(page + 1, pages, item=f"page-{page + 1}.html")
        if (page + 1) % 10 == 0:
            job.checkpoint_save({"next": page + 1})
    return {"docs_path": f"/srv/docs/{digest}/index.html", "pages": pages}


if __name__ == "__main__":
    worker.run()
