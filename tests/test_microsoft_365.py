"""Publishing on Microsoft 365: staticwebapp.config.json, the Teams app package, the Teams
library inside a frame, and the built site in the Azure Static Web Apps CLI's emulator.

The schemas come from npm packages that package-lock.json pins (./scripts/test installs them):
- @azure/static-web-apps-cli ships schema/staticwebapp.config.json, its copy of
  https://json.schemastore.org/staticwebapp.config.json, which the CLI validates with;
- @microsoft/app-manifest ships Microsoft's Teams app manifest schemas,
  https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json and its
  MicrosoftTeams.Localization.schema.json.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import signal
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from PIL import Image

from generator.build.pipeline import build_handbook
from generator.cli.teams import teams_app
from generator.publish.hosting import TEAMS_LIBRARY, TEAMS_LIBRARY_VERSION

from .browser import NODE_MODULES, Guard, require, serve
from .conftest import FIXTURES, MINIMAL

# Each test builds a site, serves it or drives a browser: seconds, not milliseconds.
pytestmark = pytest.mark.slow

M365 = FIXTURES / "microsoft-365"
TENANT = "3f0c2a8e-5b1d-4c7a-9e64-2d8b7f1a0c35"
SWA_SCHEMA = NODE_MODULES / "@azure" / "static-web-apps-cli" / "schema" / "staticwebapp.config.json"
TEAMS_SCHEMAS = NODE_MODULES / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
MICROSOFT_HOSTS = re.compile(r"^https://(\*\.)?([a-z0-9-]+\.)*(microsoft\.com|skype\.com|"
                             r"cloud\.microsoft|office\.com|office365\.com|microsoft365\.com)$")


def load_schema(path: Path) -> dict:
    return json.loads(require(path, "npm ci --ignore-scripts").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def m365_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("m365") / "site"
    build_handbook(M365, output, display="m365", printables=False)
    return output


@pytest.fixture(scope="module")
def swa_config(m365_site) -> dict:
    return json.loads((m365_site / "staticwebapp.config.json").read_text(encoding="utf-8"))


# --- staticwebapp.config.json ----------------------------------------------------------------

def test_the_config_is_valid_against_the_published_schema(swa_config):
    jsonschema.Draft4Validator(load_schema(SWA_SCHEMA)).validate(swa_config)


def test_every_route_requires_sign_in_and_anonymous_visitors_go_to_the_login(swa_config):
    routes = swa_config["routes"]
    assert routes[-1] == {"route": "/*", "allowedRoles": ["authenticated"]}
    assert swa_config["responseOverrides"]["401"] == {
        "statusCode": 302, "redirect": "/.auth/login/aad?post_login_redirect_uri=.referrer"}


def test_sign_in_is_the_tenants_entra_id_with_credentials_from_app_settings(swa_config):
    registration = swa_config["auth"]["identityProviders"]["azureActiveDirectory"]["registration"]
    assert registration == {
        "openIdIssuer": f"https://login.microsoftonline.com/{TENANT}/v2.0",
        "clientIdSettingName": "AZURE_CLIENT_ID",
        "clientSecretSettingName": "AZURE_CLIENT_SECRET",
    }
    assert list(swa_config["auth"]["identityProviders"]) == ["azureActiveDirectory"]


def test_other_providers_are_blocked_and_logout_is_a_route(swa_config):
    routes = {route["route"]: route for route in swa_config["routes"]}
    assert routes["/.auth/login/github"] == {"route": "/.auth/login/github", "statusCode": 404}
    assert routes["/.auth/login/twitter"] == {"route": "/.auth/login/twitter", "statusCode": 404}
    assert routes["/logout"]["redirect"] == "/.auth/logout"


def test_missing_pages_get_the_sites_404_page(swa_config, m365_site):
    rewrite = swa_config["responseOverrides"]["404"]["rewrite"]
    assert rewrite == "/404.html" and (m365_site / "404.html").is_file()


def test_headers_keep_search_engines_out_and_frames_to_microsoft(swa_config):
    headers = swa_config["globalHeaders"]
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    directives = dict(d.split(" ", 1) for d in headers["Content-Security-Policy"].split("; "))
    ancestors = directives["frame-ancestors"].split()
    assert "https://teams.microsoft.com" in ancestors and "https://*.cloud.microsoft" in ancestors
    assert all(MICROSOFT_HOSTS.match(host) for host in ancestors), ancestors
    assert directives["default-src"] == "'self'" and directives["connect-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]


def test_the_csp_admits_exactly_the_inline_scripts_of_the_pages(swa_config, m365_site):
    allowed = set(re.findall(r"'sha256-[^']+'", swa_config["globalHeaders"][
        "Content-Security-Policy"]))
    found = set()
    for page in m365_site.rglob("*.html"):
        for script in re.findall(rb"<script>(.*?)</script>", page.read_bytes(), re.DOTALL):
            found.add("'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode()
                      + "'")
    assert found and found == allowed


def test_mime_types_of_the_sites_files(swa_config):
    assert swa_config["mimeTypes"] == {
        ".ics": "text/calendar; charset=utf-8", ".pdf": "application/pdf",
        ".webmanifest": "application/manifest+json", ".zip": "application/zip"}


def test_no_config_and_no_teams_script_without_microsoft_365(tmp_path):
    output = tmp_path / "site"
    build_handbook(MINIMAL, output, printables=False)
    assert not (output / "staticwebapp.config.json").exists()
    assert not (output / "assets" / "javascripts" / "MicrosoftTeams.min.js").exists()
    assert "teams.js" not in (output / "index.html").read_text(encoding="utf-8")


def test_the_teams_library_is_served_from_every_language(m365_site):
    for prefix in ("", "en/"):
        page = (m365_site / prefix / "index.html").read_text(encoding="utf-8")
        assert 'src="assets/javascripts/teams.js"' in page
        assert (m365_site / prefix / "assets/javascripts/MicrosoftTeams.min.js").read_bytes() \
            == TEAMS_LIBRARY.read_bytes()


def test_the_vendored_library_is_the_npm_packages():
    package = NODE_MODULES / "@microsoft" / "teams-js"
    assert json.loads(require(package / "package.json", "npm ci --ignore-scripts")
                      .read_text())["version"] == TEAMS_LIBRARY_VERSION
    assert (package / "dist/umd/MicrosoftTeams.min.js").read_bytes() == TEAMS_LIBRARY.read_bytes()


# --- the Teams app package ---------------------------------------------------------------------

def make_package(folder: Path, output: Path) -> bytes:
    result = CliRunner().invoke(teams_app, [str(folder), "-o", str(output)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return output.read_bytes()


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> zipfile.ZipFile:
    data = make_package(M365, tmp_path_factory.mktemp("teams") / "app.zip")
    return zipfile.ZipFile(io.BytesIO(data))


def test_the_manifest_is_valid_for_its_version(package):
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["manifestVersion"] == "1.25"
    schema = load_schema(TEAMS_SCHEMAS / "v1.25" / "MicrosoftTeams.schema.json")
    jsonschema.Draft4Validator(schema).validate(manifest)
    assert sorted(package.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]


def test_the_manifests_names_urls_and_domains(package):
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["name"] == {"short": "Acme Conseil",
                                "full": "Acme Conseil : guide de l'advocacy"}
    assert len(manifest["description"]["short"]) <= 80
    assert manifest["validDomains"] == ["handbook.example.com"]
    tabs = {tab["entityId"]: tab for tab in manifest["staticTabs"]}
    assert list(tabs) == ["home", "charter", "can-i-post"]
    assert tabs["charter"]["contentUrl"] == "https://handbook.example.com/charter.html"
    assert tabs["can-i-post"]["contentUrl"] == "https://handbook.example.com/can-i-post.html"
    urls = [tab[key] for tab in tabs.values() for key in ("contentUrl", "websiteUrl")]
    urls += [value for key, value in manifest["developer"].items() if key.endswith("Url")]
    assert all(url.startswith("https://handbook.example.com/") for url in urls)
    assert manifest["localizationInfo"] == {
        "defaultLanguageTag": "fr-fr",
        "additionalLanguages": [{"languageTag": "en-us", "file": "en.json"}]}


def test_the_localization_file_of_the_second_language(package):
    english = json.loads(package.read("en.json"))
    schema = load_schema(TEAMS_SCHEMAS / "v1.25" / "MicrosoftTeams.Localization.schema.json")
    jsonschema.Draft4Validator(schema).validate(english)
    assert english["name.full"] == "Acme Conseil: advocacy handbook"
    assert english["staticTabs[0].name"] == "Home"
    assert english["staticTabs[1].name"] == "Charter"


def test_the_icons_sizes_and_the_outlines_pixels(package):
    colour = Image.open(io.BytesIO(package.read("color.png")))
    assert colour.size == (192, 192)
    outline = Image.open(io.BytesIO(package.read("outline.png"))).convert("RGBA")
    assert outline.size == (32, 32)
    data = outline.tobytes()
    pixels = [tuple(data[i:i + 4]) for i in range(0, len(data), 4)]
    assert {pixel[:3] for pixel in pixels} == {(255, 255, 255)}  # white only
    alphas = [pixel[3] for pixel in pixels]
    assert alphas.count(0) > 32 * 32 // 2  # transparent around the shape
    assert sum(1 for alpha in alphas if alpha >= 128) > 32  # and a shape to see


def test_the_outline_is_the_logos_shape(tmp_path):
    folder = tmp_path / "org"
    shutil.copytree(M365, folder)
    (folder / "logo.svg").write_text(  # a bold ring: transparent inside and around
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<circle cx="50" cy="50" r="40" fill="none" stroke="#c00" stroke-width="16"/></svg>')
    with (folder / "handbook.yml").open("a") as file:
        file.write("branding: {logo: logo.svg}\n")
    data = make_package(folder, tmp_path / "app.zip")
    outline = Image.open(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read("outline.png")))
    outline = outline.convert("RGBA")
    assert outline.getpixel((16, 16))[3] == 0  # the ring's hole
    assert outline.getpixel((16, 4))[3] > 240  # the ring, at the top
    assert outline.getpixel((0, 0))[3] == 0


def test_two_runs_give_the_same_bytes_and_the_app_keeps_its_id(tmp_path):
    first = make_package(M365, tmp_path / "one.zip")
    assert make_package(M365, tmp_path / "two.zip") == first
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(first)).read("manifest.json"))
    assert manifest["id"] == "e58536e3-5fc6-5fa8-8eda-879c9d760bd8"


def test_a_given_teams_app_id_is_kept(tmp_path):
    folder = tmp_path / "org"
    shutil.copytree(M365, folder)
    with (folder / "handbook.yml").open("a") as file:
        file.write("    teams_app_id: 0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D\n")
    data = make_package(folder, tmp_path / "app.zip")
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    assert manifest["id"] == "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def test_teams_app_without_microsoft_365_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "org")
    result = CliRunner().invoke(teams_app, ["org", "-o", "app.zip"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "org/handbook.yml:1:1: error: publishing: a Teams app needs the Microsoft 365 "
        "settings: add 'publishing:' with 'microsoft_365:' and the organisation's "
        "'tenant_id:' (see the publishing guide)")
    assert not (tmp_path / "app.zip").exists()


def test_a_malformed_tenant_id_is_a_positioned_error_with_exit_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(M365, tmp_path / "org")
    handbook = tmp_path / "org" / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("2D8B7F1A0C35", "2D8B7F1A0C3"))
    result = CliRunner().invoke(teams_app, ["org", "-o", "app.zip"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "org/handbook.yml:21:16: error: publishing.microsoft_365.tenant_id: "
        "'3F0C2A8E-5B1D-4C7A-9E64-2D8B7F1A0C3' must be a GUID, 32 hexadecimal digits grouped "
        "8-4-4-4-12, like '3f0c2a8e-5b1d-4c7a-9e64-2d8b7f1a0c35' (Entra ID shows the "
        "tenant's on its overview page)")
    assert not (tmp_path / "app.zip").exists()


def test_a_photo_logo_is_a_warning_and_the_outline_shows_the_initial(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(M365, tmp_path / "org")
    Image.effect_mandelbrot((120, 90), (-2, -1.2, 1, 1.2), 60).convert("RGB").save(
        tmp_path / "org" / "photo.jpg")
    with (tmp_path / "org" / "handbook.yml").open("a") as file:
        file.write("branding: {logo: photo.jpg}\n")
    from .conftest import run

    result = run("check", "org")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "org/handbook.yml:22:18: warning: branding.logo: Teams' 32×32 outline icon shows only "
        "the logo's shape, in white, and this logo fills 100% of its own outline: a photo or "
        "a logo on a plain background gives a white block, so the icon shows the initial "
        "instead. For the logo's shape, use a logo with a transparent background (SVG or PNG)")
    assert run("check", "--strict", "org").exit_code == 1


# --- inside Teams: a page in a cross-origin frame ----------------------------------------------

HOST_PAGE = """<!doctype html><title>host</title>
<script>
  window.received = [];
  window.addEventListener("message", (event) => window.received.push(event.data));
