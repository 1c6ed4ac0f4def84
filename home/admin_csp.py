"""The admin's scripts under a Content-Security-Policy without 'unsafe-inline'.

Wagtail 8 still writes a few inline scripts of its own: the date, time and date-time
inputs (`initDateChooser(...)`, in forms and in the listings' date filters), the
chooser widgets (`new PageChooser(...)`, `new ImageChooser(...)`, snippets, tasks) and
the InlinePanel and MultipleChooserPanel set-up (workflow tasks). Everything else in
its admin is static files and data attributes. `install()` (run when the app is
ready) gives each of those scripts the response's nonce (django-csp's
`request.csp_nonce`), and the admin's policy allows scripts from this host and with
that nonce only: an inline script that reaches a page any other way, such as in
something an editor typed, never runs.

Only the `<script>` tags those classes write themselves get the nonce: what an editor
typed reaches their HTML escaped (`&lt;script&gt;`), so it can never gain one.
`tests/home/test_admin_csp.py` fails if an admin page has an inline script without it.
"""

import contextvars
from functools import wraps

from django.utils.safestring import mark_safe

# The request being answered, for code that renders without one (widgets, panels).
current_request = contextvars.ContextVar("current_request", default=None)


def with_nonce(html):
    """`html` with this response's nonce on each bare `<script>` tag in it."""
    request = current_request.get()
    if request is None or "<script>" not in html:
        return html
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None:
        return html
    # Wagtail's own markup, already safe; the nonce is base64.
    return mark_safe(html.replace("<script>", f'<script nonce="{nonce}">'))  # noqa: S308


def nonced(method):
    @wraps(method)
    def render(*args, **kwargs):
        return with_nonce(method(*args, **kwargs))

    render.gives_nonce = True
    return render


def writers():
    """(class, method) for everything in Wagtail 8's admin that writes an inline
    script into a page."""
    from wagtail.admin.filters import DateRangePickerWidget
    from wagtail.admin.panels import InlinePanel
    from wagtail.admin.widgets import BaseChooser
    from wagtail.admin.widgets.datetime import (
        AdminDateInput,
        AdminDateTimeInput,
        AdminTimeInput,
    )

    return [
        (AdminDateInput, "render"),
        (AdminTimeInput, "render"),
        (AdminDateTimeInput, "render"),
        # Renders its two date inputs through its own template, not their render().
        (DateRangePickerWidget, "render"),
        # Page, image, document, snippet and task choosers.
        (BaseChooser, "render"),
        # And MultipleChooserPanel, whose BoundPanel is a subclass.
        (InlinePanel.BoundPanel, "render_html"),
    ]


def install():
    for cls, name in writers():
        method = getattr(cls, name)
        if not getattr(method, "gives_nonce", False):
            setattr(cls, name, nonced(method))
