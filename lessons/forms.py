import random

from django import forms
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import mark_safe

REQUIRED = {
    False: "Choose an answer to this question.",
    True: "Choose at least one answer to this question.",
}
NOT_AN_OPTION = (
    "That answer is not one of this question's options. Please choose again."
)


def field_name(question):
    return f"q-{question.id}"


def shuffled_options(question, seed):
    """The question's options in an order fixed by the form's seed: every rendered
    form has its own order, so where the right answer sits tells a guesser nothing,
    and the same form shown again (after a 400) keeps it. True and False keep theirs."""
    options = list(question.options)
    if question.kind != "true_false":
        # Keyed with the site's secret, so the page's own ids do not give away the
        # order the editor wrote (and with it where the right answer was put).
        key = salted_hmac("quiz-option-order", f"{seed}:{question.id}").hexdigest()
        random.Random(key).shuffle(options)  # noqa: S311 (an order, not a secret)
    return options


def input_html(widget):
    """An option's <input>, exactly as Django's input.html and attrs.html write it."""
    attrs = "".join(
        format_html(" {}", name)
        if value is True
        else format_html(' {}="{}"', name, value)
        for name, value in widget["attrs"].items()
        if value is not False
    )
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        "" if value is None else format_html(' value="{}"', value),
        mark_safe(attrs),  # noqa: S308 (each part escaped by format_html above)
    )


class DirectOptions:
    """Each option's input written in Python, not through four template includes
    per option (the quiz's options were the costliest part of a lesson page)."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name == self.option_template_name and not widget["wrap_label"]:
            return input_html(widget)
        return super()._render(template_name, context, renderer)


class RadioOptions(DirectOptions, forms.RadioSelect):
    pass


class CheckboxOptions(DirectOptions, forms.CheckboxSelectMultiple):
    pass


class QuizForm(forms.Form):
    """The learner's answers. Only the quiz's own option ids are accepted."""

    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "This form is out of date. Please answer the questions again.",
            "invalid": "This form is out of date. Please answer the questions again.",
        },
    )

    # The quiz's fingerprint when the form was rendered (grading.quiz_version).
    quiz_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        # The form's own id seeds its order; a bound form has it in its data.
        seed = self.data.get("submission") if self.is_bound else None
        seed = seed or self.initial.get("submission", "")
        for question in questions:
            self.fields[field_name(question)] = self._field_for(question, seed)

    @staticmethod
    def _field_for(question, seed):
        if question.many:
            field_class, widget = forms.MultipleChoiceField, CheckboxOptions
        else:
            field_class, widget = forms.ChoiceField, RadioOptions
        return field_class(
            label=question.prompt,
            widget=widget,
            choices=[
                (option.id, option.text) for option in shuffled_options(question, seed)
            ],
            error_messages={
                "required": REQUIRED[question.many],
                "invalid_choice": NOT_AN_OPTION,
            },
        )

    def answers(self):
        """{question id: set of chosen option ids}, from cleaned data."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data[field_name(question)]
            answers[question.id] = set(value) if question.many else {value}
        return answers

    def bound_questions(self):
        """Pairs of (question, bound field) for the template, in quiz order."""
        return [(question, self[field_name(question)]) for question in self.questions]
