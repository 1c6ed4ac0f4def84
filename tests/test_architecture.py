"""Imports run one way between our apps (docs/architecture.md): an app may import
from the apps in the layers below its own, never from its own layer or above."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Lowest first. Page-type rules ("app.Model" strings) and string foreign keys are not
# imports, so a lower app may still name a model above it that way.
LAYERS = [
    ["home"],
    ["learners"],
    ["course"],
    ["lessons"],
    ["organisations"],
    ["reports", "content", "staff", "lti", "scorm"],
]
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def imported_apps(source):
    """Our apps that a module's source imports from."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & LAYER_OF.keys()
    return found


def violations(app, source):
    """(app, imported app) pairs that run against the layers."""
    return [
        (app, other)
        for other in sorted(imported_apps(source))
        if other != app and LAYER_OF[other] >= LAYER_OF[app]
    ]


def test_every_app_is_placed_in_a_layer():
    ours = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert ours == set(LAYER_OF)
    assert [a for a in settings.INSTALLED_APPS if a in LAYER_OF] == [
        app for layer in LAYERS for app in layer
    ]


def test_imports_run_one_way():
    found = []
    for app in LAYER_OF:
        for path in (ROOT / app).rglob("*.py"):
            for _app, other in violations(app, path.read_text()):
                found.append(f"{path.relative_to(ROOT)} imports {other}")
    assert found == []


def test_the_check_finds_an_import_against_the_rule():
    assert violations("home", "from lessons.models import LessonPage") == [
        ("home", "lessons")
    ]
    assert violations("reports", "import content.loader") == [("reports", "content")]
    assert violations("course", "from learners.models import Learner") == []
    assert violations("course", "from .progress import CourseProgress") == []
    assert violations("lessons", "def f():\n    from organisations import x") == [
        ("lessons", "organisations")
    ]
