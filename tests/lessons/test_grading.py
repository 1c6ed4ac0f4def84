"""Grading is pure logic: no database."""

import re
from fractions import Fraction

from lessons.grading import Option, Question, grade, right_answers_needed
from lessons.models import LessonPage


def question(qid, right=("a",), many=False):
    options = tuple(
        Option(oid, oid.upper(), oid in right, f"feedback {oid}") for oid in "abc"
    )
    return Question(qid, f"Question {qid}", many, "", options)


def test_single_choice_is_right_only_with_the_right_option():
    questions = [question("q1")]
    assert grade(questions, {"q1": {"a"}}, 50).score == 1
    assert grade(questions, {"q1": {"b"}}, 50).score == 0


def test_choose_all_that_apply_needs_exactly_the_right_set():
    questions = [question("q1", right=("a", "b"), many=True)]
    assert grade(questions, {"q1": {"a", "b"}}, 50).score == 1
    assert grade(questions, {"q1": {"a"}}, 50).score == 0
    assert grade(questions, {"q1": {"a", "b", "c"}}, 50).score == 0


def test_unanswered_question_counts_as_wrong():
    result = grade([question("q1"), question("q2")], {"q1": {"a"}}, 50)
    assert (result.score, result.total) == (1, 2)


def test_pass_mark_is_a_percentage_and_inclusive():
    questions = [question(f"q{i}") for i in range(5)]
    three_right = {f"q{i}": {"a"} for i in range(3)}
    assert grade(questions, three_right, 60).passed
    assert not grade(questions, three_right, 61).passed


def test_option_ids_from_another_question_are_not_counted():
    result = grade([question("q1", right=("a",))], {"q1": {"zzz"}}, 50)
    assert result.results[0].chosen == ()
    assert result.score == 0


def test_empty_quiz_never_passes():
    assert not grade([], {}, 1).passed


def test_result_keeps_the_chosen_options_with_their_feedback():
    result = grade([question("q1")], {"q1": {"b"}}, 50)
    assert [o.feedback for o in result.results[0].chosen] == ["feedback b"]


def test_needed_is_the_pass_mark_in_right_answers():
    questions = [question(f"q{i}") for i in range(4)]
    assert grade(questions, {}, 60).needed == 3
    assert grade(questions[:3], {}, 60).needed == 2


def test_one_rule_decides_both_the_pass_and_the_mark_the_learner_is_told():
    """Every pass mark from 1 to 100% and every quiz size from 1 to 10: a learner
    passes exactly when their share of right answers reaches the pass mark, and
    "you need N" names the fewest right answers that do."""
    disagreements = []
    for pass_mark in range(1, 101):
        for total in range(1, 11):
            questions = [question(f"q{i}") for i in range(total)]
            for score in range(total + 1):
                right = {f"q{i}": {"a"} for i in range(score)}
                result = grade(questions, right, pass_mark)
                reaches = Fraction(score, total) >= Fraction(pass_mark, 100)
                if result.passed != reaches or result.passed != (
                    score >= result.needed
                ):
                    disagreements.append((pass_mark, total, score))
    assert disagreements == []


def test_the_pass_mark_help_text_agrees_with_the_rule():
    # A lazy translation: read in the source language, where the rule is written.
    help_text = str(LessonPage._meta.get_field("pass_mark").help_text)
    mark = int(re.search(r"(\d+)% means", help_text).group(1))
    examples = re.findall(r"(\d+) of (\d+)", help_text)
    assert len(examples) == 3
    for needed, total in examples:
        assert right_answers_needed(mark, int(total)) == int(needed)
