"""`./dev run` serves the site as learners meet it: no debug pages, friendly 404 and
500 pages, uploaded images served."""

import importlib
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import path

import pytest

import alongside.urls
from alongside.settings import base

DEV = (settings.BASE_DIR / "dev").read_text()


def run_section():
    return re.search(r"\n    run\)\n(.*?)\n        ;;", DEV, re.S).group(1)


def test_the_run_command_uses_the_standalone_settings():
    assert "DJANGO_SETTINGS_MODULE=alongside.settings.standalone" in run_section()
    assert "prepare_site" in run_section()


def test_standalone_settings_never_show_debug_pages(monkeypatch):
    monkeypatch.setitem(base.env, "SECRET_KEY", "from-the-environment")
    standalone = importlib.reload(
        importlib.import_module("alongside.settings.standalone")
    )
    assert standalone.DEBUG is False
    assert set(standalone.ALLOWED_HOSTS) == {"127.0.0.1", "localhost", "[::1]"}
    assert standalone.SECRET_KEY == "from-the-environment"
    assert standalone.SERVE_MEDIA is True


def test_standalone_settings_refuse_to_start_without_a_secret_key(
    monkeypatch, tmp_path
):
    monkeypatch.delitem(base.env, "SECRET_KEY", raising=False)
    monkeypatch.setattr(base, "BASE_DIR", tmp_path)
    with pytest.raises(ImproperlyConfigured, match="secret key"):
        importlib.reload(importlib.import_module("alongside.settings.standalone"))


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("crash/", crash), *alongside.urls.urlpatterns]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_is_a_friendly_page():
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "RuntimeError" not in html


@pytest.mark.django_db
def test_uploaded_images_are_served_where_no_web_server_does_it(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    with override_settings(MEDIA_ROOT=tmp_path, SERVE_MEDIA=True):
        urls = importlib.reload(alongside.urls)
        with override_settings(ROOT_URLCONF=urls):
            response = Client().get("/media/logo.png")
    importlib.reload(alongside.urls)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG"
    response.close()
