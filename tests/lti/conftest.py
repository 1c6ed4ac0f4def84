import pytest

from tests.helpers import make_org


@pytest.fixture
def organisation(platform):
    return make_org(origins=f"https://harbour.example\n{platform.origin}")


@pytest.fixture
def registered(platform, organisation):
    """The test platform, registered for the organisation as its staff would."""
    return platform.register(organisation)
