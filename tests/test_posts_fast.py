"""The fast reader of exports (polars, the `fast` extra) against the exact row-by-row one:
the same dashboard to the last digit on every export the tests hold, and every unusual file
left to the exact reader, which reports each bad cell at its line and column."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.inputs import posts as exact_module
from generator.inputs.handbook import load_handbook
from generator.inputs.posts import read_posts
from generator.inputs.posts_fast import available, read_posts_fast
from generator.metrics.formats import as_json
from generator.metrics.kpi import dashboard

from .conftest import DEMO, REPO

HEADER = ("date,author,author_type,mentions_company,topic,impressions,reactions,comments,"
          "shares,clicks,leads\n")
ROW = "2027-02-10,ana,employee,true,solar,800,20,2,2,4,0\n"
# Posts dated after this are left out by the exact reader (and handed to it by the fast one):
# far enough for every export here, whatever today's date.
LATEST = dt.date(2100, 1, 1)


def test_the_fast_extra_is_installed_for_the_tests():
    # The test extra installs polars: both readers are tested, never one skipped.
    assert available()


@pytest.fixture(autouse=True)
def fast_for_any_size(monkeypatch):
    """The fast path taken for every export here, however small (see FAST_FROM_BYTES)."""
    monkeypatch.setattr(exact_module, "FAST_FROM_BYTES", 0)


def test_a_small_export_is_read_without_polars(tmp_path, monkeypatch):
    monkeypatch.setattr(exact_module, "FAST_FROM_BYTES", 3_000_000)
    monkeypatch.setattr(exact_module, "read_posts_fast", lambda *args: pytest.fail("polars"))
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW, encoding="utf-8")
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert problems == [] and posts.rows == 1


def test_an_export_of_the_threshold_is_read_by_polars(tmp_path, monkeypatch):
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW, encoding="utf-8")
    monkeypatch.setattr(exact_module, "FAST_FROM_BYTES", export.stat().st_size)
    monkeypatch.setattr(exact_module, "_read", lambda *args: pytest.fail("read exactly"))
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert problems == [] and posts.rows == 1


def exports() -> list[Path]:
    """Every export of posts the repository holds: the demo's and the fixtures'."""
    return sorted({*REPO.glob("charters/*/data/*.csv"), *(REPO / "tests").rglob("*.csv")})


def exact(path: Path, names=None):
    """The exact reader alone, as without the fast extra."""
    original = exact_module.read_posts_fast
    exact_module.read_posts_fast = lambda *args, **kwargs: None
    try:
        return read_posts(path, "posts.csv", names or {}, until=LATEST)
    finally:
        exact_module.read_posts_fast = original


@pytest.mark.parametrize("export", exports(), ids=lambda path: str(path.relative_to(REPO)))
def test_both_readers_give_the_same_posts_on_every_export(export):
    names = {"impressions": "views"} if "views" in export.open().readline() else {}
    fast = read_posts_fast(export, "posts.csv", names, LATEST)
    posts, problems = exact(export, names)
    assert problems == []
    assert fast is not None  # read by polars, not handed back
    assert fast == posts


def test_both_readers_give_the_same_dashboard_json_on_the_demo(tmp_path, monkeypatch):
    handbook, _ = load_handbook(DEMO, "charters/demo")
    settings = handbook.settings
    fast_json = as_json(dashboard(handbook.posts, settings.kpis.targets,
                                  settings.programme.start, None))
    monkeypatch.setattr(exact_module, "read_posts_fast", lambda *args, **kwargs: None)
    handbook, _ = load_handbook(DEMO, "charters/demo")
    exact_json = as_json(dashboard(handbook.posts, settings.kpis.targets,
                                   settings.programme.start, None))
    assert fast_json == exact_json
    assert '"impressions"' in fast_json


@pytest.mark.parametrize("body", [
    ROW.replace("ana", '"ana, senior"'),  # a quote: CSV readers differ on malformed ones
    ROW.replace(",0\n", ",\n"),  # an empty leads cell (or a row one value short)
    ROW.replace("\n", "\r\n"),  # CRLF is fine...
    ROW + "\n" + ROW,  # a blank line is not a row
    ROW.replace("employee", " Employee "),  # spelled otherwise than the fast path accepts
    ROW.replace("800", "+800"),
    ROW.replace("800", " 800"),
    ROW.replace("2027-02-10", " 2027-02-10"),
    ROW.replace(",0\n", ", \n"),  # a leads cell of spaces is 0 for both
    ROW.replace("800", "\t+0800"),  # polars and Python's int() read the same number
])
def test_unusual_but_valid_files_give_the_exact_readers_result(tmp_path, body):
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW + body, encoding="utf-8", newline="")
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert problems == []
    assert (posts, problems) == exact(export)
    assert posts.rows == (ROW + body).count("2027-")


@pytest.mark.parametrize("body, fast_reads", [
    (ROW, True), (ROW.replace(",true,", ",True,"), False), (ROW.replace("\n", "\r"), False),
    (ROW.replace("solar", "so\x00lar"), False), (ROW.replace("800", "1000000000000"), False),
    (ROW.replace("800", "999999999999"), True), (ROW.replace(",20,2,", ",20,,"), False),
    (ROW.replace("2027-02-10", "2027-02-30"), False),
    (ROW.replace("800", "-800"), False), (ROW.replace("800", "-0"), True),
    (ROW.replace("800", "8_00"), False),  # Python's int() takes it: the exact reader's call
    (ROW.replace("solar", "so\x07lar"), False),  # the exact reader reports control characters
    (ROW.replace("ana", " "), False), (ROW + "\n", False),
    (ROW + ROW.replace(",0\n", "\n"), False),
    (ROW.replace(",0\n", ",\n"), True),  # an empty leads cell is 0, in a file with no short row
])
def test_the_fast_path_hands_back_what_it_is_not_sure_of(tmp_path, body, fast_reads):
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + body, encoding="utf-8", newline="")
    assert (read_posts_fast(export, "posts.csv", {}) is not None) == fast_reads


def test_a_post_after_the_latest_date_is_left_to_the_exact_reader(tmp_path):
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW, encoding="utf-8")
    assert read_posts_fast(export, "posts.csv", {}, latest=dt.date(2027, 2, 10)) is not None
    assert read_posts_fast(export, "posts.csv", {}, latest=dt.date(2027, 2, 9)) is None


def test_without_polars_the_exact_reader_reads(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "polars", None)  # import polars raises ImportError
    assert not available()
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW, encoding="utf-8")
    assert read_posts_fast(export, "posts.csv", {}) is None
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert problems == [] and posts.rows == 1


@pytest.mark.slow
def test_a_bad_cell_deep_in_a_million_rows_is_reported_at_its_line(tmp_path):
    export = tmp_path / "posts.csv"
    bad_line = 876_543  # the header is line 1
    with open(export, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        handle.write(ROW * (bad_line - 2))
        handle.write(ROW.replace(",20,", ",2O,"))  # a letter O for a zero
        handle.write(ROW * (1_000_000 - bad_line + 1))
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert posts is None
    assert [str(problem) for problem in problems] == [
        f"posts.csv:{bad_line}:7: error: column 'reactions': '2O' is not a whole number"]


def test_a_short_row_is_reported_by_the_exact_reader(tmp_path):
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW + ROW.replace(",0\n", "\n"), encoding="utf-8")
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert posts is None
    assert [str(problem) for problem in problems] == [
        ("posts.csv:3:11: error: this row has 10 values but the header has 11 columns (fewer); "
         "look for a missing or extra separator, or a value with a separator in it that needs "
         "quotes")]


def test_the_demo_folder_reads_its_export_with_the_fast_path(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    export = folder / "data" / "posts.csv"
    assert read_posts_fast(export, "posts.csv", {"impressions": "views"}) is not None


def test_an_export_without_leads_and_with_semicolons_is_read_fast(tmp_path):
    export = tmp_path / "posts.csv"
    header = HEADER.removesuffix(",leads\n").replace(",", ";") + "\n"
    export.write_text(header + ROW.removesuffix(",0\n").replace(",", ";") + "\n",
                      encoding="utf-8")
    fast = read_posts_fast(export, "posts.csv", {}, LATEST)
    assert fast is not None and not fast.has_leads
    assert fast == exact(export)[0]


@pytest.mark.parametrize("body", [
    ROW.replace("solar", "so\x07lar"),
    ROW.replace("800", "-800"),
    # An empty leads cell (read as 0), then a short row (reported).
    ROW + ROW.replace(",0\n", ",\n") + ROW.replace(",0\n", "\n"),
])
def test_a_bad_cell_the_fast_path_met_is_reported_as_the_exact_reader_reports_it(tmp_path, body):
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW + body, encoding="utf-8")
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert posts is None and problems
    assert (posts, problems) == exact(export)


def test_columns_the_kpis_do_not_need_are_skipped_but_still_checked(tmp_path):
    export = tmp_path / "posts.csv"
    header = HEADER.replace("author,", "author,url,").replace("\n", ",note\n")
    rows = [ROW.replace("ana,", "ana,https://example.org/1,").replace("\n", ",first\n"),
            ROW.replace("ana,", "ana,,").replace("\n", ",\n")]  # empty extra cells
    export.write_text(header + "".join(rows), encoding="utf-8")
    fast = read_posts_fast(export, "posts.csv", {}, LATEST)
    assert fast is not None and fast.rows == 2
    assert fast == exact(export)[0]
    # A row one value short, the last one, which the KPIs do not need.
    export.write_text(header + rows[0] + rows[0].replace(",first\n", "\n"), encoding="utf-8")
    assert read_posts_fast(export, "posts.csv", {}, LATEST) is None
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert posts is None and [problem.line for problem in problems] == [3]
    # A byte that is not UTF-8 in a column it skips: the exact reader says where.
    export.write_bytes((header + rows[0]).encode() + rows[1].replace(",,", ",\xe9,").encode(
        "latin-1"))
    assert read_posts_fast(export, "posts.csv", {}, LATEST) is None
    posts, problems = read_posts(export, "posts.csv", {}, until=LATEST)
    assert posts is None and [problem.line for problem in problems] == [3]


def test_one_column_named_for_two_is_left_to_the_exact_reader(tmp_path):
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW, encoding="utf-8")
    names = {"clicks": "shares"}
    assert read_posts_fast(export, "posts.csv", names, LATEST) is None
    posts, problems = read_posts(export, "posts.csv", names, until=LATEST)
    assert problems == [] and posts.cells[0].sums.clicks == 2


def test_both_readers_group_the_voices_by_month_and_track(tmp_path):
    export = tmp_path / "posts.csv"
    rows = [ROW, ROW.replace("ana", " ana"),  # one voice, however the cell is spaced
            ROW.replace("ana,employee", "bob,expert"),
            ROW.replace("2027-02-10,ana,employee", "2027-03-01,ana,expert"),
            ROW.replace("ana,employee", "carl,external")]  # not an internal voice
    export.write_text(HEADER + "".join(rows), encoding="utf-8")
    fast = read_posts_fast(export, "posts.csv", {}, LATEST)
    assert fast is not None
    assert fast.authors == (("2027-02", "employee", frozenset({"ana"})),
                            ("2027-02", "expert", frozenset({"bob"})),
                            ("2027-03", "expert", frozenset({"ana"})))
    assert fast == exact(export)[0]
    assert fast.voices("expert") == frozenset({"ana", "bob"})
    assert fast.voices("expert", {"2027-03"}) == frozenset({"ana"})
    assert fast.voices("leader") == frozenset()


def test_a_process_that_read_fast_skips_the_collections_at_exit(tmp_path):
    # Run last at exit (atexit goes in reverse), the probe sees what the fast path left.
    export = tmp_path / "posts.csv"
    export.write_text(HEADER + ROW, encoding="utf-8")
    probe = ("import atexit, gc, sys; from pathlib import Path; "
             "atexit.register(lambda: print('frozen' if gc.get_freeze_count() else 'walked')); "
             "from generator.inputs.posts_fast import read_posts_fast; "
             "print('read' if read_posts_fast(Path(sys.argv[1]), 'p', {}) else 'left')")
    run = subprocess.run([sys.executable, "-c", probe, str(export)], capture_output=True,
                         text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                         check=True)
    assert run.stdout.split() == ["read", "frozen"]
