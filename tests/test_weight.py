"""Page weight: the home page with its CSS, JS and icon, gzip-compressed, under 60 KB.

`make weight` runs this file and prints the figure.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

BUDGET_BYTES = 60 * 1024
ASSET_RE = re.compile(r'<(?:link|script|img)\b[^>]*?\s(?:href|src)="([^"]+)"')


def compressed_size(content: bytes) -> int:
    # Level 9, as WhiteNoise compresses static files.
    return len(gzip.compress(content, compresslevel=9))


def static_file(url: str) -> bytes:
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not a static file of the portal"
    with open(path, "rb") as file:
        return file.read()


def asset_urls(html: str) -> list[str]:
    return ASSET_RE.findall(html)


def test_every_asset_is_served_by_the_portal(client, catalogue):
    entry = catalogue.first()
    for url in [
        "/",
        "/?q=InvalidParameter",
        entry.get_absolute_url(),
        "/stats/",
        "/api/",
    ]:
        html = client.get(url).content.decode()
        for asset in asset_urls(html):
            local = asset.startswith("/") and not asset.startswith("//")
            assert local or asset.startswith("http://testserver/"), (
                f"{url} loads {asset}"
            )


def test_home_page_with_css_and_js_is_under_budget(client, catalogue, capsys):
    html = client.get("/").content
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.decode())
    scripts = re.findall(r'<script src="([^"]+)"', html.decode())
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html.decode())
    assert stylesheets and scripts
    sizes = {"/ (HTML)": (len(html), compressed_size(html))}
    for url in stylesheets + scripts + icons:
        content = static_file(url)
        sizes[url] = (len(content), compressed_size(content))
    total = sum(compressed for _, compressed in sizes.values())
    with capsys.disabled():
        print("\nPage weight of the home page (gzip -9):")
        for url, (raw, compressed) in sizes.items():
            print(
                f"  {url:<32} {raw / 1024:6.1f} KB raw  {compressed / 1024:6.1f} KB compressed"
            )
        print(
            f"  {'total':<32} {'':>15}  {total / 1024:6.1f} KB of {BUDGET_BYTES // 1024} KB"
        )
    assert total < BUDGET_BYTES, (
        f"home page weighs {total} bytes compressed, over {BUDGET_BYTES}"
    )


@pytest.mark.parametrize(
    "text",
    ['<script src="https://cdn.example/x.js">', '<link href="//cdn.example/x.css">'],
)
def test_asset_pattern_sees_external_assets(text):
    assert asset_urls(text)[0].startswith(("https:", "//"))
