"""StreamField blocks for lesson bodies and quizzes.

Every question block turns its value into the same plain `Question` shape (see
grading.py), so that forms, grading and templates never care which kind it is.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from .grading import Option, Question

# Lesson body


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Key points", max_length=80)
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "lessons/blocks/key_points.html"
        description = "A short list of the main things to remember"
        preview_value = {
            "heading": "Key points",
            "points": ["Their feelings are not a fault.", "Stay close and patient."],
        }


class PhrasePairBlock(blocks.StructBlock):
    instead = blocks.TextBlock(
        label="Instead of",
        help_text="Something a loving person might say that does not help.",
    )
    try_this = blocks.TextBlock(
        label="Try", help_text="A kinder, more helpful way to say it."
    )


class InsteadOfBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Things to say", max_length=80)
    pairs = blocks.ListBlock(PhrasePairBlock(), min_num=1)

    class Meta:
        icon = "openquote"
        template = "lessons/blocks/instead_of.html"
        label = "Instead of this / try this"
        description = "Pairs of things to say: one that hurts, one that helps"
        preview_value = {
            "heading": "Things to say",
            "pairs": [
                {"instead": "Why did you stay?", "try_this": "I'm glad you're here."}
            ],
        }


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    story = blocks.TextBlock(
        help_text="A short, realistic situation in two to five sentences."
    )
    question = blocks.TextBlock(
        required=False, help_text="Optional: a question for the learner to think about."
    )

    class Meta:
        icon = "group"
        template = "lessons/blocks/scenario.html"
        description = "A short, realistic situation to think through"
        preview_value = {
            "title": "A phone call",
            "story": "Your sister calls to defend the person who hurt her.",
            "question": "What could you say that keeps her talking to you?",
        }


class ReflectionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(
        help_text="A question for the learner to think about. Answers are never stored."
    )

    class Meta:
        icon = "help"
        template = "lessons/blocks/reflection.html"
        description = "A question to think about privately"
        preview_value = {"prompt": "When did someone last listen to you well?"}


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("care", "Take care"), ("urgent", "Urgent")],
        default="info",
        help_text="'Urgent' is for when someone may be in danger.",
    )
    heading = blocks.CharBlock(max_length=80, required=False)
    text = blocks.TextBlock()

    class Meta:
        icon = "warning"
        template = "lessons/blocks/callout.html"
        description = "A highlighted note: information, care or urgent"
        preview_value = {
            "tone": "care",
            "heading": "Go gently",
            "text": "Take a break whenever you need one.",
        }


class LessonStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        template="lessons/blocks/text.html",
        icon="pilcrow",
        description="Paragraphs of text, with headings and lists",
        preview_value="<p>Write in short sentences, in plain words.</p>",
    )
    key_points = KeyPointsBlock()
    instead_of = InsteadOfBlock()
    scenario = ScenarioBlock()
    reflection = ReflectionBlock()
    callout = CalloutBlock()
    # Wagtail's ImageBlock asks for alt text unless the image is marked decorative.
    image = ImageBlock(
        template="lessons/blocks/image.html",
        description="A picture, with alt text for people who cannot see it",
    )


# Quiz


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, label="Answer")
    correct = blocks.BooleanBlock(
        required=False, help_text="Tick if this answer is right."
    )
    feedback = blocks.TextBlock(
        help_text="Shown to a learner who chose this answer: why it helps, or why it does not."
    )


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
        help_text="Ask one thing. Scenarios work well: 'Your brother says... Which reply helps most?'"
    )
    options = blocks.ListBlock(OptionBlock(), min_num=2, max_num=6)
    explanation = blocks.TextBlock(
        required=False,
        help_text="Shown after the learner answers: the idea behind the question.",
    )

    class Meta:
        icon = "radio-full"
        label = "Single choice"
        template = "lessons/blocks/question.html"
        description = "A question with one right answer"
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
        label = "Choose all that apply"
        description = "A question where one or more answers are right"
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
        help_text="A statement the learner decides is true or false."
    )
    answer = blocks.ChoiceBlock(
        choices=[("true", "True"), ("false", "False")],
        help_text="Which answer is right.",
    )
    feedback_true = blocks.TextBlock(label="Feedback for 'True'")
    feedback_false = blocks.TextBlock(label="Feedback for 'False'")
    explanation = blocks.TextBlock(
        required=False, help_text="Shown after the learner answers."
    )

    class Meta:
        icon = "tick-inverse"
        label = "True or false"
        template = "lessons/blocks/question.html"
        description = "A statement that is true or false"
        preview_value = {
            "statement": "Most people who are held captive develop this bond.",
            "answer": "false",
        }

    def to_question(self, block_id, value):
        # The two options' ids are fixed words, so they survive rewording.
        return Question(
            id=block_id,
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
