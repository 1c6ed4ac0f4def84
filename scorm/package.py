"""A SCORM package of a course or a stage, for one organisation.

The package is a thin launcher: a manifest, a page and a small script. Inside the
learning system (LMS) the page opens the course from this site in a frame, through
the organisation's embed, so grading and the answer key stay here. The frame tells
the launcher the learner's progress (static/js/embed-progress.js), and the launcher
reports it to the LMS's SCORM API (static/js/scorm-launcher.js). The LMS keeps only
the embed's learner key, in cmi.suspend_data: no name and no id of the learner are
read or sent.
"""

import io
import zipfile
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from course.models import CoursePage, StagePage
from organisations.embed import embed_url
from organisations.views import language_of

LAUNCHER_SCRIPT = "js/scorm-launcher.js"
LAUNCH_PAGE = "index.html"


@dataclass(frozen=True)
class Version:
    slug: str  # in addresses and file names
    name: str  # as people call it
    manifest_template: str


SCORM_12 = Version("1.2", "SCORM 1.2", "scorm/imsmanifest_1.2.xml")
SCORM_2004 = Version("2004", _("SCORM 2004 4th edition"), "scorm/imsmanifest_2004.xml")
# SCORM 1.2 first: every learning system runs it, Moodle fully.
VERSIONS = {version.slug: version for version in (SCORM_12, SCORM_2004)}
# The pages a package may open: a whole course or one of its stages.
SCOPES = (CoursePage, StagePage)


def packageable_pages():
    """The live courses and stages, in course order."""
    return (
        Page.objects.live()
        .type(*SCOPES)
        .select_related("locale")
        .specific()
        .order_by("path")
    )


def scope_of(page):
    return "course" if isinstance(page, CoursePage) else "stage"


def embed_addresses(organisation, page, site_url):
    """Where the launcher opens the page: a fresh learner's start, and the address of
    a learner who comes back, with "{key}" standing for their key."""
    start = reverse("embed_start", args=[organisation.slug, page.pk])
    return {
        # A learner the browser does not keep: the LMS keeps the key for each user.
        "start": f"{site_url}{start}?new=1",
        "resume": site_url + embed_url(organisation, "{key}", page.url),
    }


def package_name(organisation, page, version):
    return f"alongside-{organisation.slug}-{page.slug}-scorm-{version.slug}.zip"


def build_package(organisation, page, version, site_url):
    """The zip file's bytes, made in memory."""
    context = {
        "organisation": organisation,
        "page": page,
        "scope": scope_of(page),
        "version": version,
        "identifier": f"alongside-{organisation.slug}-{page.pk}",
        "launch_page": LAUNCH_PAGE,
        "launcher_script": LAUNCHER_SCRIPT.rsplit("/", 1)[-1],
        "site_url": site_url,
        **embed_addresses(organisation, page, site_url),
    }
    # The launch page speaks the language of the course or stage it opens.
    with translation.override(language_of(page)):
        files = {
            "imsmanifest.xml": render_to_string(version.manifest_template, context),
            LAUNCH_PAGE: render_to_string("scorm/launch.html", context),
            context["launcher_script"]: launcher_script(),
        }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def launcher_script():
    with open(finders.find(LAUNCHER_SCRIPT), encoding="utf-8") as script:
        return script.read()
