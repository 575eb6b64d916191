"""drover: submit jobs to a drover daemon and run worker types in Python.

    import drover

    client = drover.Client()                 # DROVER_URL / DROVER_TOKEN, or the state dir
    job = client.submit("generate-docs", repo="https://github.com/org/repo")
    print(client.wait(job["id"])["state"])

    worker = drover.Worker(client, concurrency=4)

    @worker.handler("generate-docs")
    def generate(job):
        for n, page in enumerate(pages, 1):
            job.progress(n, len(pages), item=page)
        return {"docs_path": "..."}

    worker.run()                             # until SIGTERM or SIGINT

Standard library only.
"""

from drover.client import Client, DroverError, StaleAttempt
from drover.job import Cancelled, Job
from drover.worker import Worker

__all__ = ["Client", "DroverError", "StaleAttempt", "Cancelled", "Job", "Worker"]
__version__ = "0.1.0"
