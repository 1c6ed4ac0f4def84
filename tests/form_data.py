"""Admin form data: lesson pages, and blocks Wagtail's test utilities have no helper for."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def list_block(items):
    data = {"count": len(items)}
    for i, value in enumerate(items):
        data[str(i)] = {"value": value, "deleted": "", "order": i}
    return data


def option(text, correct):
    return {
        "text": text,
        "correct": "on" if correct else "",
        "feedback": f"Why {text} helps or not.",
    }


def lesson_form(title, options, body=()):
    """A lesson with one single-choice question (and optionally more body blocks)."""
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "content_note": "",
            "body": streamfield([("text", rich_text("<p>Some words.</p>")), *body]),
            "pass_mark": 60,
            "tags": "",
            "quiz": streamfield(
                [
                    (
                        "single_choice",
                        {
                            "question": "Which reply helps?",
                            "explanation": "",
                            "options": list_block(options),
                        },
                    )
                ]
            ),
        }
    )
