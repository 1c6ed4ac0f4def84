"""The learner's progress, for the page around an organisation's embed: a learning
system's launcher (a SCORM package) or any host page that listens.

The page carries it as data (`json_script`: our CSP forbids inline scripts), and
static/js/embed-progress.js tells it to the page around the frame, only to the
organisation's own websites."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script

from course.progress import CourseProgress

register = template.Library()


def counts(progress):
    """Lessons passed, lessons in all and the score (course.progress.score), for the
    course and for each of its stages."""
    if not isinstance(progress, CourseProgress):
        # Pages outside a course's sequence (guides, Your progress) have none.
        return {"course": None, "stages": {}}
    return {
        "course": {
            "id": progress.course.pk,
            "done": progress.done_count,
            "total": progress.total,
            "score": progress.score,
            "passed": progress.is_complete,
        },
        "stages": {
            str(stage.pk): {
                "done": stage.done_count,
                "total": stage.total,
                "score": stage.score,
                "passed": stage.total > 0 and stage.is_complete,
            }
            for stage in progress.stages
        },
    }


@register.simple_tag(takes_context=True)
def embed_progress(context):
    request = context.get("request")
    if not getattr(request, "embedded", False):
        return ""
    data = {
        # Sent only to a page around the frame that asks for it (a launcher that
        # keeps it for its user); it is in this page's address already.
        "key": getattr(request, "learner_key_in_address", None),
        **counts(context.get("progress")),
    }
    return format_html(
        '{}<script src="{}" defer></script>',
        json_script(data, "alongside-progress"),
        static("js/embed-progress.js"),
    )
