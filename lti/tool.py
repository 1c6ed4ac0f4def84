"""LTI 1.3 launches checked by pylti1p3, with our rules where its defaults differ.

pylti1p3 checks the id_token: its form, the platform registered for its issuer and
client id (its `aud`), its signature against the platform's key set (the key named by
its `kid`), its expiry, its deployment and its message. What it keeps between the
OIDC login and the launch is ours instead:

- A launch's state and nonce live in the cache, under the state, for five minutes,
  and are taken once: the same id_token sent again, or with another login's state,
  is refused (pylti1p3 would accept a launch again for a day, and knows a nonce only
  as "issued").
- No cookie and no session: inside a platform's frame browsers block them.
- Nothing is stored about a launch, its platform user, context or roster (django-lti
  would keep names, emails and memberships, and record unknown deployments).
"""

import hashlib
import secrets

from django.core.cache import cache

import jwt
import requests
from pylti1p3.cookie import CookieService
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.session import SessionService
from pylti1p3.tool_config import ToolConfAbstract

LOGIN_LIFETIME = 300  # seconds between the OIDC login and its launch
PLATFORM_TIMEOUT = 5  # seconds for any call to a platform (key set, token, scores)
KEY_SET_LIFETIME = 600  # seconds a platform's key set is kept


class LaunchRefused(Exception):
    """A launch we cannot accept; the message says why, for the person launching."""


class PlatformSession(requests.Session):
    """Calls to a platform never wait longer than the timeout (pylti1p3 sets none,
    and a platform that hangs would hold up our server)."""

    def __init__(self, timeout=PLATFORM_TIMEOUT):
        super().__init__()
        self.timeout = timeout

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)


def begin_login(platform, in_platform_storage=False):
    """A new login's state and nonce, kept for its launch (which must then bring
    back the platform's storage target too, when the state was kept there)."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    login = {
        "nonce": nonce,
        "platform": platform.pk,
        "in_platform_storage": in_platform_storage,
    }
    cache.set(f"lti-login:{state}", login, LOGIN_LIFETIME)
    return state, nonce


def take_login(state):
    """The login a launch answers, once: a second launch with its state, even at
    the same moment, finds nothing."""
    login = cache.get(f"lti-login:{state}")
    if login is None or not cache.add(f"lti-login-used:{state}", 1, LOGIN_LIFETIME):
        return None
    cache.delete(f"lti-login:{state}")
    return login


class PlatformConfig(ToolConfAbstract):
    """The one platform a launch's login was for, and only its listed deployments.
    Nothing is created for an unknown one."""

    def __init__(self, platform):
        super().__init__()
        self.platform = platform

    def check_iss_has_one_client(self, iss):
        return False

    def check_iss_has_many_clients(self, iss):
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return None

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        if (iss, client_id) == (self.platform.issuer, self.platform.client_id):
            return self.platform.registration()
        return None

    def find_deployment(self, iss, deployment_id):
        return None

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        if deployment_id in self.platform.deployments:
            return Deployment().set_deployment_id(deployment_id)
        return None


class OneLogin(SessionService):
    """pylti1p3's session, standing for the one login this launch answers (already
    taken from the cache): its nonce is the only one that passes, and nothing of the
    launch is kept."""

    def __init__(self, nonce):
        self.nonce = nonce

    def check_nonce(self, nonce):
        return secrets.compare_digest(str(nonce), self.nonce)

    def check_state_is_valid(self, state, id_token_hash):
        # The view took the state from the cache before the launch was read.
        return True

    def save_launch_data(self, key, jwt_body):
        pass

    def set_state_valid(self, state, id_token_hash):
        pass


class NoCookies(CookieService):
    def get_cookie(self, name):
        return None

    def set_cookie(self, name, value, exp=3600):
        pass


def kept_key_set(url):
    return f"lti-key-set:{hashlib.sha256(url.encode()).hexdigest()}"


class Launch(MessageLaunch):
    def __init__(self, request, platform, nonce):
        super().__init__(
            request,
            PlatformConfig(platform),
            session_service=OneLogin(nonce),
            cookie_service=NoCookies(),
            requests_session=PlatformSession(),
        )
        # pylti1p3 checks `aud` by finding the platform registered for it; an
        # id_token must also say when it was made and when it expires.
        self.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat"]})

    def _get_request_param(self, key):
        return self._request.POST.get(key)

    def fetch_public_key(self, key_set_url):
        """The platform's key set, kept for KEY_SET_LIFETIME rather than fetched at
        every launch."""
        cache_key = kept_key_set(key_set_url)
        key_set = cache.get(cache_key)
        self.key_set_was_kept = key_set is not None
        if key_set is None:
            key_set = super().fetch_public_key(key_set_url)
            if isinstance(key_set, dict) and isinstance(key_set.get("keys"), list):
                cache.set(cache_key, key_set, KEY_SET_LIFETIME)
        return key_set

    def get_public_key(self):
        """A token signed with a key the kept set lacks fetches the set afresh, once:
        the platform may have rotated its keys."""
        self.key_set_was_kept = False
        try:
            return super().get_public_key()
        except LtiException:
            if not self.key_set_was_kept:
                raise
            cache.delete(kept_key_set(self._registration.get_key_set_url()))
            self._registration.set_key_set(None)
            return super().get_public_key()


def check_launch(request, platform, nonce):
    """The launch's claims, once pylti1p3 has checked them all; else LaunchRefused.

    pylti1p3 reads the token's claims as the dictionaries and lists they should be
    before its signature is checked, so a forged token of another shape raises
    TypeError, AttributeError... rather than its own LtiException: each is a refusal.
    """
    refusals = (
        LtiException,
        jwt.PyJWTError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
    )
    token = request.POST.get("id_token", "")
    try:
        # The shape first (header and body are JSON objects), so that odd tokens
        # are refused plainly; the signature is checked below, by pylti1p3.
        jwt.decode(token, options={"verify_signature": False})
        launch = Launch(request, platform, nonce).validate()
        return launch, launch.get_launch_data()
    except refusals as error:
        raise LaunchRefused(str(error)) from error
