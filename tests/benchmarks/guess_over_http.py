"""Learners who never read, over HTTP against a running site: each strategy of
tests/guessing.py opens every lesson it can reach, answers the form it is shown from
surface cues alone, and the site grades it. Prints the share of lessons passed.

Run against a site you started, for example `./dev run`:

    .venv/bin/python -m tests.benchmarks.guess_over_http http://127.0.0.1:8000/ --rounds 3

With the course in sequence (the default), a guesser reaches only the first stage
and the lessons editors keep always open, as a real one would. To try every lesson,
run it against a copy whose course is set to "Every stage is open from the start".
Figures only: it asserts nothing.
"""

import argparse
import http.cookiejar
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

from tests.guessing import Shown, every_strategy, rng_for


class QuizPage(HTMLParser):
    """The lesson links or the quiz form of a page, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.links, self.hidden, self.questions = [], {}, []
        self.action = None
        self._in = None  # "legend" or "label" while reading their text
        self._text = ""
        self._inputs = {}  # input id -> (name, value, type)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "a" and self._in_lessons:
            self.links.append(attrs["href"])
        if tag == "ol" and "lessons" in classes:
            self._in_lessons = True
        if tag == "form" and "quiz__form" in classes:
            self.action = attrs["action"]
        if tag == "fieldset" and self.action:
            self.questions.append({"prompt": "", "many": False, "options": []})
        if tag == "legend" and self.questions:
            self._in, self._text = "legend", ""
        if tag == "input" and self.action:
            kind = attrs.get("type")
            if kind == "hidden":
                self.hidden[attrs["name"]] = attrs.get("value", "")
            elif kind in ("radio", "checkbox"):
                self._inputs[attrs["id"]] = (attrs["name"], attrs["value"], kind)
        if tag == "label" and attrs.get("for") in self._inputs:
            self._in, self._text, self._for = "label", "", attrs["for"]

    _in_lessons = False

    def handle_endtag(self, tag):
        if tag == "ol":
            self._in_lessons = False
        if tag == self._in == "legend":
            question = self.questions[-1]
            question["many"] = "Choose all that apply" in self._text
            prompt = self._text.split("(Choose all")[0]
            question["prompt"] = " ".join(prompt.split()).split(" ", 4)[
                -1
            ]  # no "Question 1 of 4"
            self._in = None
        if tag == self._in == "label":
            name, value, kind = self._inputs[self._for]
            self.questions[-1]["name"] = name
            self.questions[-1]["options"].append((value, " ".join(self._text.split())))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text += data


class Visitor:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def page(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        with self.opener.open(urllib.parse.urljoin(self.base, url), body) as response:
            parsed = QuizPage()
            parsed.html = response.read().decode()
            parsed.feed(parsed.html)
            return response.geturl(), parsed


def say(text):
    sys.stdout.write(text + "\n")


def lesson_urls(base, course):
    """Every lesson listed on the course's stage pages."""
    visitor = Visitor(base)
    urls = []
    for stage in _anchors(visitor, course):
        if stage.startswith(course) and stage.count("/") == 3:
            _url, page = visitor.page(stage)
            urls += [u for u in page.links if u not in urls]
    return urls


def _anchors(visitor, url):
    class Anchors(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.found.append(dict(attrs).get("href", ""))

    with visitor.opener.open(urllib.parse.urljoin(visitor.base, url)) as response:
        parser = Anchors()
        parser.found = []
        parser.feed(response.read().decode())
    return [a for a in parser.found if a.startswith("/")]


def attempt(visitor, url, strategy, rng):
    """True if the strategy passed the lesson; None if the lesson was not open."""
    landed, page = visitor.page(url)
    if urllib.parse.urlsplit(landed).path != url or not page.action:
        return None
    data = dict(page.hidden)
    for question in page.questions:
        options = question["options"]
        shown = Shown(
            question["prompt"], question["many"], tuple(t for _v, t in options)
        )
        data[question["name"]] = [options[i][0] for i in strategy.answer(shown, rng)]
    _landed, result = visitor.page(page.action, data)
    return "You passed" in result.html


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the site's address, e.g. http://127.0.0.1:8000/")
    parser.add_argument("--rounds", type=int, default=3, help="forms per lesson")
    parser.add_argument(
        "--course", default="/standing-alongside/", help="the course's path"
    )
    parser.add_argument(
        "--only", default="", help="only strategies whose name contains this"
    )
    parser.add_argument("--workers", type=int, default=4, help="learners at once")
    args = parser.parse_args()
    urls = lesson_urls(args.base, args.course)
    say(f"{len(urls)} lessons listed on the stage pages.")
    strategies = [s for s in every_strategy() if args.only in str(s)]
    if not urls or not strategies:
        say("Nothing to try: check the course's path and --only.")
        return

    def one_round(strategy, round_):
        visitor = Visitor(args.base)  # a new learner each round
        rng = rng_for(f"{strategy}:{round_}")
        return strategy, [attempt(visitor, url, strategy, rng) for url in urls]

    outcomes = {strategy: [] for strategy in strategies}
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        rounds = [
            pool.submit(one_round, strategy, round_)
            for strategy in strategies
            for round_ in range(args.rounds)
        ]
        for done in rounds:
            strategy, results = done.result()
            outcomes[strategy] += results
    rates = []
    for strategy, results in outcomes.items():
        tried = [o for o in results if o is not None]
        rates.append((sum(tried) / max(1, len(tried)), len(tried), str(strategy)))
    rates.sort(reverse=True)
    say(
        f"{len(rates)} strategies; lessons open to a guesser: {rates[0][1] // args.rounds}"
    )
    say("Share of lessons passed, best strategies first:")
    for rate, _tried, name in rates[:10]:
        say(f"  {rate:6.1%}  {name}")
    say(f"Median strategy: {rates[len(rates) // 2][0]:.1%}")


if __name__ == "__main__":
    main()
