"""portal/settings.py: booleans from the environment fail loudly when
mistyped; HSTS preload only on request."""

import os
import re
import runpy
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.servers import ROOT

SETTINGS_FILE = ROOT / "portal" / "settings.py"
BOOLEAN_VARIABLES = [
    "DJANGO_DEBUG",
    "SQLITE_CREATE",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_COOKIES",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_HSTS_PRELOAD",
    "DJANGO_BEHIND_PROXY",
    "DJANGO_PLAIN_STATIC",
    "SEARCH_LOG",
]


def settings_under(monkeypatch, **env: str) -> dict:
    """The settings module run afresh with `env` (on the SQLite default, where
    every variable is read)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


@pytest.mark.parametrize(
    "name,value", [("DJANGO_DEBUG", "ture"), ("DJANGO_SECURE_SSL_REDIRECT", "of")]
)
def test_a_mistyped_boolean_stops_manage_py_at_start(name, value):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, name: value},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert f"{name}={value!r} is not a boolean" in result.stderr
    assert "System check identified" not in result.stdout


def test_the_list_above_is_every_boolean_the_settings_read():
    source = SETTINGS_FILE.read_text()
    assert set(re.findall(r'env_flag\("(\w+)"', source)) == set(BOOLEAN_VARIABLES)
    # No boolean read some other way (`os.environ.get(...) == "1"`).
    assert not re.search(r"os\.environ\.get\([^)]*\)\s*[=!]=", source)


@pytest.mark.parametrize("name", BOOLEAN_VARIABLES)
@pytest.mark.parametrize("value", ["ture", "of", "2", "y", " 1"])
def test_every_boolean_setting_refuses_a_mistyped_value(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured) as raised:
        settings_under(monkeypatch, **{name: value})
    assert str(raised.value) == f"{name}={value!r} is not a boolean"


@pytest.mark.parametrize(
    "value,expected",
    [("1", True), ("TRUE", True), ("Yes", True), ("on", True)]
    + [("0", False), ("False", False), ("NO", False), ("Off", False)],
)
def test_boolean_spellings_are_read_in_any_case(monkeypatch, value, expected):
    assert settings_under(monkeypatch, DJANGO_BEHIND_PROXY=value).get(
        "SECURE_PROXY_SSL_HEADER"
    ) == (("HTTP_X_FORWARDED_PROTO", "https") if expected else None)


def test_an_empty_boolean_means_its_default(monkeypatch):
    values = settings_under(monkeypatch, DJANGO_DEBUG="", DJANGO_SECURE_SSL_REDIRECT="")
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True  # on when DEBUG is off


def test_hsts_preload_is_off_unless_asked_for(monkeypatch):
    monkeypatch.delenv("DJANGO_HSTS_PRELOAD", raising=False)
    default = settings_under(monkeypatch)
    assert default["DEBUG"] is False
    assert default["SECURE_HSTS_PRELOAD"] is False
    assert default["SECURE_HSTS_SECONDS"] == 31536000
    asked = settings_under(monkeypatch, DJANGO_HSTS_PRELOAD="1")
    assert asked["SECURE_HSTS_PRELOAD"] is True
    # check --deploy's "preload is off" warning is silenced only while it is.
    assert default["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]
    assert asked["SILENCED_SYSTEM_CHECKS"] == []
