"""A small LTI 1.3 platform of our own, for tests: its own RSA keys, its key set
(JWKS), an OIDC authentication endpoint that signs id_tokens, and a token endpoint,
served over HTTP on loopback from a thread. It behaves as Moodle or Canvas would
towards a tool, so launches go through our real views, and our server fetches its
key set over a real connection."""

import html
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from django.test import Client

import jwt
from jwcrypto.jwk import JWK

from lti.models import Platform

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


# The platform's side of LTI client-side OIDC: it keeps what the tool's frame puts,
# and gives it back to that frame only.
STORAGE_SCRIPT = """<script>
const mode = %s, kept = {};
window.addEventListener("message", (event) => {
  const message = event.data;
  if (mode === "silent" || !message || !message.subject) return;
  const reply = {message_id: message.message_id, key: message.key};
  if (message.subject === "lti.put_data") {
    kept[event.origin + " " + message.key] = message.value;
    reply.value = message.value;
  } else if (message.subject === "lti.get_data") {
    reply.value = mode === "keeps" ? kept[event.origin + " " + message.key] : undefined;
  } else return;
  reply.subject = message.subject + ".response";
  event.source.postMessage(reply, event.origin);
});
</script>"""


class TestPlatform:
    __test__ = False  # not a test class, for pytest

    client_id = "alongside-tool"
    deployment_id = "deployment-1"

    def __init__(self):
        self.key = self.new_key("platform-key-1")
        self.requests = []  # (method, path) the platform was asked for
        self.tool_jwks = None  # our key set, as the platform fetched it
        self.access_tokens = set()
        self.scores = []  # (score address, score) the grade book received
        self.failing = 0  # how many score requests to answer with a 503
        self.hanging = 0  # seconds the score endpoint takes to answer
        self.placements = []  # deep-linking answers the platform received
        self.frame_src = self.browser_launch = self.storage = None  # show_in_course
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                platform.requests.append(("GET", self.path))
                if self.path == "/jwks":
                    self.answer(200, {"keys": [platform.public_jwk()]})
                elif self.path == "/course":
                    self.page(platform.course_page())
                elif self.path.startswith("/auth?"):
                    self.page(platform.sign_in_frame(self.path))
                else:
                    self.answer(404, {})

            def page(self, html):
                data = html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                platform.requests.append(("POST", self.path))
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode()
                path = urlsplit(self.path).path
                if path == "/token":
                    self.answer(*platform.token(parse_qs(body)))
                elif path == "/deep-link-return":
                    platform.placements.append(parse_qs(body)["JWT"][0])
                    self.page(
                        "<!DOCTYPE html><html lang=en><title>Placed</title><h1>Placed</h1>"
                    )
                elif path.endswith("/scores"):
                    self.answer(*platform.score(self.path, self.headers, body))
                else:
                    self.answer(404, {})

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # Stopping never waits for a request the platform is hanging on.
        self.server.daemon_threads, self.server.block_on_close = True, False
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.issuer = self.origin
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    # What a browser sees: a course page of the platform's with the tool in a frame,
    # started by a third-party initiated login, and the authentication endpoint's
    # page, which posts the signed id_token to the tool (as Moodle's auth.php does).

    def show_in_course(
        self,
        tool,
        target,
        sub="person-in-browser",
        changes=None,
        storage=None,
        placing=None,
    ):
        """The course page frames the tool. `storage`: None (no platform storage),
        "keeps" (LTI client-side OIDC: it keeps what the tool puts), "forgets"
        (it answers, but has nothing: a launch this window did not start) or
        "silent" (it never answers)."""
        self.browser_launch = {
            "target": target,
            "sub": sub,
            "changes": changes,
            "placing": placing,
        }
        self.storage = storage
        params = self.login_request(target)
        if storage:
            params["lti_storage_target"] = "_parent"
        self.frame_src = f"{tool}/lti/login/?{urlencode(params)}"

    def course_page(self):
        return (
            "<!DOCTYPE html><html lang=en><title>Moodle</title><h1>Staff training</h1>"
            f'<iframe src="{html.escape(self.frame_src)}" title="Alongside" '
            'style="width:100%;height:600px;border:0"></iframe>'
            + (STORAGE_SCRIPT % json.dumps(self.storage) if self.storage else "")
        )

    def sign_in_frame(self, path):
        launch = self.browser_launch
        action, form = self.authorize(
            self.origin + path,
            launch["target"],
            launch["sub"],
            launch["changes"],
            placing=launch["placing"],
        )
        query = parse_qs(urlsplit(path).query)
        if "lti_storage_target" in query:
            form["lti_storage_target"] = query["lti_storage_target"][0]
        fields = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
            for name, value in form.items()
        )
        return (
            "<!DOCTYPE html><html lang=en><title>Signing in</title>"
            f'<form method="post" action="{html.escape(action)}">{fields}</form>'
            "<script>document.forms[0].submit()</script>"
        )

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def new_key(kid):
        return JWK.generate(kty="RSA", size=2048, kid=kid)

    def public_jwk(self):
        return {**json.loads(self.key.export_public()), "alg": "RS256", "use": "sig"}

    def register(self, organisation, **fields):
        """Alongside registered in this platform, as its administrator would enter it."""
        values = {
            "organisation": organisation,
            "name": "Test platform",
            "website": self.origin,
            "issuer": self.issuer,
            "client_id": self.client_id,
            "deployment_ids": self.deployment_id,
            "auth_url": f"{self.origin}/auth",
            "token_url": f"{self.origin}/token",
            "keyset_url": f"{self.origin}/jwks",
        } | fields
        platform = Platform(**values)
        platform.full_clean()
        platform.save()
        return platform

    # The OIDC login and the launch, as a platform drives them in the browser.

    def login_request(self, target_link_uri, **params):
        return {
            "iss": self.issuer,
            "login_hint": "opaque-hint",
            "target_link_uri": target_link_uri,
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        } | params

    def claims(self, auth_query, target_link_uri, sub):
        now = int(time.time())
        return {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": auth_query["nonce"],
            LTI + "message_type": "LtiResourceLinkRequest",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": self.deployment_id,
            LTI + "target_link_uri": target_link_uri,
            LTI + "resource_link": {"id": "resource-link-1"},
            LTI + "roles": [
                "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
            ],
            # What platforms send and we must not keep.
            "name": "Sam Example",
            "given_name": "Sam",
            "family_name": "Example",
            "email": "sam@example.org",
        }

    # Assignment and Grade Services.

    def lineitem(self, resource):
        # Moodle's line items carry a query string, which scores must keep.
        return f"{self.origin}/lineitems/{resource}/lineitem?type_id=1"

    def grade_book(self, resource):
        """The AGS claim of a launch whose scores go to `resource`'s column."""
        return {
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": [
                    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
                    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                ],
                "lineitem": self.lineitem(resource),
            }
        }

    def token(self, form):
        """The token endpoint: a client credentials grant, with the tool's signed
        assertion checked against the tool's key set."""
        form = {name: values[0] for name, values in form.items()}
        if form.get("grant_type") != "client_credentials" or form.get(
            "client_assertion_type"
        ) != ("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"):
            return 400, {"error": "unsupported_grant_type"}
        assertion = form.get("client_assertion", "")
        kid = jwt.get_unverified_header(assertion)["kid"]
        keys = [key for key in self.tool_jwks["keys"] if key["kid"] == kid]
        if not keys:
            return 401, {"error": "invalid_client"}
        jwt.decode(
            assertion,
            jwt.PyJWK(keys[0]).key,
            algorithms=["RS256"],
            audience=f"{self.origin}/token",
            issuer=self.client_id,
        )
        token = uuid.uuid4().hex
        self.access_tokens.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}

    def score(self, address, headers, body):
        if headers.get("Authorization", "").removeprefix("Bearer ") not in (
            self.access_tokens
        ):
            return 401, {}
        time.sleep(self.hanging)
        if self.failing:
            self.failing -= 1
            return 503, {"error": "The grade book is resting."}
        assert headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"
        self.scores.append((address, json.loads(body)))
        return 200, {}

    def deep_linking(self, claims, multiple=False):
        """The claims of a deep-linking request: an instructor placing content."""
        claims.pop(LTI + "resource_link")
        claims[LTI + "message_type"] = "LtiDeepLinkingRequest"
        claims[LTI + "roles"] = [
            "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
        ]
        claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
            "deep_link_return_url": f"{self.origin}/deep-link-return",
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "accept_multiple": multiple,
            "data": "platform-opaque-data",
        }
        return claims

    def receive_placement(self, answer, tool_jwks):
        """What the platform does with the tool's deep-linking answer: checks its
        signature against the tool's key set, and reads the content items."""
        kid = jwt.get_unverified_header(answer)["kid"]
        (key,) = [key for key in tool_jwks["keys"] if key["kid"] == kid]
        claims = jwt.decode(
            answer,
            jwt.PyJWK(key).key,
            algorithms=["RS256"],
            audience=self.issuer,
            issuer=self.client_id,
        )
        assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse"
        assert claims[LTI + "deployment_id"] == self.deployment_id
        assert (
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"]
            == "platform-opaque-data"
        )
        return claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]

    def sign(self, claims, key=None, kid=None):
        key = key or self.key
        return jwt.encode(
            claims,
            key.export_to_pem(private_key=True, password=None),
            algorithm="RS256",
            headers={"kid": kid or key.export_public(as_dict=True)["kid"]},
        )

    def authorize(
        self,
        redirect_to,
        target_link_uri,
        sub="sub-1",
        changes=None,
        placing=None,
        **sign,
    ):
        """The platform's OIDC authentication endpoint: checks what the tool sent, and
        answers with the form (id_token and state) the browser posts to the tool."""
        parts = urlsplit(redirect_to)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{self.origin}/auth"
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        assert query["client_id"] == self.client_id
        assert query["response_type"] == "id_token"
        assert query["response_mode"] == "form_post"
        assert query["scope"] == "openid"
        assert query["login_hint"] == "opaque-hint"
        claims = self.claims(query, target_link_uri, sub)
        if placing is not None:
            claims = self.deep_linking(claims, multiple=placing == "many")
        for name, value in (changes or {}).items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return query["redirect_uri"], {
            "id_token": self.sign(claims, **sign),
            "state": query["state"],
        }

    def launch(
        self, client=None, target="http://testserver/lti/launch/", sub="sub-1", **kwargs
    ):
        """A whole launch through our views with Django's test client: the login, the
        platform's answer, the launch. Returns the launch's response."""
        client = client or Client()
        started = client.post("/lti/login/", self.login_request(target))
        assert started.status_code == 302, started.content
        action, form = self.authorize(started["Location"], target, sub, **kwargs)
        return client.post(urlsplit(action).path, form, HTTP_ORIGIN=self.origin)


def csp_sources(response, directive):
    """One directive's sources in a response's Content-Security-Policy (in whatever
    order the directives come)."""
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        if name == directive:
            return set(values)
    return set()


def frame_ancestors(response):
    """Who may frame a response."""
    return csp_sources(response, "frame-ancestors")
