"""Site profiles of one's own: a folder read before the packaged ones, samples run as tests (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from communique import api
from communique.cli import cli
from communique.errors import ProfileError
from communique.sources.profiles.engine import PROFILES_VARIABLE, Profiles

PAGE = """<html><head><title>Briefing on the Danube talks | Ministry of Foreign Affairs</title></head><body>
<nav>Home | News</nav>
<article class="transcript">
<h1 class="headline">Briefing on the Danube talks</h1>
<p class="when">2024-05-14</p>
<div class="body">
<p><b>Spokesperson Ana Horvat:</b> Good morning. The talks on the Danube ports went well.</p>
<p><b>Question:</b> Will the ministers meet again?</p>
<p><b>Spokesperson Ana Horvat:</b> Yes, in June, in Vukovar.</p>
</div></article><footer>Copyright</footer></body></html>
"""

PROFILE = """name = "mvep.example.org"
hosts = ["mvep.example.org"]

[html]
title = ["h1.headline"]
date = ["p.when"]
body = ["div.body"]
labels = "bold"

[[tests]]
file = "samples/briefing.html"
title = "Briefing on the Danube talks"
date = "2024-05-14"
turns = 3
labels = ["Spokesperson Ana Horvat", "Question"]
"""


@pytest.fixture
def own(tmp_path: Path) -> Path:
    folder = tmp_path / "my-sites"
    (folder / "samples").mkdir(parents=True)
    (folder / "mvep.example.org.toml").write_text(PROFILE, encoding="utf-8")
    (folder / "samples" / "briefing.html").write_text(PAGE, encoding="utf-8")
    return folder


def test_a_profile_of_ones_own_is_read_first_and_its_samples_pass(own: Path) -> None:
    profiles = Profiles.load([own])
    assert profiles.items[0].name == "mvep.example.org" and profiles.get("kremlin.ru") is not None
    [check] = api.check_profiles(["mvep.example.org"], profiles)
    assert check.passed, check.problems


def test_the_command_line_takes_the_folder_and_explains_the_route(own: Path, tmp_path: Path) -> None:
    runner = CliRunner(env={PROFILES_VARIABLE: None})  # what the command sets is undone after it
    tested = runner.invoke(cli, ["--profiles", str(own), "profiles", "test", "mvep.example.org"])
    assert tested.exit_code == 0 and "1 of 1 sample documents as expected" in tested.output
    page = tmp_path / "mvep.example.org" / "2024" / "danube.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    parsed = runner.invoke(
        cli, ["--profiles", str(own), "parse", str(page), "--explain", "--no-nlp", "--format", "text"]
    )
    assert parsed.exit_code == 0
    assert "profile mvep.example.org" in parsed.output and "named mvep.example.org" in parsed.output
    assert "# Briefing on the Danube talks" in parsed.output and "date: 2024-05-14" in parsed.output


def test_a_sample_that_no_longer_parses_as_expected_fails(own: Path) -> None:
    (own / "mvep.example.org.toml").write_text(PROFILE.replace("turns = 3", "turns = 4"), encoding="utf-8")
    [check] = api.check_profiles(["mvep.example.org"], Profiles.load([own]))
    assert check.problems == ["turns: expected 4, got 3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "not TOML"),
        ("hosts = []", "no 'name'"),
        ("name = 'x'\n[text]\nsignatures = ['(']", "pattern"),
        ("name = 'x'\nhosts = 'x.org'", "wrong kind"),
        ("name = 'x'\ntext = 'x'", "wrong kind"),
        ("name = 'x'\n[[tests]]\ntitle = 'T'", "wrong kind"),
    ],
)
def test_a_broken_profile_is_a_clear_error_naming_its_file(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message) as raised:
        Profiles.load([tmp_path])
    assert "bad.toml" in str(raised.value)


def test_every_packaged_profile_parses_its_samples_as_it_says() -> None:
    root = Path(__file__).resolve().parents[2]
    checks = [c for c in api.check_profiles() if (root / c.file).exists() or Path(c.file).exists()]
    assert len(checks) >= 9
    assert all(c.passed for c in checks), [(c.file, c.problems) for c in checks if not c.passed]


def test_explain_names_a_file_it_cannot_read_and_goes_on(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    missing = tmp_path / "gone.html"
    result = CliRunner(env={PROFILES_VARIABLE: None}).invoke(
        cli, ["parse", str(missing), str(page), "--explain", "--no-nlp", "--format", "jsonl"]
    )
    assert f"explain: {missing}:" in result.output and f"explain: {page}: html" in result.output
