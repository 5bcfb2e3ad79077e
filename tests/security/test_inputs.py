"""Hostile or broken input refused at `check` time, each with its position and a message
that quotes at most 80 characters of the value, control characters escaped."""

from __future__ import annotations

import os
import shutil

import pytest

from ..conftest import FIXTURES, run

HEADER = "date,author,author_type,mentions_company,topic,impressions,reactions,comments," \
         "shares,clicks,leads\n"
ROW = "2027-02-10,ana,employee,true,solar,800,20,2,2,4,0\n"


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(folder: str = "org"):
    result = run("check", folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "\x1b" not in result.output  # nothing reaches the terminal raw
    return result.stderr


# --- impossible dates, in every file and in `diff` ---------------------------------------------

def test_an_impossible_month_in_the_charter(org):
    edit(org / "charter.yml", "adopted_on: 2026-10-01", "adopted_on: 2026-13-01")
    assert refused() == ("org/charter.yml:3:13: error: '2026-13-01' is not a date: month 13\n"
                         "Invalid input: 1 error.\n")


def test_an_impossible_day_in_the_settings(org):
    edit(org / "handbook.yml", "start: 2027-01-15", "start: 2027-02-30")
    assert refused() == ("org/handbook.yml:8:10: error: '2027-02-30' is not a date: February "
                         "2027 has 28 days\nInvalid input: 1 error.\n")


def test_an_impossible_date_in_history_and_in_diff(org):
    (org / "history").mkdir()
    old = org / "history" / "charter-0.9.yml"
    shutil.copyfile(org / "charter.yml", old)
    edit(old, 'version: "1.0"', 'version: "0.9"')
    edit(old, "date: 2026-10-01", "date: 2026-02-29")
    assert refused() == ("org/history/charter-0.9.yml:19:28: error: '2026-02-29' is not a "
                         "date: February 2026 has 28 days\nInvalid input: 1 error.\n")
    result = run("diff", "org/history/charter-0.9.yml", "org/charter.yml")
    assert result.exit_code == 1
    assert result.stderr.startswith("org/history/charter-0.9.yml:19:28: error: '2026-02-29' "
                                    "is not a date: February 2026 has 28 days\n")


# --- characters a text may not hold ----------------------------------------------------------

@pytest.mark.parametrize(("written", "shown", "named"), [
    ("Acme\\x1b]0;pwned\\x07", "Acme\\x1b]0;pwned\\x07", "\\x1b (ESC) at character 5"),
    ("Acme \\ud800", "Acme \\ud800", "\\ud800 (a lone surrogate) at character 6"),
    ("Ac\\ufeffme", "Ac\\ufeffme", "\\ufeff (BOM) at character 3"),
    ("Acme\\x9b2J", "Acme\\x9b2J", "\\x9b (CSI) at character 5"),
    ("Acme\\x00", "Acme\\x00", "\\x00 (NUL) at character 5"),
])
def test_control_characters_are_refused(org, written, shown, named):
    edit(org / "handbook.yml", "name: Acme Conseil", f'name: "{written}"')
    assert refused() == (f"org/handbook.yml:3:9: error: '{shown}' holds the control character "
                         f"{named}: remove it; a text holds letters, punctuation, tabs and new "
                         "lines only\nInvalid input: 1 error.\n")


def test_a_message_quotes_80_characters_of_a_value_escaped(org):
    value = "\\x1b[31m" + "x" * 500
    edit(org / "handbook.yml", "priority: reputation", f'priority: "{value}"')
    message = refused().splitlines()[0]
    quoted = message.split("'")[1]
    assert quoted == "\\x1b[31m" + "x" * 75 + "…"
    # The control character is reported by the text check, the value by the schema's.
    assert len(message) < 300


# --- addresses ------------------------------------------------------------------------------

SITE_URL_HINT = ("must be the address the site is published at, like "
                 "'https://intranet.example.org/advocacy/': http:// or https://, a host name, "
                 "no quotes, angle brackets, backslashes, spaces or user name")


@pytest.mark.parametrize("url", [
    'https://intranet.example.org/"><script>alert(1)</script>',
    "javascript:alert(1)",
    "https://user:secret@intranet.example.org/",
    "https://intranet.example.org/a b/",
    "https://intranet.example.org\\evil/",
    "ftp://intranet.example.org/",
    "https:///nohost",
])
def test_a_site_url_that_is_not_a_plain_address_is_refused(org, url):
    edit(org / "handbook.yml", "  name: Acme Conseil\n",
         f"  name: Acme Conseil\n  site_url: '{url}'\n")
    assert refused() == (f"org/handbook.yml:4:13: error: organisation.site_url: '{url}' "
                         f"{SITE_URL_HINT}\nInvalid input: 1 error.\n")


def test_an_email_holding_markup_is_refused(org):
    edit(org / "handbook.yml", "email: bruno.petit@example.org",
         'email: "<img src=x onerror=alert(1)>@example.org"')
    assert refused() == ("org/handbook.yml:17:56: error: people[1].email: '<img src=x "
                         "onerror=alert(1)>@example.org' must be an e-mail address, like "
                         "'name@example.org'\nInvalid input: 1 error.\n")


# --- files that are not where they seem -----------------------------------------------------

def test_a_kit_linked_to_a_file_outside_the_folder_is_refused(org):
    os.symlink("/etc/passwd", org / "kits" / "passwd.yml")
    stderr = refused()
    assert stderr == ("org/kits/passwd.yml:1:1: error: this file is a link to a file outside "
                      "the folder; copy the file into the folder instead\n"
                      "Invalid input: 1 error.\n")


def test_a_training_folder_linked_outside_is_refused(org, tmp_path):
    shutil.move(org / "training", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", org / "training")
    assert refused() == ("org/training/effective-post.yml:1:1: error: this file is a link to "
                         "a file outside the folder; copy the file into the folder instead\n"
                         "Invalid input: 1 error.\n")


def test_a_link_inside_the_folder_is_read(org):
    shutil.move(org / "kits" / "day-in-my-life.yml", org / "day-in-my-life.yml")
    os.symlink("../day-in-my-life.yml", org / "kits" / "day-in-my-life.yml")
    assert run("check", "org").exit_code == 0


def test_a_folder_where_a_file_is_expected_says_so(org):
    (org / "kits" / "sub.yml").mkdir()
    assert refused() == ("org/kits/sub.yml:1:1: error: this is a folder, not a file: a YAML "
                         "file is expected here; rename or move it\nInvalid input: 1 error.\n")


# --- the logo ------------------------------------------------------------------------------

LOGO_HINT = "a logo is an image: export it again without scripts, event handlers or links " \
            "to other files"


@pytest.mark.parametrize(("svg", "what"), [
    ('<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>',
     "a <script> element at line 2"),
    ('<svg xmlns="http://www.w3.org/2000/svg"\n onload="alert(1)"><circle r="1"/></svg>',
     "an event handler (onload=) at line 1"),
    (('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
     '<image xlink:href="https://tracker.example.com/x.png"/></svg>'),
     "a reference to another file at line 2"),
    (('<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><circle r="1"/>'
     '</a></svg>'), "a javascript: address at line 1"),
])
def test_an_svg_logo_that_runs_or_fetches_is_refused(org, svg, what):
    (org / "assets").mkdir()
    (org / "assets" / "logo.svg").write_text(svg, encoding="utf-8")
    edit(org / "handbook.yml", "languages: [fr]\n",
         "languages: [fr]\nbranding: {logo: assets/logo.svg}\n")
    stderr = refused()
    assert stderr == (f"org/handbook.yml:5:18: error: branding.logo: 'assets/logo.svg' holds "
                      f"{what}; {LOGO_HINT}\nInvalid input: 1 error.\n")


def test_a_plain_svg_logo_is_accepted(org):
    (org / "assets").mkdir()
    (org / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><defs><linearGradient '
        'id="g"/></defs><circle r="1" fill="url(#g)"/><use href="#g"/></svg>',
        encoding="utf-8")
    edit(org / "handbook.yml", "languages: [fr]\n",
         "languages: [fr]\nbranding: {logo: assets/logo.svg}\n")
    assert run("check", "org").exit_code == 0


# --- the export of posts --------------------------------------------------------------------

@pytest.fixture
def kpi(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "kpi", tmp_path / "org")
    return tmp_path / "org"


def test_a_nul_byte_in_the_export_is_refused(kpi):
    with open(kpi / "data" / "posts.csv", "ab") as export:
        export.write(b"2027-03-01,ana,employee,true,sol\x00ar,1,1,1,1,1,0\n")
    stderr = refused()
    lines = (kpi / "data" / "posts.csv").read_bytes().count(b"\n")
    assert stderr == (f"org/data/posts.csv:{lines}:33: error: the file holds a NUL byte: it "
                      "is not a CSV text export, or it was saved in UTF-16; export it again "
                      "as CSV UTF-8\nInvalid input: 1 error.\n")


def test_a_count_above_the_bound_is_refused(kpi):
    with open(kpi / "data" / "posts.csv", "a", encoding="utf-8") as export:
        export.write("2027-03-01,ana,employee,true,solar," + "9" * 400 + ",1,1,1,1,0\n")
    line = (kpi / "data" / "posts.csv").read_bytes().count(b"\n")
    assert refused() == (f"org/data/posts.csv:{line}:6: error: column 'impressions': "
                         f"'{'9' * 40}…' is more than 1,000,000,000,000 (10^12), the largest "
                         "count an export may hold; check the export\nInvalid input: 1 error.\n")
    for form in ("text", "json", "csv"):
        result = run("kpi", "org", "--format", form)
        assert result.exit_code == 1 and "internal error" not in result.output


def test_a_post_dated_in_the_far_future_is_left_out_with_a_warning(kpi):
    plain = run("kpi", "org", "--format", "json")
    with open(kpi / "data" / "posts.csv", "a", encoding="utf-8") as export:
        export.write("2099-01-01,ana,employee,true,solar,800,20,2,2,4,0\n")
    line = (kpi / "data" / "posts.csv").read_bytes().count(b"\n")
    result = run("kpi", "org", "--format", "json")
    assert result.exit_code == 0
    assert (f"org/data/posts.csv:{line}:1: warning: column 'date': the post on line {line} is "
            "dated 2099-01-01, after ") in result.stderr
    assert "it is left out of the dashboard: check the export's dates" in result.stderr
    assert '"2099-' not in result.stdout
    assert plain.stdout == result.stdout  # the same dashboard as without the row


# --- `diff --format markdown` ----------------------------------------------------------------

def test_diff_markdown_escapes_what_it_prints(org):
    new = org / "charter-new.yml"
    shutil.copyfile(org / "charter.yml", new)
    edit(new, "title: Partager nos actualités",
         'title: "<img src=x onerror=alert(1)> [lien](javascript:alert(2)) *gras*"')
    result = run("diff", "org/charter.yml", "org/charter-new.yml", "--format", "markdown")
    assert result.exit_code == 0
    assert ("- `encouraged/share-news`: &lt;img src=x onerror=alert\\(1\\)&gt; "
            "\\[lien\\]\\(javascript:alert\\(2\\)\\) \\*gras\\* (title)") in result.stdout
