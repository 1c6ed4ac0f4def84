import random
import uuid
from dataclasses import dataclass

from django import forms
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

REQUIRED = {
    False: _("Choose an answer to this question."),
    True: _("Choose at least one answer to this question."),
}
NOT_AN_OPTION = _(
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


@dataclass
class QuestionRow:
    """One question as the quiz form shows it: its field, and after a try that did
    not pass, what the learner chose then (kept, with that option's feedback)."""

    question: object
    field: forms.BoundField
    result: object  # grading.QuestionResult of the last try, or None
    # [(bound widget, Option, chosen last time, a right one missed last time)], in
    # the form's order.
    choices: list


class QuizForm(forms.Form):
    """The learner's answers. Only the quiz's own option ids are accepted."""

    OUT_OF_DATE = _("This form is out of date. Please answer the questions again.")

    submission = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE},
    )
    # What seeds the options' order: the first form's submission id, carried by the
    # forms that follow a try that did not pass, so the kept answers stay where the
    # learner left them. Only an order: grading goes by option id.
    order = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": OUT_OF_DATE},
    )

    # The quiz's fingerprint when the form was rendered (grading.quiz_version).
    quiz_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, questions, *args, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.result = result
        for question in questions:
            self.fields[field_name(question)] = self._field_for(question, self.seed)

    @property
    def seed(self):
        """The options' order: the form's `order`, else its own id (a bound form has
        them in its data, so a form shown again after a 400 keeps its order)."""
        source = self.data if self.is_bound else self.initial
        return str(source.get("order") or source.get("submission") or "")

    @classmethod
    def again(cls, questions, result, seed, quiz_version):
        """A fresh form after a try that did not pass: the learner's answers kept (by
        option id, never by position), in the order they saw, under a new id."""
        initial = {"submission": uuid.uuid4(), "quiz_version": quiz_version}
        initial["order"] = seed
        for item in result.results:
            chosen = [option.id for option in item.chosen]
            if item.question.many:
                initial[field_name(item.question)] = chosen
            elif chosen:
                initial[field_name(item.question)] = chosen[0]
        return cls(questions, initial=initial, result=result)

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

    def rows(self):
        """Each question with its choices, and what was chosen at the last try."""
        results = (
            {item.question.id: item for item in self.result.results}
            if (self.result)
            else {}
        )
        rows = []
        for question, field in self.bound_questions():
            result = results.get(question.id)
            chosen = {option.id for option in result.chosen} if result else set()
            missed = {option.id for option in result.missed} if result else set()
            options = {option.id: option for option in question.options}
            choices = [
                (
                    widget,
                    options[widget.data["value"]],
                    widget.data["value"] in chosen,
                    widget.data["value"] in missed,
                )
                for widget in field
            ]
            rows.append(QuestionRow(question, field, result, choices))
        return rows