</script>
<iframe src="{src}" width="1000" height="700"></iframe>"""


def test_a_framed_page_initialises_the_teams_library_without_leaving_the_site(
        chromium, m365_site, tmp_path):
    host = tmp_path / "host"
    host.mkdir()
    with serve(m365_site) as site, serve(host) as host_url:
        (host / "index.html").write_text(HOST_PAGE.format(src=site + "charter.html"))
        context = chromium.new_context()
        # The site and the "Teams" page: two loopback ports, so two origins.
        guard = Guard(context, "http://127.0.0.1:")
        page = context.new_page()
        guard.watch(page)
        messages = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(host_url + "index.html")
        frame = page.frame_locator("iframe")
        frame.locator("h1").first.wait_for()
        inner = next(f for f in page.frames if f.url.startswith(site))
        inner.wait_for_function("window.handbookTeams.state !== 'loading'")
        state = inner.evaluate("window.handbookTeams")
        assert state["state"] in ("initialising", "initialised"), state
        assert inner.evaluate("typeof microsoftTeams.app.initialize") == "function"
        assert inner.evaluate("document.documentElement.classList.contains('hb-in-teams')")
        assert any(m.startswith("handbook: Teams client library 2.58.0 initialising")
                   for m in messages), messages
        # The library's handshake reached the host: app.initialize was called.
        page.wait_for_function("window.received.some(m => m && m.func === 'initialize')")
        context.close()
    assert guard.outside == []
    assert guard.errors == []


def test_an_unframed_page_loads_nothing_more(chromium, m365_site):
    with serve(m365_site) as site:
        context = chromium.new_context()
        guard = Guard(context, site)
        page = context.new_page()
        guard.watch(page)
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(site + "charter.html")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.handbookTeams.state") == "unframed"
        assert page.evaluate("typeof window.microsoftTeams") == "undefined"
        assert not any(url.endswith("MicrosoftTeams.min.js") for url in requested)
        context.close()
    assert guard.outside == [] and guard.errors == []


# --- the built site in the Azure Static Web Apps CLI's emulator ---------------------------------

SWA = NODE_MODULES / ".bin" / "swa"


@pytest.fixture(scope="module")
def emulator(m365_site, tmp_path_factory):
    """`swa start` from the site folder (it reads staticwebapp.config.json there), on a free
    loopback port; yields its base URL. Offline: the emulator's sign-in is its own."""
    import socket
    import subprocess
    import time
    import urllib.error
    import urllib.request

    require(SWA, "npm ci --ignore-scripts")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path_factory.mktemp("swa") / "emulator.log"  # a file: a full pipe would block it
    # A session of its own: the emulator starts its server through a shell, and the whole
    # group is stopped at the end (terminating the emulator alone left the server running).
    process = subprocess.Popen(
        [str(SWA), "start", ".", "--host", "127.0.0.1", "--port", str(port)],
        cwd=m365_site, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/.auth/me", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the SWA emulator did not start: {log.read_text()[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def emulated(url: str, signed_in: bool = False):
    """(status, headers, body) of a GET, redirects not followed."""
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url)
    if signed_in:  # the emulator's own session cookie: its client principal, in base64
        principal = {"identityProvider": "aad", "userId": "d1", "userDetails":
                      "ann@example.org", "userRoles": ["anonymous", "authenticated"],
                      "claims": []}
        cookie = base64.b64encode(json.dumps(principal).encode()).decode()
        request.add_header("Cookie", f"StaticWebAppsAuthCookie={cookie}")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", errors="replace")


