"""The stylesheet keeps its colours in one place, so an organisation's accent colour
(and later a dark scheme) reaches everything that uses it."""

import re

from django.conf import settings

CSS = (settings.BASE_DIR / "static/css/site.css").read_text()
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgb|hsl)a?\(|:\s*(?:white|black)\b")


def root_and_rest(css):
    """The colour blocks (`:root { ... }`, the dark scheme's among them) and the rest."""
    block = re.compile(r"^[ \t]*:root\s*\{\n(.*?)\n[ \t]*\}", re.S | re.M)
    roots = [match.group(1) for match in block.finditer(css)]
    return "\n".join(roots), block.sub("", css)


def test_colours_are_named_once_in_root():
    _root, rest = root_and_rest(CSS)
    assert COLOUR.findall(rest) == []


def test_the_check_finds_a_stray_colour():
    _root, rest = root_and_rest(":root {\n  --ink: #111;\n}\n.a { color: #f00; }")
    assert COLOUR.findall(rest) == ["#f00"]


def test_the_dark_scheme_gives_every_colour_a_dark_twin():
    """Each colour of the light scheme has its dark one beside it (light-dark())."""
    root, _rest = root_and_rest(CSS)
    light = set(re.findall(r"(--[a-z-]+):\s*#", root))
    paired = set(re.findall(r"(--[a-z-]+):\s*light-dark\(", root))
    assert light - paired <= {"--focus", "--exit", "--on-exit"}  # alike in both


def test_hover_states_follow_the_accent_colour():
    root, rest = root_and_rest(CSS)
    assert re.search(r"--accent-hover:[^;]*var\(--accent\)", root)
    hover = re.search(r"\.button:hover\s*\{([^}]*)\}", rest).group(1)
    assert "var(--accent-hover)" in hover


def test_print_rules_are_in_one_place():
    assert CSS.count("@media print") == 1
