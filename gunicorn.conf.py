"""gunicorn settings for production (read automatically from the working directory).

The control socket (``gunicornc``) is one per instance: gunicorn's default is one path per user
($XDG_RUNTIME_DIR/gunicorn.ctl), which a second instance (another checkout, the benchmark beside a
running site) would take over or remove. Here it is named after the instance's bind addresses, in the
checkout's ignored ``.local/run/`` folder (GUNICORN_CONTROL_SOCKET names another path; ``off`` disables it).

The whole-register Europass export (/api/v1/elm/qualifications.xml) streams for a minute or two
at 100,000 qualifications, longer than gunicorn's default 30 s worker timeout; the timeout here
leaves room for it. Workers are recycled after a number of requests to keep memory flat; each new
worker connects to the database and loads the text-search dictionaries before it takes a request
(zrk/warmup.py), so recycling costs no visitor the half-second dictionary load.
"""

import os
import re
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "180"))
graceful_timeout = 30
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None

RUN_DIR = Path(__file__).resolve().parent / ".local" / "run"
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "")


def control_socket_path(binds) -> str:
    """The control socket of the instance serving ``binds`` (at most one instance can bind them)."""
    name = re.sub(r"[^A-Za-z0-9.]+", "-", "_".join(binds)).strip("-") or "default"
    return str(RUN_DIR / f"gunicorn-{name}.ctl")


if _control == "off":
    control_socket_disable = True
else:
    control_socket = _control or control_socket_path([bind])
    control_socket_mode = 0o600


def on_starting(server):
    # The addresses given on the command line (--bind) are known only now, before the socket is made.
    if not _control:
        server.cfg.set("control_socket", control_socket_path(server.cfg.bind))
    # The folder where this instance's workers share what text searches work out (zrk/settings.py
    # CACHES["copies"], used when there is no shared cache): the workers are forked after this and
    # inherit it. A new one per start: the copies are keyed on the register version, which a database
    # restored or recreated would repeat with other content.
    if not os.environ.get("CACHE_URL"):
        import tempfile

        # In memory where the system has a tmpfs for it: creating a file on a disk's file system
        # waits for its journal, and a word's first search writes a few.
        shared_memory = "/dev/shm"  # noqa: S108 - mkdtemp makes a private folder (0700) in it
        where = shared_memory if os.path.isdir(shared_memory) and os.access(shared_memory, os.W_OK) else None
        os.environ["ZRK_COPIES_DIR"] = tempfile.mkdtemp(prefix="zrk-copies-", dir=where)


def on_exit(server):
    import shutil

    shutil.rmtree(os.environ.get("ZRK_COPIES_DIR", ""), ignore_errors=True)


def post_worker_init(worker):
    # The application is loaded in the worker by now (no preload), so Django is set up.
    import gc

    from zrk.warmup import warm_connections, warm_figures

    warm_connections()
    warm_figures()
    # What the worker now holds for its life (modules, Django's state, the copies just built: about
    # 150,000 objects) is set aside from the cycle collector. Otherwise the thousands of rows a text
    # search reads the first time start full collections that walk all of it, about 70 ms each at
    # 100,000 qualifications; set aside, only the objects made since are walked.
    gc.collect()
    gc.freeze()