@pytest.mark.parametrize("path", ["/charter.html", "/en/", "/assets/javascripts/teams.js"])
def test_the_emulator_sends_anonymous_visitors_to_the_login_and_back(emulator, path):
    status, headers, _ = emulated(emulator + path)
    assert status == 302
    from urllib.parse import quote

    assert headers["Location"] == f"/.auth/login/aad?post_login_redirect_uri={quote(path, safe='')}"


def test_the_emulator_serves_a_signed_in_employee_with_noindex(emulator):
    status, headers, body = emulated(emulator + "/charter.html", signed_in=True)
    assert status == 200
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "frame-ancestors https://teams.microsoft.com" in headers["Content-Security-Policy"]
    assert "<h1" in body


def test_the_emulator_refuses_github_sign_in(emulator):
    assert emulated(emulator + "/.auth/login/github")[0] == 404
    assert emulated(emulator + "/.auth/login/github", signed_in=True)[0] == 404


def test_the_emulator_answers_a_missing_page_with_the_sites_404(emulator, m365_site):
    status, _, body = emulated(emulator + "/nowhere.html", signed_in=True)
    assert status == 404
    assert body == (m365_site / "404.html").read_text(encoding="utf-8")


def test_an_unreadable_logo_is_a_warning_and_the_package_is_still_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(M365, tmp_path / "org")
    # An SVG that does not parse is refused by validation (inputs/svg.py); a picture no
    # library can read is only a warning for the icons.
    (tmp_path / "org" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n not a picture")
    with (tmp_path / "org" / "handbook.yml").open("a") as file:
        file.write("branding: {logo: logo.png}\n")
    from .conftest import run

    result = run("check", "org")
    assert result.stderr.splitlines()[0].startswith(
        "org/handbook.yml:22:18: warning: branding.logo: the logo cannot be read to make the "
        "Teams icons (")
    data = make_package(tmp_path / "org", tmp_path / "app.zip")
    colour = Image.open(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read("color.png")))
    assert colour.size == (192, 192)


def test_an_svg_logo_loads_no_external_file(tmp_path):
    from generator.core.icons import load_logo

    with serve(tmp_path) as base:
        (tmp_path / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' viewBox="0 0 10 10"><image xlink:href="{base}canary.png" width="10" height="10"/>'
            '<rect width="5" height="5"/></svg>')
        Image.new("RGBA", (10, 10), (255, 0, 0, 255)).save(tmp_path / "canary.png")
        logo = load_logo(tmp_path / "logo.svg", 40)
    # Only the rectangle is drawn: the canary image, red, was never fetched.
    assert logo.getpixel((30, 30))[3] == 0
