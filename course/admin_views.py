from django.shortcuts import render
from django.utils.html import format_html

from home.organisations import Organisation, organisations_for

from .models import CoursePage


def embed_code(organisation, course, base_url):
    return format_html(
        '<iframe src="{}/embed/{}/course/{}/" title="{}: a course from Alongside" data-alongside-embed '
        'loading="lazy" style="width:100%;min-height:640px;border:0"></iframe>'
        '<script src="{}/static/js/embed.js" async></script>',
        base_url,
        organisation.slug,
        course.pk,
        course.title,
        base_url,
    )


def embed_codes(request):
    """Each organisation's embed snippet, for the organisations the user may see."""
    visible = organisations_for(request.user)
    organisations = Organisation.objects.all() if visible is None else visible
    base_url = request.build_absolute_uri("/").rstrip("/")
    courses = list(CoursePage.objects.live().order_by("path"))
    rows = [
        (
            organisation,
            [
                (course, embed_code(organisation, course, base_url))
                for course in courses
            ],
        )
        for organisation in organisations
    ]
    return render(request, "course/admin/embed_codes.html", {"rows": rows})
