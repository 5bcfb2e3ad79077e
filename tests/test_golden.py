"""Golden files: the generated Material project of the minimal fixture, data pages and config.

Regenerate on purpose with HANDBOOK_REGENERATE=1 and review the diff. Chapters are left out:
they are prose, tested by test_content.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.inputs.handbook import load_handbook
from generator.site.facts import programme_facts
from generator.site.plan import plan_site
from generator.site.project import write_project
from generator.site.render import render_site

from .conftest import MINIMAL, REPO, golden

GOLDEN = Path(__file__).parent / "golden" / "minimal"


def generated_files(tmp_path: Path) -> dict[str, str]:
    handbook, _ = load_handbook(MINIMAL)
    facts = programme_facts(handbook)
    files: dict[str, str] = {}
    for plan in plan_site(handbook):
        data_pages = {page.path for page in plan.pages if page.template.startswith("pages/")}
        project = tmp_path / plan.lang
        write_project(plan, render_site(plan, facts), handbook, project)
        for path in sorted(project.rglob("*")):
            relative = path.relative_to(project).as_posix()
            in_docs = relative.removeprefix("docs/")
            if path.is_file() and (relative == "mkdocs.yml" or in_docs in data_pages
                                   or in_docs == "assets/brand.css"):
                text = path.read_text(encoding="utf-8").replace(str(REPO), "<repo>")
                files[f"{plan.lang}/{relative}"] = text
    return files


def test_generated_project_matches_golden_files(tmp_path):
    files = generated_files(tmp_path)
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    if expected or not files:
        assert sorted(files) == expected or pytest.fail("new or removed generated files")
    for relative, text in files.items():
        golden(GOLDEN / relative, text)
