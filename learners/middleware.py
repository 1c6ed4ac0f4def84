from home.http import not_found

from .identity import (
    find_learner,
    forget_learner,
    is_unknown_address_key,
    remember_learner,
)


class LearnerMiddleware:
    """Sets request.learner: None until the learner first records something."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.learner = find_learner(request)
        if is_unknown_address_key(request):
            return not_found(request)
        response = self.get_response(request)
        if getattr(request, "forget_learner_key", False):
            return forget_learner(response)
        return remember_learner(request, response)
