from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import CompletionFunnelView, ContentHealthView, QuizQuestionReportView


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/quiz-questions/",
            QuizQuestionReportView.as_view(),
            name="quiz_question_report",
        ),
        path(
            "reports/quiz-questions/results/",
            QuizQuestionReportView.as_view(results_only=True),
            name="quiz_question_report_results",
        ),
        path(
            "reports/completion-funnel/",
            CompletionFunnelView.as_view(),
            name="completion_funnel_report",
        ),
        path(
            "reports/completion-funnel/results/",
            CompletionFunnelView.as_view(results_only=True),
            name="completion_funnel_report_results",
        ),
        path(
            "reports/content-health/",
            ContentHealthView.as_view(),
            name="content_health_report",
        ),
        path(
            "reports/content-health/results/",
            ContentHealthView.as_view(results_only=True),
            name="content_health_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_quiz_report_menu_item():
    return MenuItem(
        "Quiz questions", reverse("quiz_question_report"), icon_name="help", order=100
    )


@hooks.register("register_reports_menu_item")
def register_funnel_menu_item():
    return MenuItem(
        "Completion funnel",
        reverse("completion_funnel_report"),
        icon_name="list-ol",
        order=110,
    )


@hooks.register("register_reports_menu_item")
def register_health_menu_item():
    return MenuItem(
        "Content health",
        reverse("content_health_report"),
        icon_name="warning",
        order=120,
    )
