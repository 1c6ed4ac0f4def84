import random

from django import forms
from django.utils.crypto import salted_hmac

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
            field_class, widget = (
                forms.MultipleChoiceField,
                forms.CheckboxSelectMultiple,
            )
        else:
            field_class, widget = forms.ChoiceField, forms.RadioSelect
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
