"""SCORM packages in a real SCORM runtime: scorm-again (npm) as the learning system's
API, on a loopback origin of its own, in Chromium with third-party cookies blocked.

The stand-in learning system keeps what each of its users' sessions commit, as an LMS
does, and gives it back at their next launch; the course opens from the live server,
another site, inside the package's launcher."""

import io
import json
import math
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from django.utils.html import escape

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from course.models import CoursePage, LessonCompletion, StagePage
from organisations.models import Organisation
from scorm.package import VERSIONS, build_package
from tests.browser.conftest import EXIT_URL, answer_quiz, browsing, lessons
from tests.browser.test_admin_csp import signed_in_as_editor
from tests.browser.test_page_checks import AXE_TAGS, nu_errors
from tests.scorm.npm import scorm_again

API_OBJECT = {"1.2": ("API", "Scorm12API"), "2004": ("API_1484_11", "Scorm2004API")}
REPORTED = [
    "cmi.core.lesson_status",
    "cmi.core.score.raw",
    "cmi.success_status",
    "cmi.completion_status",
    "cmi.score.scaled",
    "cmi.score.raw",
]
# The LMS's glue: scorm-again as window.API (or API_1484_11), with the user's saved
# suspend_data loaded, committing to the LMS; each value the package sets is shown.
LMS_SCRIPT = """
(function () {
    var html = document.documentElement;
    var names = API_OBJECT[html.dataset.version];
    var api = new window[names[1]]({lmsCommitUrl: "/commit/" + html.dataset.user, logLevel: 5});
    if (html.dataset.suspendData) {
        api.loadFromJSON({suspend_data: html.dataset.suspendData});
    }
    window[names[0]] = api;
    var setValue = html.dataset.version === "1.2" ? "LMSSetValue" : "SetValue";
    api.on(setValue + ".cmi.*", function (element, value) {
        var shown = document.querySelector('[data-cmi="' + element + '"]');
        if (shown) { shown.textContent = value; }
    });
})();
""".replace("API_OBJECT", json.dumps(API_OBJECT))


class LearningSystem:
    """A stand-in LMS on its own origin: it serves a package's files and scorm-again,
    launches the package for a named user, and keeps each user's commits."""

    def __init__(self):
        self.files, self.version, self.commits, self.pages = {}, "1.2", {}, {}
        lms = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = unquote(self.path)
                if path.startswith("/launch/"):
                    user, _, how = path.removeprefix("/launch/").partition("?")
                    body = lms.launch_page(user, how == "new-window").encode()
                elif path in lms.pages:
                    body = lms.pages[path].encode()
                elif path == "/lms.js":
                    body = LMS_SCRIPT.encode()
                elif path == "/scorm-again.js":
                    body = scorm_again(lms.version).read_bytes()
                elif path.removeprefix("/package/") in lms.files:
                    body = lms.files[path.removeprefix("/package/")]
                else:
                    self.send_error(404)
                    return
                kind = "javascript" if path.endswith(".js") else "html"
                self.send_response(200)
                self.send_header("Content-Type", f"text/{kind}; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                user = unquote(self.path).removeprefix("/commit/")
                length = int(self.headers.get("Content-Length") or 0)
                lms.commits.setdefault(user, []).append(
                    json.loads(self.rfile.read(length) or b"{}")
                )
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"result": true, "errorCode": 0}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def install(self, package, version):
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            self.files = {name: archive.read(name) for name in archive.namelist()}
        self.version = version

    def suspend_data(self, user):
        """What the LMS keeps for the user from their last session, as an LMS does."""
        for commit in reversed(self.commits.get(user, [])):
            if commit.get("cmi", {}).get("suspend_data"):
                return commit["cmi"]["suspend_data"]
        return ""

    def launch_page(self, user, new_window=False):
        shown = "".join(
            f'<dt>{name}</dt><dd data-cmi="{name}"></dd>' for name in REPORTED
        )
        return (
            f'<!DOCTYPE html><html lang="en" data-version="{self.version}" data-user="{escape(user)}" '
            f'data-suspend-data="{escape(self.suspend_data(user))}"><title>Learning system</title>'
            '<script src="/scorm-again.js"></script><script src="/lms.js"></script>'
            f"<h1>Learning system</h1><dl>{shown}</dl>"
            + (
                # As Moodle's "New window": the package finds the API on its opener.
                "<button onclick=\"window.open('/package/index.html')\">Open</button>"
                if new_window
                else '<iframe id="sco" src="/package/index.html" title="Activity" '
                'style="width:100%;height:900px;border:0"></iframe>'
            )
        )

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lms():
    system = LearningSystem()
    yield system
    system.close()


