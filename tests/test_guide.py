"""The user guide (docs/): builds in strict mode in both languages, documents every command and
option of the CLI, carries the generated input reference, and ships CI files that parse."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click
import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from generator.build.mkdocs import run_mkdocs
from generator.cli.main import cli
from generator.site.reference import input_reference, reference_keys

from .conftest import REPO, golden

DOCS = REPO / "docs"
LANGUAGES = ("fr", "en")
PAGES = ("index", "commands", "reference", "charter", "workshop", "kits", "steering", "publishing",
         "groups")


def guide_text(lang: str) -> str:
    return "\n".join(path.read_text(encoding="utf-8")
                     for path in sorted((DOCS / lang / "pages").glob("*.md")))


GUIDE_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # any: the guide's sitemap is not compared


@pytest.fixture(scope="module")
def guide_sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("guide")
    for lang in LANGUAGES:
        # Strict, with links and anchors validated: any warning fails the build.
        run_mkdocs(DOCS / lang / "mkdocs.yml", root / lang, GUIDE_DATE)
    return {lang: root / lang for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_builds_in_strict_mode(guide_sites, lang):
    site = guide_sites[lang]
    for page in PAGES:
        assert (site / f"{page}.html").is_file(), page
    soup = BeautifulSoup((site / "publishing.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    switcher = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
    assert switcher == ({"fr": "./publishing.html", "en": "./en/publishing.html"} if lang == "fr"
                        else {"fr": "./../publishing.html", "en": "./publishing.html"})


def test_both_languages_have_the_same_pages_and_headings():
    for page in PAGES:
        levels = {lang: re.findall(r"^(#+) ", (DOCS / lang / "pages" / f"{page}.md").read_text(
            encoding="utf-8"), flags=re.MULTILINE) for lang in LANGUAGES}
        assert levels["fr"] == levels["en"], page


def cli_surface() -> list[str]:
    """`handbook <command>` for every command, and every option's spellings, from click."""
    words = ["--version"]
    words += [opt for param in cli.params for opt in param.opts]
    words += ["-h", "--help"]
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command.name == name  # the command line's table names each command right
        words.append(f"handbook {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                words += param.opts
    return words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_and_option_is_in_the_guide(lang):
    assert "handbook new" in cli_surface() and "--maturity" in cli_surface()
    text = guide_text(lang)
    missing = [word for word in cli_surface()
               if not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_input_reference_is_generated_from_the_schema(lang):
    golden(DOCS / lang / "pages" / "reference.md", input_reference(lang))


def test_every_schema_key_is_in_the_reference():
    keys = list(reference_keys())
    assert "handbook.yml: programme.tracks.leaders.members[].territory" in keys
    for lang in LANGUAGES:
        page = (DOCS / lang / "pages" / "reference.md").read_text(encoding="utf-8")
        sections = dict(re.findall(r"^## `([^`]+)`\n(.*?)(?=^## |\Z)", page,
                                   flags=re.MULTILINE | re.DOTALL))
        for key in keys:
            filename, path = key.split(": ")
            assert f"| `{path}` |" in sections[filename], (lang, key)


# --- publishing recipes -----------------------------------------------------------------------

def load_yaml(name: str):
    return YAML(typ="safe").load((DOCS / "publishing" / name).read_text(encoding="utf-8"))


def test_the_gitlab_pages_file_has_what_gitlab_needs():
    config = load_yaml(".gitlab-ci.yml")
    job = config["pages"]  # GitLab publishes the artifacts of the job named `pages`
    assert job["artifacts"]["paths"] == ["public"]
    assert any(line.startswith("handbook build ") and "--strict" in line and "-o public" in line
               for line in job["script"])
    assert "pip install ." in job["script"]
    assert config["image"].startswith("python:3.")


def test_the_github_pages_workflow_has_what_github_needs():
    workflow = load_yaml("github-pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    runs = [step.get("run", "") for step in build["steps"]]
    assert uses[0].startswith("actions/checkout@")
    assert any(line.startswith("handbook build ") and "--strict" in line and "-o public" in line
               for line in runs)
    upload = next(step for step in build["steps"]
                  if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "public"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["nginx.conf", "apache.conf", ".gitlab-ci.yml",
                                  "github-pages.yml", "azure-static-web-apps.yml",
                                  "azure-pipelines.yml"])
def test_the_publishing_page_shows_each_file_as_it_is(lang, name):
    page = (DOCS / lang / "pages" / "publishing.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```\w+\n(.*?)^```$", page, flags=re.MULTILINE | re.DOTALL)
    assert (DOCS / "publishing" / name).read_text(encoding="utf-8") in blocks


def test_the_azure_recipes_build_strictly_and_deploy_the_built_site():
    workflow = load_yaml("azure-static-web-apps.yml")
    steps = workflow["jobs"]["deploy"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "handbook build charters/acme --strict -o site" in runs
    assert "handbook teams-app charters/acme -o teams-app.zip" in runs
    deploy = next(s for s in steps if s.get("uses", "").startswith("Azure/static-web-apps-deploy@"))
    assert deploy["with"]["app_location"] == "site" and deploy["with"]["skip_app_build"] is True
    assert "secrets.AZURE_STATIC_WEB_APPS_API_TOKEN" in deploy["with"][
        "azure_static_web_apps_api_token"]
    pipeline = load_yaml("azure-pipelines.yml")
    scripts = [step.get("script", "") for step in pipeline["steps"]]
    assert "handbook build charters/acme --strict -o site" in scripts
    task = next(s for s in pipeline["steps"] if s.get("task") == "AzureStaticWebApp@0")
    assert task["inputs"]["app_location"] == "site" and task["inputs"]["skip_app_build"] is True


def test_the_web_server_recipes_restrict_access():
    nginx = (DOCS / "publishing" / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s+deny\s+all;", nginx, flags=re.MULTILINE)
    assert nginx.count("{") == nginx.count("}")
    apache = (DOCS / "publishing" / "apache.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s+Require ip ", apache, flags=re.MULTILINE)
    assert "Options -Indexes" in apache
