from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .dashboard import CoursePanel
from .views import CompletionFunnelView, ContentHealthView, QuizQuestionReportView

# The editors' reports, in menu order: (address under /admin/reports/, view).
REPORTS = [
    ("quiz-questions", QuizQuestionReportView),
    ("completion-funnel", CompletionFunnelView),
    ("content-health", ContentHealthView),
]


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for slug, view in REPORTS:
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=view.index_url_name),
            path(
                f"reports/{slug}/results/",
                view.as_view(results_only=True),
                name=view.index_results_url_name,
            ),
        ]
    return urls


def menu_item_for(view, order):
    def menu_item():
        return MenuItem(
            view.page_title,
            reverse(view.index_url_name),
            icon_name=view.header_icon,
            order=order,
        )

    return menu_item


for position, (_slug, report_view) in enumerate(REPORTS):
    hooks.register(
        "register_reports_menu_item", menu_item_for(report_view, 100 + 10 * position)
    )


@hooks.register("construct_homepage_panels")
def add_course_panel(request, panels):
    panels.append(CoursePanel(request))