def offer(lms, site, page, version):
    """The package an editor downloads, for an organisation whose allowed websites
    include the LMS, installed in the LMS."""
    organisation = Organisation.objects.create(
        name="Harbour", slug="harbour", allowed_origins=lms.url
    )
    lms.install(build_package(organisation, page, VERSIONS[version], site), version)


def launch(context, lms, user):
    tab = context.new_page()
    tab.goto(f"{lms.url}/launch/{user}")
    return tab, tab.frame_locator("#sco").frame_locator("#alongside-course")


def reported(tab, element):
    return tab.locator(f'[data-cmi="{element}"]')


def leave(tab):
    """The learner leaves the activity: the launcher commits and terminates."""
    tab.goto("about:blank")
    tab.close()


def test_a_learner_passes_the_shipped_course_in_a_scorm_12_lms(
    no_third_party_cookies, site, lms
):
    course = CoursePage.objects.get()
    offer(lms, site, course, "1.2")
    tab, frame = launch(no_third_party_cookies, lms, "alice")
    expect(frame.locator("h1")).to_have_text(course.title)
    expect(reported(tab, "cmi.core.lesson_status")).to_have_text("incomplete")
    expect(reported(tab, "cmi.core.score.raw")).to_have_text("0")
    frame.get_by_text("Start the first lesson").click()
    all_lessons = lessons()
    for number, lesson in enumerate(all_lessons, start=1):
        expect(frame.locator("h1")).to_have_text(lesson.title)
        answer_quiz(frame, lesson)
        expect(frame.locator("#quiz-result")).to_contain_text("You passed")
        # Score: the share of the course's lessons passed, out of 100, halves up.
        expect(reported(tab, "cmi.core.score.raw")).to_have_text(
            str(math.floor(100 * number / len(all_lessons) + 0.5))
        )
        frame.locator("#quiz-result a.button").click()
    expect(reported(tab, "cmi.core.lesson_status")).to_have_text("passed")
    expect(reported(tab, "cmi.core.score.raw")).to_have_text("100")
    assert tab.evaluate("API.cmi.core.lesson_status") == "passed"
    assert tab.evaluate("API.cmi.core.score.raw") == "100"
    leave(tab)
    last = lms.commits["alice"][-1]["cmi"]
    assert last["core"]["lesson_status"] == "passed"
    assert last["core"]["exit"] == "suspend"
    assert re.fullmatch(r"\d{2,4}:\d\d:\d\d(\.\d+)?", last["core"]["session_time"])
    assert json.loads(last["suspend_data"]).keys() == {"key"}


def test_a_user_returns_to_their_progress_and_another_user_of_the_browser_starts_afresh(
    no_third_party_cookies, site, lms
):
    stage = StagePage.objects.live().order_by("path").first()
    offer(lms, site, stage, "2004")
    stage_lessons = [
        lesson for lesson in lessons() if lesson.path.startswith(stage.path)
    ]
    tab, frame = launch(no_third_party_cookies, lms, "alice")
    expect(frame.locator("h1")).to_have_text(stage.title)
    frame.get_by_role("link", name=stage_lessons[0].title, exact=True).click()
    for lesson in stage_lessons:
        expect(frame.locator("h1")).to_have_text(lesson.title)
        answer_quiz(frame, lesson)
        expect(frame.locator("#quiz-result")).to_contain_text("You passed")
        frame.locator("#quiz-result a.button").click()
    expect(reported(tab, "cmi.success_status")).to_have_text("passed")
    expect(reported(tab, "cmi.completion_status")).to_have_text("completed")
    expect(reported(tab, "cmi.score.scaled")).to_have_text("1")
    expect(reported(tab, "cmi.score.raw")).to_have_text("100")
    leave(tab)
    last = lms.commits["alice"][-1]["cmi"]
    assert (last["exit"], last["progress_measure"]) == ("suspend", "1")
    assert re.fullmatch(r"PT(\d+H)?(\d+M)?\d+(\.\d+)?S", last["session_time"])

    # Alice comes back: the LMS gives the launcher her suspend_data, the same learner.
    tab, frame = launch(no_third_party_cookies, lms, "alice")
    expect(frame.locator("h1")).to_have_text(stage.title)
    expect(reported(tab, "cmi.success_status")).to_have_text("passed")
    expect(reported(tab, "cmi.score.scaled")).to_have_text("1")
    leave(tab)

    # Bea, on the same browser: a learner of her own, with nothing done.
    tab, frame = launch(no_third_party_cookies, lms, "bea")
    expect(frame.locator("h1")).to_have_text(stage.title)
    expect(reported(tab, "cmi.completion_status")).to_have_text("incomplete")
    expect(reported(tab, "cmi.success_status")).to_have_text("unknown")
    expect(reported(tab, "cmi.score.scaled")).to_have_text("0")
    leave(tab)
    assert lms.suspend_data("bea") != lms.suspend_data("alice")


