"""After a failure, Redis is left alone for a few seconds (home/cache.py): a hung
Redis costs one timeout, not one per cache call, and a page makes several. Counted
in connections a real (hung) server receives, not in milliseconds."""

import socket
import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.test import Client, override_settings

import pytest

import home.cache
from alongside.settings.base import redis_cache
from tests.helpers import lessons_of, submit

pytestmark = pytest.mark.django_db


@contextmanager
def hung_redis():
    """A server that accepts connections and never answers (Redis under SIGSTOP
    looks like this: the kernel still accepts). Yields its URL and the list of
    connections it has accepted."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held, stop = [], threading.Event()

    def accept():
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", held
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in held:
            connection.close()
        server.close()


def accepted(held, expected):
    """The connections accepted, once the server's thread has caught up."""
    for _ in range(40):
        if len(held) >= expected:
            break
        time.sleep(0.05)
    time.sleep(0.1)  # and no more than that
    return len(held)


def test_a_hung_redis_is_tried_once_then_left_alone(course):
    lesson = lessons_of(course)[0]
    with (
        hung_redis() as (url, held),
        override_settings(CACHES={"default": redis_cache(url)}),
    ):
        client = Client()
        for path in ["/", course.url, lesson.url, "/get-help/", lesson.url]:
            assert client.get(path).status_code == 200, path
        assert "You passed" in submit(client, lesson).content.decode()
        # Without the rest: a connection per cache call, each waiting 100 ms.
        assert accepted(held, 1) == 1


def test_after_its_rest_redis_is_tried_again(course, monkeypatch):
    monkeypatch.setattr(home.cache, "REST_SECONDS", 0.3)
    with (
        hung_redis() as (url, held),
        override_settings(CACHES={"default": redis_cache(url)}),
    ):
        assert cache.get("anything") is None
        assert cache.get("anything") is None
        assert accepted(held, 1) == 1
        time.sleep(0.4)
        assert cache.get("anything") is None
        assert accepted(held, 2) == 2


def test_a_working_redis_is_not_left_alone():
    with override_settings(CACHES={"default": redis_cache("redis://127.0.0.1:6379/8")}):
        for number in range(3):
            cache.set("alongside-rest-test", number, 5)
            assert cache.get("alongside-rest-test") == number
        cache.delete("alongside-rest-test")
