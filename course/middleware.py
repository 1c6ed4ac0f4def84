from .learners import find_learner, forget_learner, remember_learner


class LearnerMiddleware:
    """Sets request.learner: None until the learner first records something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.learner = find_learner(request)
        response = self.get_response(request)
        if getattr(request, "forget_learner_key", False):
            return forget_learner(response)
        return remember_learner(request, response)
