"""Assignment and Grade Services: a learner's score for what was placed in their
course (the share of its lessons finished, out of 100) goes to the platform's grade
book. A score waits in its `GradeLink` until the platform has it: sent once the
learner's answer is saved (middleware.py), and again by `manage.py send_lti_scores` after a failure,
so none is lost."""

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector

from course import progress
from course.models import LessonCompletion
from learners.models import Learner, hash_learner_key
from lessons.models import LessonPage

from .models import GradeLink
from .tool import PlatformSession

ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
# Sent while the learner waits for their page: a platform slow to answer is tried
# again later rather than held up for.
SEND_TIMEOUT = 2  # seconds per call
# A launch's grade book waits this long for the learner's first answer (they are
# stored from then on); their next launch brings it again.
FIRST_ANSWER_WAIT = 60 * 60 * 24


def grade_book_of(claims):
    """The line item a launch's scores go to, when the platform lets us send them."""
    endpoint = claims.get(ENDPOINT)
    if not isinstance(endpoint, dict):
        return None
    scope, lineitem = endpoint.get("scope"), endpoint.get("lineitem")
    if not isinstance(scope, list) or SCORE_SCOPE not in scope:
        return None
    return lineitem if isinstance(lineitem, str) and lineitem else None


def remember_grade_book(platform, key, sub, page, claims):
    """At a launch: where the learner's score for `page` goes. A learner who has
    answered nothing yet is not stored: the link waits in the cache for their
    first answer (learner_started, in signals.py)."""
    lineitem = grade_book_of(claims)
    if lineitem is None:
        return
    link = {"platform": platform.pk, "sub": sub, "lineitem": lineitem, "page": page.pk}
    key_hash = hash_learner_key(key)
    learner = Learner.objects.filter(key_hash=key_hash).first()
    if learner is None:
        cache.set(f"lti-grade-book:{key_hash}", link, FIRST_ANSWER_WAIT)
    else:
        link_grade_book(learner, link)
        # A score still waiting, or one the grade book lost, goes again.
        rescore(learner.pk)


def waiting_grade_book(key):
    return cache.get(f"lti-grade-book:{hash_learner_key(key)}")


def link_grade_book(learner, link):
    GradeLink.objects.update_or_create(
        learner=learner,
        lineitem=link["lineitem"],
        defaults={
            "platform_id": link["platform"],
            "sub": link["sub"],
            "page_id": link["page"],
        },
    )


def score_of(learner_id, page):
    lessons = LessonPage.objects.live().descendant_of(page, inclusive=True)
    # By translation key: a lesson finished in any language counts.
    keys = list(lessons.values_list("translation_key", flat=True))
    done = LessonCompletion.objects.filter(
        learner_id=learner_id, lesson_key__in=keys
    ).count()
    return progress.score(done, len(keys))  # the one rule learning systems are told


def rescore(learner_id):
    """Each of the learner's grade books gets their score if it changed, or still
    waits for it."""
    links = GradeLink.objects.filter(learner_id=learner_id).select_related(
        "platform", "page"
    )
    for link in links:
        score = score_of(learner_id, link.page)
        nothing_yet = score == 0 and link.sent_score is None
        if score not in (link.sent_score, link.pending_score) and not nothing_yet:
            link.pending_score, link.scored_at = score, timezone.now()
            link.save(update_fields=["pending_score", "scored_at"])
        if link.pending_score is not None:
            send(link, timeout=SEND_TIMEOUT)


def send(link, timeout=None):
    """Send the link's waiting score; True once the platform has it. A failure is
    counted and kept, with what the platform said, for the next try."""
    score = link.pending_score
    session = PlatformSession(timeout) if timeout else PlatformSession()
    service = AssignmentsGradesService(
        ServiceConnector(link.platform.registration(), session),
        {"scope": [SCORE_SCOPE], "lineitem": link.lineitem},
    )
    grade = (
        Grade()
        .set_user_id(link.sub)
        .set_score_given(score)
        .set_score_maximum(100)
        .set_timestamp(link.scored_at.isoformat())
        .set_activity_progress("Completed" if score == 100 else "InProgress")
        # Moodle records a score only when it is "FullyGraded": ours is final for
        # what the learner has finished so far.
        .set_grading_progress("FullyGraded")
    )
    try:
        service.put_grade(grade)
    except (LtiException, requests.RequestException, ValueError) as error:
        GradeLink.objects.filter(pk=link.pk).update(
            failures=F("failures") + 1, last_error=str(error)[:300]
        )
        return False
    # Unless a newer score came meanwhile, which waits for its own send.
    GradeLink.objects.filter(
        pk=link.pk, pending_score=score, scored_at=link.scored_at
    ).update(pending_score=None, sent_score=score, failures=0, last_error="")
    return True


def send_waiting():
    """Every score still waiting; returns (sent, failed)."""
    results = [
        send(link)
        for link in GradeLink.objects.filter(pending_score__isnull=False)
        .select_related("platform")
        .order_by("scored_at")
    ]
    return results.count(True), results.count(False)
