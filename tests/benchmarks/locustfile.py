"""Scripted learners for locust (tests/benchmarks/load.py runs it): each user is one
learner of tests/benchmarks/learner.py, with locust's session as its browser.

LOAD_CERTIFICATE: the stack's certificate, to check TLS against (default: the
system's). LOAD_THINK: "low,high", seconds between a learner's pages."""

import os
import random

from locust import HttpUser, between, task

from tests.benchmarks.learner import Answer, AnswerBook, Learner

BOOK = AnswerBook()  # shared by every learner of the run, as notes are
VERIFY = os.environ.get("LOAD_CERTIFICATE") or True
THINK = [float(n) for n in os.environ.get("LOAD_THINK", "1,3").split(",")]


class LocustBrowser:
    """`http` for a Learner: locust's requests session, which records each request
    under its name (course, lesson, quiz, done)."""

    def __init__(self, client):
        self.client = client

    def get(self, url, name):
        return self._send("GET", url, None, name)

    def post(self, url, data, name):
        return self._send("POST", url, data, name)

    def clear_cookies(self):
        self.client.cookies.clear()

    def _send(self, method, url, data, name):
        # verify with each request: a session's own verify loses to
        # REQUESTS_CA_BUNDLE. Django checks the Referer of https POSTs.
        response = self.client.request(
            method,
            url,
            name=name,
            data=data,
            headers={"Referer": url},
            verify=VERIFY,
            timeout=60,
        )
        return Answer(
            response.status_code or 0, response.url or url, response.text or ""
        )


class LearnerUser(HttpUser):
    wait_time = between(*THINK)

    def on_start(self):
        self.learner = Learner(
            LocustBrowser(self.client),
            self.host.rstrip("/"),
            BOOK,
            random.Random(),  # noqa: S311 (answers, not secrets)
        )

    @task
    def next_page(self):
        self.learner.step()
