from home.http import not_found

from .identity import find_learner, forget_learner, remember_learner


class LearnerMiddleware:
    """Sets request.learner: None until the learner first records something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.learner = find_learner(request)
        if request.learner is None and getattr(request, "learner_key_in_address", None):
            # An address whose key names nobody is mistyped, forged or deleted.
            return not_found(request)
        response = self.get_response(request)
        if getattr(request, "forget_learner_key", False):
            return forget_learner(response)
        return remember_learner(request, response)
