import pytest

from tests.helpers import make_org
from tests.lti.platform import TestPlatform


@pytest.fixture
def platform():
    """The test platform, serving on loopback for the test."""
    platform = TestPlatform()
    yield platform
    platform.stop()


@pytest.fixture
def organisation(platform):
    return make_org(origins=f"https://harbour.example\n{platform.origin}")


@pytest.fixture
def registered(platform, organisation):
    """The test platform, registered for the organisation as its staff would."""
    return platform.register(organisation)
