"""gunicorn settings for production (read automatically from the working directory).

The whole-register Europass export (/api/v1/elm/qualifications.xml) streams for a minute or two
at 100,000 qualifications, longer than gunicorn's default 30 s worker timeout; the timeout here
leaves room for it. Workers are recycled after a number of requests to keep memory flat.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "180"))
graceful_timeout = 30
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
