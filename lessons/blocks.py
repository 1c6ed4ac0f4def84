"""StreamField blocks for lesson bodies and quizzes.

Every question block turns its value into the same plain `Question` shape (see
grading.py), so that forms, grading and templates never care which kind it is.
"""

import re

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from .grading import Option, Question

# Lists start with as many blank items as they need, so that a new block opens
# without a "minimum number of items" error (Wagtail's default is one item). These
# are functions, which Wagtail calls for each new block and migrations name.


def blank_reply():
    return {"text": "", "lands": ""}


def three_blank_replies():
    return [blank_reply() for _ in range(3)]


def three_blank_steps():
    return [{"says": "", "replies": three_blank_replies()} for _ in range(3)]


def two_blank_options():
    return [{"text": "", "correct": False, "feedback": ""} for _ in range(2)]


# Lesson body


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Key points", max_length=80)
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "lessons/blocks/key_points.html"
        description = _("A short list of the main things to remember")
        preview_value = {
            "heading": "Key points",
            "points": ["Their feelings are not a fault.", "Stay close and patient."],
        }


class PhrasePairBlock(blocks.StructBlock):
    instead = blocks.TextBlock(
        label=_("Instead of"),
        help_text=_("Something a loving person might say that does not help."),
    )
    try_this = blocks.TextBlock(
        label=_("Try"), help_text=_("A kinder, more helpful way to say it.")
    )

    class Meta:
        label_format = "{instead}"  # the collapsed pair's header


class InsteadOfBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Things to say", max_length=80)
    pairs = blocks.ListBlock(PhrasePairBlock(), min_num=1)

    class Meta:
        icon = "openquote"
        template = "lessons/blocks/instead_of.html"
        label = _("Instead of this / try this")
        description = _("Pairs of things to say: one that hurts, one that helps")
        preview_value = {
            "heading": "Things to say",
            "pairs": [
                {"instead": "Why did you stay?", "try_this": "I'm glad you're here."}
            ],
        }


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    story = blocks.TextBlock(
        help_text=_("A short, realistic situation in two to five sentences.")
    )
    question = blocks.TextBlock(
        required=False,
        help_text=_("Optional: a question for the learner to think about."),
    )
    model_answer = blocks.TextBlock(
        required=False,
        label=_("One way to respond"),
        help_text=_(
            "A good response, shown only when the learner asks for it after "
            "thinking. The content-health report lists scenarios without one."
        ),
    )

    class Meta:
        icon = "group"
        template = "lessons/blocks/scenario.html"
        description = (
            "A short, realistic situation to think through, with one way to respond"
        )
        preview_value = {
            "title": "A phone call",
            "story": "Your sister calls to defend the person who hurt her.",
            "question": "What could you say that keeps her talking to you?",
            "model_answer": 'Listen first. "It sounds like you miss him. I\'m here."',
        }


class ReflectionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(
        help_text=_(
            "A question for the learner to think about. Answers are never stored."
        )
    )

    class Meta:
        icon = "help"
        template = "lessons/blocks/reflection.html"
        description = _("A question to think about privately")
        preview_value = {"prompt": "When did someone last listen to you well?"}


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[
            ("info", _("Information")),
            ("care", _("Take care")),
            ("urgent", _("Urgent")),
        ],
        default="info",
        help_text=_("'Urgent' is for when someone may be in danger."),
    )
    heading = blocks.CharBlock(max_length=80, required=False)
    text = blocks.TextBlock()

    class Meta:
        icon = "warning"
        template = "lessons/blocks/callout.html"
        description = _("A highlighted note: information, care or urgent")
        preview_value = {
            "tone": "care",
            "heading": "Go gently",
            "text": "Take a break whenever you need one.",
        }


class DidYouKnowBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Did you know?", max_length=80)
    text = blocks.TextBlock()

    class Meta:
        icon = "info-circle"
        label = _("Did you know?")
        template = "lessons/blocks/did_you_know.html"
        description = _("A fact worth knowing that is not worth testing")
        preview_value = {
            "heading": "Did you know?",
            "text": "The name comes from a bank siege in Stockholm in 1973.",
        }


class PracticeReplyBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Reply"))
    lands = blocks.TextBlock(
        label=_("How it might land"),
        help_text=_(
            "What the loved one might feel or do next. No right or wrong labels."
        ),
    )

    class Meta:
        label_format = "{text}"


class PracticeStepBlock(blocks.StructBlock):
    says = blocks.TextBlock(help_text=_("What the loved one says."))
    replies = blocks.ListBlock(
        PracticeReplyBlock(), min_num=3, max_num=3, default=three_blank_replies
    )

    class Meta:
        label_format = "{says}"


