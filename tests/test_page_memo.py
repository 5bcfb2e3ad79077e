"""site/render.py's PageMemo: a page is taken from the memo only when every name it read,
through what it includes and imports too, has an equal value; the live preview relies on it
(tests/test_preview.py compares its sites with whole builds)."""

from __future__ import annotations

import dataclasses

import jinja2
import pytest

from generator.inputs.handbook import load_handbook
from generator.site import render
from generator.site.facts import programme_facts
from generator.site.plan import Page, plan_site
from generator.site.render import PageMemo, render_site

from .conftest import DEMO


@pytest.fixture(scope="module")
def demo():
    handbook, _ = load_handbook(DEMO)
    return programme_facts(handbook), plan_site(handbook)


def counting(monkeypatch) -> list[str]:
    """The pages rendered from here on (not taken from a memo), by path."""
    rendered: list[str] = []
    original = jinja2.Template.render

    def render_counted(self, *args, **kwargs):
        if "page_path" in kwargs:
            rendered.append(kwargs["page_path"])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", render_counted)
    return rendered


@pytest.mark.parametrize("index", [0, 1], ids=["fr", "en"])
def test_the_memo_gives_the_same_pages_and_renders_none_again(demo, monkeypatch, index):
    facts, plans = demo
    plan, memo = plans[index], PageMemo()
    plain = render_site(plan, facts)
    assert render_site(plan, facts, memo) == plain
    rendered = counting(monkeypatch)
    # Equal values in new objects, as the preview has after reading the folder again.
    again, _ = load_handbook(DEMO)
    assert render_site(plan_site(again)[index], programme_facts(again), memo) == plain
    assert rendered == []


def test_a_changed_kit_renders_again_the_pages_that_read_it(demo, monkeypatch):
    facts, plans = demo
    plan, memo = plans[0], PageMemo()
    render_site(plan, facts, memo)
    kit_id, kit = facts.kits[0]
    changed = kit.model_copy(update={"title": "Un titre que personne n'a lu"})
    kits = tuple((kid, changed if kid == kit_id else other) for kid, other in facts.kits)
    edited = dataclasses.replace(facts, kits=kits, kits_by_id={**facts.kits_by_id,
                                                              kit_id: changed})
    rendered = counting(monkeypatch)
    pages = render_site(plan, edited, memo)
    showing = sorted(path for path, text in pages.items() if "Un titre que personne" in text)
    assert showing  # the kits' index at least
    assert set(showing) <= set(rendered)
    assert len(rendered) < len(plan.pages) / 2  # the others came from the memo
    assert pages == render_site(plan, edited)


def test_a_changed_person_renders_again_the_pages_naming_them(demo, monkeypatch):
    facts, plans = demo
    plan, memo = plans[0], PageMemo()
    render_site(plan, facts, memo)
    role, people = next(iter(facts.people_by_role.items()))
    renamed = people[0].model_copy(update={"name": "Quelqu'un d'autre"})
    edited = dataclasses.replace(
        facts, people_by_role={**facts.people_by_role, role: (renamed, *people[1:])},
        people=tuple(renamed if person.id == renamed.id else person
                     for person in facts.people))
    counting(monkeypatch)
    pages = render_site(plan, edited, memo)
    assert any("Quelqu'un d'autre" in text for text in pages.values())
    assert pages == render_site(plan, edited)


LOADER = jinja2.DictLoader({
    "page.md": "{% from 'macros.md' import named with context %}{{ named() }}"
               "|{% include 'part.md' %}|{{ own }}",
    "macros.md": "{% macro named() %}{{ name }}{% endmacro %}",
    "part.md": "{{ included }}",
})


@pytest.mark.parametrize("read_in", ["name", "included", "own"])
def test_a_name_read_by_an_import_or_an_include_is_followed(read_in):
    env = jinja2.Environment(loader=LOADER)
    env.context_class = render._ReadingContext
    template, memo = env.get_template("page.md"), PageMemo()
    values = {"name": "a", "included": "b"}
    page = Page("page.md", "page.md", {"own": "c"})
    assert memo.render(template, env, values, page) == "a|b|c"
    if read_in == "own":
        page = Page("page.md", "page.md", {"own": "changed"})
    else:
        values = {**values, read_in: "changed"}
    expected = "|".join("changed" if key == read_in else value for key, value in
                        (("name", "a"), ("included", "b"), ("own", "c")))
    assert memo.render(template, env, values, page) == expected
