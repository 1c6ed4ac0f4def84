"""Redis as a cache that never slows a page down by much, even while it is down or hung.

django-redis already turns a failed call into a miss (IGNORE_EXCEPTIONS), but each
call waits for its own failure: a hung Redis costs the socket timeout per call, and
a page makes several (Wagtail's site root paths, the course outline, each with a get
and a set). redis-py also retries a failed connection ten times with back-off.

So: no retries, and after a failure (refused, reset, or no answer in time) each
app process leaves that Redis alone for REST_SECONDS. Every cache call in that time is a miss
at once; the first call after it tries Redis again. Settings use it through
django-redis's CONNECTION_POOL_CLASS (alongside/settings/base.py, redis_cache).
"""

import time
from contextlib import contextmanager

from redis import ConnectionPool
from redis import exceptions as redis_errors
from redis.backoff import NoBackoff
from redis.connection import Connection
from redis.retry import Retry

REST_SECONDS = 5.0


class Rest:
    """When a Redis server may be tried again; one per connection pool (so per
    server and process), shared by its connections and threads."""

    def __init__(self):
        self.until = 0.0  # time.monotonic()

    def resting(self):
        return time.monotonic() < self.until

    @contextmanager
    def after_failure(self):
        try:
            yield
        except (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError):
            self.until = time.monotonic() + REST_SECONDS
            raise


class RestingConnection(Connection):
    """A connection that is not even tried while its Redis rests after a failure."""

    def __init__(self, *args, rest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rest = rest or Rest()

    def connect(self, *args, **kwargs):
        if self.rest.resting():
            raise redis_errors.ConnectionError(
                "Redis failed a moment ago; left alone for now."
            )
        with self.rest.after_failure():
            return super().connect(*args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        with self.rest.after_failure():
            return super().send_packed_command(*args, **kwargs)

    def read_response(self, *args, **kwargs):
        with self.rest.after_failure():
            return super().read_response(*args, **kwargs)


class RestingConnectionPool(ConnectionPool):
    """The pool django-redis builds from a redis:// URL, with RestingConnection and
    no retries (a retry would wait for the same failure again)."""

    def __init__(self, connection_class=Connection, **kwargs):
        if connection_class is Connection:  # TCP; TLS and sockets keep their own
            connection_class = RestingConnection
            kwargs["rest"] = Rest()
        kwargs["retry"] = Retry(NoBackoff(), 0)
        super().__init__(connection_class=connection_class, **kwargs)