class PracticeBlock(blocks.StructBlock):
    """A conversation to rehearse: ungraded, and it never blocks progress.

    The learner's picks travel in the page's address (see `practice_state`), so it
    works with plain links, without JavaScript, and nothing is stored."""

    title = blocks.CharBlock(max_length=120)
    setting = blocks.TextBlock(
        help_text=_("Who is talking, and where: one or two sentences.")
    )
    steps = blocks.ListBlock(
        PracticeStepBlock(), min_num=3, max_num=5, default=three_blank_steps
    )
    closing = blocks.TextBlock(
        required=False, help_text=_("What to take from this, shown at the end.")
    )

    class Meta:
        icon = "comment"
        label = _("Practice conversation")
        template = "lessons/blocks/practice.html"
        description = _(
            "A conversation to practise: the learner picks a reply and sees how it might land"
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        request = parent_context.get("request")
        page = parent_context.get("page")
        # Links go to the page itself: after a quiz the address is .../quiz/, POST only.
        base = page.get_url(request) if page is not None and page.pk else ""
        block_id = parent_context.get("block_id", "")
        context.update(practice_state(value, block_id, request, base))
        return context


def practice_param(block_id):
    return f"practice-{block_id}"


STEP = re.compile(r"[0-9]{1,2}")


def practice_state(value, block_id, request, base=""):
    """Where the learner is in a practice conversation, read from the address.

    `?practice-<block id>=0.2` means: reply 1 picked at step 1, reply 3 at step 2.
    Anything else in the address (tampered, or from an older version of the
    conversation) simply starts the conversation again."""
    steps = list(value["steps"])
    raw = request.GET.get(practice_param(block_id), "")[:20] if request else ""
    picks = []
    for part in raw.split(".") if raw else []:
        if not STEP.fullmatch(part) or len(picks) >= len(steps):
            picks = []
            break
        pick = int(part)
        if pick >= len(steps[len(picks)]["replies"]):
            picks = []
            break
        picks.append(pick)
    param = practice_param(block_id)
    done = [
        {"says": step["says"], "reply": step["replies"][pick]}
        for step, pick in zip(steps, picks, strict=False)
    ]
    current = None
    if len(picks) < len(steps):
        step = steps[len(picks)]
        prefix = ".".join(str(p) for p in picks)
        current = {
            "number": len(picks) + 1,
            "says": step["says"],
            "choices": [
                (
                    reply["text"],
                    f"{base}?{param}={prefix + '.' if prefix else ''}{i}"
                    f"#practice-{block_id}-step-{len(picks) + 1}",
                )
                for i, reply in enumerate(step["replies"])
            ],
        }
    return {
        "block_id": block_id,
        "start_again": f"{base}#practice-{block_id}",
        "done_steps": done,
        "current_step": current,
        "step_count": len(steps),
        "finished": current is None,
    }


class PlanSectionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80)
    hint = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        label_format = "{label}"


class PlanBlock(blocks.StructBlock):
    """A private plan the learner may keep in this browser's storage. It is never sent
    to the server: the text boxes belong to no form (see static/js/plan.js)."""

    heading = blocks.CharBlock(default="My plan", max_length=80)
    sections = blocks.ListBlock(PlanSectionBlock(), min_num=1, max_num=8)

    class Meta:
        icon = "form"
        label = _("Private plan")
        template = "lessons/blocks/plan.html"
        description = (
            "Boxes for the learner's own plan, kept on their device only if they choose"
        )


class HelpLinesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Help lines", max_length=80)

    class Meta:
        icon = "help"
        label = _("Help lines")
        template = "lessons/blocks/help_lines.html"
        description = _(
            "The learner's help lines (the site's, or their organisation's)"
        )


class LessonStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="lessons/blocks/text.html",
        icon="pilcrow",
        description=_("Paragraphs of text, with headings and lists"),
        preview_value="<p>Write in short sentences, in plain words.</p>",
    )
    key_points = KeyPointsBlock()
    instead_of = InsteadOfBlock()
    scenario = ScenarioBlock()
    reflection = ReflectionBlock()
    callout = CalloutBlock()
    did_you_know = DidYouKnowBlock()
    practice = PracticeBlock()
    plan = PlanBlock()
    help_lines = HelpLinesBlock()
    # Wagtail's ImageBlock asks for alt text unless the image is marked decorative.
    image = ImageBlock(
        template="lessons/blocks/image.html",
        description=_("A picture, with alt text for people who cannot see it"),
    )


