"""A scripted learner over HTTP, shared by the load script (load.py, through locust)
and the fault script (faults.py, in plain threads).

It does what a person does with a browser that keeps cookies: opens the course,
follows "Start the first lesson", reads each lesson, answers its quiz from the form
it is shown (CSRF token, the form's submission id, the first-write nonce, the option
inputs) and, once passed, follows "Go to the next lesson". It answers from what
earlier learners were told was right (the result page lists the right answers),
so most learners pass at the first or second try and move on, as readers do.

A quiz POST that fails (a 5xx or no answer) is sent again with the same form, same
submission id: the site records a resent form once. Every loop here is bounded.
"""

import html
import random
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

COURSE = "/standing-alongside/"
# How often a learner who knows the right answers gives them (the rest guess).
RIGHT_MOST_TIMES = 0.85
QUIZ_TRIES = 3  # forms per lesson before the learner starts the course again
RESENDS = 8  # the same quiz form sent again at most this often after a failure


class Page(HTMLParser):
    """What a learner looks for on a page: the next-step link and the forms."""

    def __init__(self, text):
        super().__init__()
        self.forms = []  # {"action", "hidden": {}, "questions": [...]}
        self.next_link = None  # "Start the first lesson", "Go to the next lesson"...
        self._in = None  # "legend" or "label" while reading their text
        self._text = ""
        self._inputs = {}  # input id -> (name, value)
        self._href = None
        self._in_form = False
        self.feed(text)

    @property
    def quiz(self):
        return next((f for f in self.forms if f["action"].endswith("/quiz/")), None)

    @property
    def done_form(self):
        return next((f for f in self.forms if f["action"].endswith("/done/")), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "button" in classes:
            self._href, self._text = attrs.get("href"), ""
        if tag == "form":
            # The forms a learner sends on the way through: the quiz and "done",
            # not the footer's reading or place choices.
            action = attrs.get("action", "")
            self._in_form = attrs.get("method") == "post" and (
                action.endswith("/quiz/") or action.endswith("/done/")
            )
            if self._in_form:
                self.forms.append(
                    {"action": attrs["action"], "hidden": {}, "questions": []}
                )
        if not self._in_form:
            return
        form = self.forms[-1]
        if tag == "fieldset":
            form["questions"].append({"prompt": "", "name": "", "options": []})
        if tag == "legend" and form["questions"]:
            self._in, self._text = "legend", ""
        if tag == "input" and attrs.get("type") == "hidden":
            form["hidden"][attrs["name"]] = attrs.get("value", "")
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self._inputs[attrs["id"]] = (attrs["name"], attrs["value"])
            form["questions"][-1]["many"] = attrs["type"] == "checkbox"
        if tag == "label" and attrs.get("for") in self._inputs:
            self._in, self._text, self._for = "label", "", attrs["for"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        if tag == "a" and self._href:
            words = " ".join(self._text.split())
            if words.startswith(
                ("Start the first lesson", "Continue where", "Go to the next lesson")
            ):
                self.next_link = self._href
            self._href = None
        if tag == self._in == "legend":
            prompt = self._text.split("(Choose all")[0]
            # Without its "Question 1 of 4".
            prompt = " ".join(prompt.split()).split(" ", 4)[-1]
            self.forms[-1]["questions"][-1]["prompt"] = prompt
            self._in = None
        if tag == self._in == "label":
            name, value = self._inputs[self._for]
            question = self.forms[-1]["questions"][-1]
            question["name"] = name
            question["options"].append((value, " ".join(self._text.split())))
            self._in = None

    def handle_data(self, data):
        if self._in or self._href:
            self._text += data


REVIEW_ITEM = re.compile(r'<p class="review__question">(.*?)</p>(.*?)</ul>', re.DOTALL)
RIGHT_OPTION = re.compile(
    r'review__option--right"><span class="review__label">[^<]*</span> '
    r'<span class="review__text">(.*?)</span>',
    re.DOTALL,
)


class AnswerBook:
    """What learners have been told is right, by question prompt: shared by every
    learner of a run, as people share notes."""

    def __init__(self):
        self._right = {}
        self._lock = threading.Lock()

    def learn(self, result_html):
        for prompt, rest in REVIEW_ITEM.findall(result_html):
            right = {
                " ".join(html.unescape(t).split()) for t in RIGHT_OPTION.findall(rest)
            }
            with self._lock:
                self._right[" ".join(html.unescape(prompt).split())] = right

    def right_texts(self, prompt):
        with self._lock:
            return self._right.get(prompt)


def answers(quiz, book, rng):
    """POST data for a quiz form: the hidden fields and an answer to each question."""
    data = dict(quiz["hidden"])
    knows = rng.random() < RIGHT_MOST_TIMES
    for question in quiz["questions"]:
        options = question["options"]
        right = book.right_texts(question["prompt"]) if knows else None
        if right:
            chosen = [value for value, text in options if text in right]
        elif question.get("many"):
            chosen = [value for value, _text in options if rng.random() < 0.5]
            chosen = chosen or [rng.choice(options)[0]]
        else:
            chosen = [rng.choice(options)[0]]
        data[question["name"]] = chosen if question.get("many") else chosen[0]
    return data


@dataclass
class Answer:
    status: int  # 0: no answer (connection refused, reset, timed out)
    url: str
    text: str


@dataclass
class Learner:
    """One person going through the course. `http` sends requests: get(url, name)
    and post(url, data, name), each returning an Answer and following redirects
    with this learner's cookies; clear_cookies() makes it a new browser. `sent` collects every quiz submission id sent and
    whether the site confirmed it (a 200 with the result)."""

    http: object
    base: str
    book: AnswerBook
    rng: random.Random = field(default_factory=random.Random)
    think: tuple = (0.0, 0.0)  # seconds between pages, at random in this range
    sent: dict = field(default_factory=dict)  # submission id -> confirmed
    url: str = ""
    page: Page = None
    tries: int = 0
    completed: int = 0  # times through the whole course

    def step(self):
        """One page: open the course, read the next lesson, or answer its quiz."""
        if self.page is None:
            self._open(self.base + COURSE, "course")
        elif self.page.next_link:  # passed (or the course page): the next lesson
            self._open(urljoin(self.url, self.page.next_link), "lesson")
        elif self.page.quiz:
            self._answer_quiz()
        elif self.page.done_form:
            data = dict(self.page.done_form["hidden"])
            self._open(urljoin(self.url, self.page.done_form["action"]), "done", data)
        else:  # lost: start again from the course page
            self.page = None
        self._pause()

    def _open(self, url, name, data=None):
        answer = self.http.post(url, data, name) if data else self.http.get(url, name)
        if answer.status == 200:
            self.url, self.page = answer.url, Page(answer.text)
        else:  # the site is resting: back to the course page, as a person would
            self.page = None
        return answer

    def _answer_quiz(self):
        if self.tries >= QUIZ_TRIES:
            self.page, self.tries = None, 0
            return
        quiz = self.page.quiz
        data = answers(quiz, self.book, self.rng)
        submission = data["submission"]
        self.sent[submission] = False
        url = urljoin(self.url, quiz["action"])
        for _resend in range(RESENDS):
            answer = self.http.post(url, data, "quiz")
            if answer.status < 500 and answer.status != 0:
                break
            time.sleep(0.25 + self.rng.random() / 4)  # the person presses send again
        self.tries += 1
        if answer.status != 200:
            self.page = None
            return
        self.sent[submission] = True
        self.book.learn(answer.text)
        self.url, self.page = answer.url, Page(answer.text)
        if "You passed" in answer.text:
            self.tries = 0
            if not self.page.next_link:  # the last lesson: a new learner begins
                self.completed += 1
                self.page = None
                self.http.clear_cookies()

    def _pause(self):
        low, high = self.think
        if high > 0:
            time.sleep(low + self.rng.random() * (high - low))


@dataclass
class Request:
    name: str
    started: float  # time.monotonic()
    ended: float
    status: int  # 0: no answer
    calm: bool  # a 503 with the quick exit and a help line
    failure: str = ""  # what a 5xx page or a failed connection said, in short


class Browser:
    """`http` for a Learner outside locust: a requests session (cookies kept, TLS
    checked against the stack's own certificate) that logs every request."""

    def __init__(self, verify, log, timeout=(2, 15)):
        import requests  # Wagtail's dependency; imported here, where it is used

        self._requests = requests
        self.session = requests.Session()
        # Given with each request: a session's own verify loses to REQUESTS_CA_BUNDLE.
        self.verify = verify
        self.log = log  # a list: appending is thread-safe
        self.timeout = timeout

    def get(self, url, name):
        return self._send("GET", url, None, name)

    def post(self, url, data, name):
        # Django checks the Referer of https POSTs, as a browser sends it.
        return self._send("POST", url, data, name)

    def clear_cookies(self):
        self.session.cookies.clear()

    def _send(self, method, url, data, name):
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                data=data,
                timeout=self.timeout,
                headers={"Referer": url},
                verify=self.verify,
            )
            answer = Answer(response.status_code, response.url, response.text)
        except self._requests.RequestException as error:
            answer = Answer(0, url, type(error).__name__)
        ended = time.monotonic()
        failure = ""
        if answer.status >= 500 or answer.status == 0:
            failure = " ".join(answer.text.split())[:200]
        self.log.append(
            Request(name, started, ended, answer.status, is_calm_page(answer), failure)
        )
        return answer


def is_calm_page(answer):
    """The page shown while the site rests: 503, the quick exit and a help line."""
    return (
        answer.status == 503
        and "Exit this page" in answer.text
        and 'class="help__item' in answer.text
    )
