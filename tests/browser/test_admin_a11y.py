"""The admin screens our models add pass axe-core with every default rule (WCAG 2.2
and best practices): the create and edit pages of our page types, our snippets, our
reports, our own admin views and the dashboard's course panel. Nothing is excluded:
the names Wagtail leaves off some controls come from static/js/admin-names.js, and
our snippets' editors have a first-level heading (templates/wagtailadmin/alongside)."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from course.models import CoursePage, StagePage
from home.models import HomePage, Place, SafetySettings, SupportService
from lessons.models import GuidePage, LessonPage
from tests.helpers import make_org, make_user, signed_in

# Wait for two frames: admin-names.js names the controls on the next frame after the
# blocks and editors appear.
SETTLED = (
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
)


def sign_in(context, site, user):
    client = signed_in(Client(), user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}]
    )


def admin_screens():
    """(name, address) of every admin screen our models add."""
    home = HomePage.objects.get()
    course = CoursePage.objects.first()
    stage = StagePage.objects.first()
    lesson = LessonPage.objects.first()
    guide = GuidePage.objects.first()
    organisation = make_org()
    edit = "wagtailadmin_pages:edit"
    add = "wagtailadmin_pages:add"
    screens = [
        ("dashboard with the course panel", reverse("wagtailadmin_home")),
        ("home page editor", reverse(edit, args=(home.pk,))),
        ("course editor", reverse(edit, args=(course.pk,))),
        ("stage editor", reverse(edit, args=(stage.pk,))),
        ("lesson editor", reverse(edit, args=(lesson.pk,))),
        ("guide editor", reverse(edit, args=(guide.pk,))),
        ("new course", reverse(add, args=("course", "coursepage", home.pk))),
        ("new stage", reverse(add, args=("course", "stagepage", course.pk))),
        ("new lesson", reverse(add, args=("lessons", "lessonpage", stage.pk))),
        ("new guide", reverse(add, args=("lessons", "guidepage", course.pk))),
    ]
    for name, obj in [
        ("help lines", SupportService.objects.first()),
        ("places", Place.objects.first()),
        ("safety settings", SafetySettings.objects.first()),
        ("organisations", organisation),
    ]:
        prefix = f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}"
        screens += [
            (f"{name}: listing", reverse(f"{prefix}:list")),
            (f"{name}: edit", reverse(f"{prefix}:edit", args=(obj.pk,))),
        ]
        if name != "safety settings":
            screens.append((f"{name}: new", reverse(f"{prefix}:add")))
    screens += [
        ("quiz questions report", reverse("quiz_question_report")),
        ("completion funnel report", reverse("completion_funnel_report")),
        ("content health report", reverse("content_health_report")),
        ("embed code", reverse("embed_code:index")),
        ("SCORM packages", reverse("scorm:index")),
        ("learning platforms", reverse("lti_platforms:index")),
        ("new learning platform", reverse("lti_platforms:add")),
    ]
    return screens


def test_every_admin_screen_we_add_passes_axe(context, site):
    sign_in(context, site, make_user("ada", superuser=True))
    tab = context.new_page()
    axe = Axe()
    problems, checked = {}, []
    for name, address in admin_screens():
        response = tab.goto(site + address)
        assert response.ok, f"{name}: {response.status}"
        expect(tab.locator("main, body").first).to_be_visible()
        tab.evaluate(SETTLED)
        violations = axe.run(tab).response["violations"]
        if violations:
            problems[name] = [
                (v["id"], [(n["target"], n["failureSummary"]) for n in v["nodes"]][:3])
                for v in violations
            ]
        checked.append(name)
    print(f"axe: {len(checked)} admin screens checked")  # noqa: T201
    assert problems == {}