def test_the_quick_exit_stays_in_reach_and_leaves_the_learning_system(
    no_third_party_cookies, site, lms
):
    course = CoursePage.objects.get()
    offer(lms, site, course, "1.2")
    tab, frame = launch(no_third_party_cookies, lms, "alice")
    frame.get_by_text("Start the first lesson").click()
    expect(frame.locator("h1")).to_have_text(lessons()[0].title)
    # The launcher's frame fills the window and scrolls inside: the exit stays on top.
    frame.locator(".site-footer").scroll_into_view_if_needed()
    expect(frame.locator(".site-footer")).to_be_in_viewport()
    exit_button = frame.get_by_role("link", name="Exit this page")
    # It stays at the top of the activity's frame, however far the lesson has
    # scrolled inside it (the learning system's own page may scroll the frame).
    activity, exit_box = tab.locator("#sco").bounding_box(), exit_button.bounding_box()
    assert activity["y"] <= exit_box["y"] <= activity["y"] + 60, (activity, exit_box)
    exit_button.click()
    tab.wait_for_url(EXIT_URL)
    # Leaving ended the session in the learning system, keeping the key.
    last = lms.commits["alice"][-1]["cmi"]
    assert last["core"]["exit"] == "suspend"
    assert json.loads(last["suspend_data"]).keys() == {"key"}


def test_without_a_learning_system_the_launcher_still_opens_the_course(
    no_third_party_cookies, site, lms
):
    course = CoursePage.objects.get()
    offer(lms, site, course, "1.2")
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{lms.url}/package/index.html")  # no SCORM API above it
    expect(tab.get_by_role("status")).to_contain_text("did not answer")
    frame = tab.frame_locator("#alongside-course")
    expect(frame.locator("h1")).to_have_text(course.title)


def test_the_embed_tells_its_progress_to_the_page_around_it_and_its_key_on_request(
    no_third_party_cookies, site, lms
):
    course = CoursePage.objects.get()
    Organisation.objects.create(
        name="Harbour",
        slug="harbour",
        allowed_origins=f"https://elsewhere.example\n{lms.url}",
    )
    lms.pages["/host"] = (
        '<!DOCTYPE html><html lang="en"><title>Harbour</title><h1>Harbour</h1>'
        f'<iframe src="{site}/embed/harbour/page/{course.pk}/?new=1" title="Course"></iframe>'
        '<button id="ask">Ask</button><ol id="got"></ol><script>'
        'addEventListener("message", function (e) { var item = document.createElement("li");'
        " item.textContent = JSON.stringify({origin: e.origin, data: e.data});"
        ' document.getElementById("got").append(item); });'
        'document.getElementById("ask").onclick = function () {'
        ' document.querySelector("iframe").contentWindow.postMessage('
        f'{{type: "alongside:progress-request"}}, "{site}"); }};</script>'
    )
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{lms.url}/host")
    got = tab.locator("#got li")
    expect(got.first).to_contain_text("alongside:progress")

    def messages():
        return [json.loads(text) for text in got.all_inner_texts()]

    progress = [m for m in messages() if m["data"]["type"] == "alongside:progress"]
    assert progress[0]["origin"] == site
    assert progress[0]["data"]["course"] == {
        "id": course.pk,
        "done": 0,
        "total": len(lessons()),
        "score": 0,
        "passed": False,
    }
    assert all("key" not in m["data"] for m in progress)
    tab.click("#ask")
    expect(tab.locator("#got")).to_contain_text('"key"')
    (reply,) = [m["data"] for m in messages() if "key" in m["data"]]
    assert reply["type"] == "alongside:progress"
    assert len(reply["key"]) >= 40


