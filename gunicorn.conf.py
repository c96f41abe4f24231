"""gunicorn's settings for every way the portal is served: `make run`,
`make serve`, the load and attack scripts and the tests (gunicorn reads
./gunicorn.conf.py by itself; command-line options override it).

Why gthread: a sync worker is held by one slow or half-sent request (one
such connection per worker froze the site for 30 s). A gthread worker waits
for a new connection's first bytes in its main loop, not in a thread, and
has THREADS threads for requests and takes no more connections than that, so
a handful of stalled clients leave the rest serving; `make attack` measures it. On the open internet put a
buffering reverse proxy in front anyway (README: "Running it in production").
"""

import os

wsgi_app = "portal.wsgi"
worker_class = "gthread"
# More than one process by default: a long request never stops the site.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
threads = int(os.environ.get("GUNICORN_THREADS") or 8)
timeout = 30  # a worker stuck this long is restarted
graceful_timeout = 10
# A worker takes only as many connections as it has threads, so a connection
# it could not serve at once stays in the listen queue for a worker that can:
# half-sent requests held by one worker do not stall what it would accept.
# So no keep-alive by default: gthread keeps a connection alive only while it
# holds fewer than worker_connections - threads, and any room above `threads`
# lets half-sent requests stall the connections queued behind them (measured:
# `make attack` misses its half-open target with keep-alive on). Behind a
# buffering reverse proxy, which reads whole requests before passing them on,
# GUNICORN_KEEPALIVE=2 (seconds) keeps connections alive for the proxy.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE") or 0)
worker_connections = threads * (2 if keepalive else 1)
# Up to 1 MB of request line (gunicorn's cap for 0), so that the portal, not
# gunicorn, answers an over-long URL: 414 with its JSON error under /api/.
limit_request_line = 0
# X-Forwarded-Proto and friends count only from these addresses (the same
# variable as Django's, errors/web/guards.py).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
# The access log names the path, never the query string or the Referer: a
# search is `?q=<the pasted error>`, and pastes carry API keys, tokens and
# e-mail addresses (the search log stores them only redacted, errors/web/search_log.py).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
