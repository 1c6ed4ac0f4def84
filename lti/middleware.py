from .grades import rescore
from .models import GradeLink


class SendNewScoresMiddleware:
    """After a learner's answer inside an organisation's embed, where every LTI
    launch lands, the grade books of their launches get any new score. Learners
    elsewhere cannot have one, and cost nothing here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No pk: none yet, or their progress was just deleted.
        learner_id = getattr(getattr(request, "learner", None), "pk", None)
        if (
            request.method == "POST"
            and getattr(request, "embedded", False)
            and learner_id is not None
            and response.status_code < 400
            and GradeLink.objects.filter(learner_id=learner_id).exists()
        ):
            rescore(learner_id)
        return response