def test_a_package_opened_in_a_new_window_reports_to_its_opener(
    no_third_party_cookies, site, lms
):
    course = CoursePage.objects.get()
    offer(lms, site, course, "1.2")
    tab = no_third_party_cookies.new_page()
    tab.goto(f"{lms.url}/launch/alice?new-window")
    with no_third_party_cookies.expect_page() as opened:
        tab.get_by_role("button", name="Open").click()
    frame = opened.value.frame_locator("#alongside-course")
    frame.get_by_text("Start the first lesson").click()
    lesson = lessons()[0]
    answer_quiz(frame, lesson)
    expect(frame.locator("#quiz-result")).to_contain_text("You passed")
    expect(reported(tab, "cmi.core.score.raw")).to_have_text(
        str(math.floor(100 / len(lessons()) + 0.5))
    )
    expect(reported(tab, "cmi.core.lesson_status")).to_have_text("incomplete")
    # The learner is counted for the organisation, as every learner of its embed is.
    completion = LessonCompletion.objects.get()
    assert completion.learner.enrolment.organisation.slug == "harbour"


def test_an_editor_downloads_a_package_and_its_launch_page_is_accessible(
    chromium, site, lms, tmp_path
):
    course = CoursePage.objects.get()
    Organisation.objects.create(name="Harbour", slug="harbour", allowed_origins=lms.url)
    with browsing(chromium) as context:
        signed_in_as_editor(context, site)
        tab = context.new_page()
        tab.goto(f"{site}/admin/scorm/")
        expect(tab.locator("main")).to_contain_text(
            f"must be one of this organisation's allowed websites, or browsers refuse "
            f"to show the course inside it: {lms.url}"
        )
        link = tab.get_by_role(
            "link", name=f"Download the SCORM 1.2 package of {course.title} for Harbour"
        )
        with tab.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == (
            f"alongside-harbour-{course.slug}-scorm-1.2.zip"
        )
        package = tmp_path / "package.zip"
        download.value.save_as(package)
        lms.install(package.read_bytes(), "1.2")
        # The launch page, as learners meet it in the learning system.
        tab = context.new_page()
        tab.goto(f"{lms.url}/launch/alice")
        launcher = tab.frame_locator("#sco")
        expect(launcher.frame_locator("#alongside-course").locator("h1")).to_have_text(
            course.title
        )
        launcher_frame = tab.frame(url=f"{lms.url}/package/index.html")
        violations = (
            Axe()
            .run(
                launcher_frame,
                options={"runOnly": {"type": "tag", "values": AXE_TAGS}},
            )
            .response["violations"]
        )
        assert violations == []
    (tmp_path / "index.html").write_bytes(lms.files["index.html"])
    assert nu_errors(tmp_path) == []


def test_a_learning_system_the_organisation_does_not_allow_is_told_so(
    no_third_party_cookies, site, lms
):
    course = CoursePage.objects.get()
    organisation = Organisation.objects.create(
        name="Harbour", slug="harbour", allowed_origins="https://elsewhere.example"
    )
    lms.install(build_package(organisation, course, VERSIONS["1.2"], site), "1.2")
    tab, _frame = launch(no_third_party_cookies, lms, "alice")
    launcher = tab.frame_locator("#sco")
    expect(launcher.get_by_role("status")).to_contain_text(
        "not one of the websites the organisation allows", timeout=15_000
    )
    expect(reported(tab, "cmi.core.lesson_status")).to_be_empty()


def test_every_page_around_the_course_must_be_allowed(
    no_third_party_cookies, site, lms
):
    # The package is served from an allowed address, inside a page that is not
    # (as Canvas's SCORM service inside Canvas): browsers refuse the course.
    course = CoursePage.objects.get()
    offer(lms, site, course, "1.2")
    around = LearningSystem()
    try:
        around.pages["/course"] = (
            '<!DOCTYPE html><html lang="en"><title>Canvas</title>'
            f'<iframe id="player" src="{lms.url}/launch/alice" title="SCORM player" '
            'style="width:100%;height:900px"></iframe>'
        )
        tab = no_third_party_cookies.new_page()
        tab.goto(f"{around.url}/course")
        launcher = tab.frame_locator("#player").frame_locator("#sco")
        expect(launcher.get_by_role("status")).to_contain_text(
            "not one of the websites the organisation allows", timeout=15_000
        )
    finally:
        around.close()