# Quiz


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label=_("Answer"))
    correct = blocks.BooleanBlock(
        required=False, help_text=_("Tick if this answer is right.")
    )
    feedback = blocks.TextBlock(
        help_text=_(
            "Shown to a learner who chose this answer: why it helps, or why it does not."
        )
    )

    class Meta:
        # A collapsed option's header shows the answer, not a blank line.
        label_format = "{text}"


def _options_error(message):
    return StructBlockValidationError(
        block_errors={
            "options": ListBlockValidationError(
                non_block_errors=ErrorList([ValidationError(message)])
            )
        }
    )


class ChoiceQuestionBlock(blocks.StructBlock):
    """One right answer among several."""

    many = False

    question = blocks.TextBlock(
        help_text=_(
            "Ask one thing. Scenarios work well: 'Your brother says... Which reply helps most?'"
        )
    )
    options = blocks.ListBlock(
        OptionBlock(), min_num=2, max_num=6, default=two_blank_options
    )
    explanation = blocks.TextBlock(
        required=False,
        help_text=_("Shown after the learner answers: the idea behind the question."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        template = "lessons/blocks/question.html"
        description = _("A question with one right answer")
        preview_value = {
            "question": "Your brother says he misses the person who hurt him. Which reply helps most?",
            "options": [
                {
                    "text": "It makes sense that you miss them.",
                    "correct": True,
                    "feedback": "Yes: it accepts his feeling.",
                },
                {
                    "text": "How can you miss them?",
                    "correct": False,
                    "feedback": "This can sound like blame.",
                },
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        right = sum(bool(option["correct"]) for option in value["options"])
        if right != 1:
            raise _options_error("Mark exactly one answer as right.")
        return value

    def to_question(self, block_id, value):
        return Question(
            id=block_id,
            kind="multiple_choice" if self.many else "single_choice",
            prompt=value["question"],
            many=self.many,
            explanation=value["explanation"],
            options=tuple(
                Option(
                    child.id,
                    child.value["text"],
                    bool(child.value["correct"]),
                    child.value["feedback"],
                )
                for child in value["options"].bound_blocks
            ),
        )


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    """Choose all that apply: right when exactly the right answers are chosen."""

    many = True

    class Meta:
        icon = "tasks"
        label = _("Choose all that apply")
        description = _("A question where one or more answers are right")
        preview_value = {
            "question": "Which of these can help someone feel safe? Choose all that apply.",
            "options": [
                {"text": "Regular routines", "correct": True, "feedback": "Yes."},
                {
                    "text": "Surprise visitors",
                    "correct": False,
                    "feedback": "Not usually.",
                },
            ],
        }

    def clean(self, value):
        value = blocks.StructBlock.clean(self, value)
        if not any(option["correct"] for option in value["options"]):
            raise _options_error("Mark at least one answer as right.")
        return value


class TrueFalseQuestionBlock(blocks.StructBlock):
    statement = blocks.TextBlock(
        help_text=_("A statement the learner decides is true or false.")
    )
    answer = blocks.ChoiceBlock(
        choices=[("true", _("True")), ("false", _("False"))],
        help_text=_("Which answer is right."),
    )
    feedback_true = blocks.TextBlock(label=_("Feedback for 'True'"))
    feedback_false = blocks.TextBlock(label=_("Feedback for 'False'"))
    explanation = blocks.TextBlock(
        required=False, help_text=_("Shown after the learner answers.")
    )

    class Meta:
        icon = "tick-inverse"
        label = _("True or false")
        template = "lessons/blocks/question.html"
        description = _("A statement that is true or false")
        preview_value = {
            "statement": "Most people who are held captive develop this bond.",
            "answer": "false",
        }

    def to_question(self, block_id, value):
        # The two options' ids are fixed words, so they survive rewording.
        return Question(
            id=block_id,
            kind="true_false",
            prompt=value["statement"],
            many=False,
            explanation=value["explanation"],
            options=(
                Option(
                    "true", "True", value["answer"] == "true", value["feedback_true"]
                ),
                Option(
                    "false",
                    "False",
                    value["answer"] == "false",
                    value["feedback_false"],
                ),
            ),
        )


class QuizStreamBlock(blocks.StreamBlock):
    single_choice = ChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()

    class Meta:
        max_num = 10


def questions_in(quiz):
    """The quiz's questions in the plain shape grading uses, keyed by block id."""
    return [child.block.to_question(child.id, child.value) for child in quiz]
