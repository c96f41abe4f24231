"""What search engines and browsers read about the portal.

Entry pages get a plain-text meta description and schema.org data; the site
gets robots.txt, sitemap.xml (every entry page, plus the pages that are not
search results) and an OpenSearch description so a browser can add the portal
as a search engine.
"""

import html
import json
import re

from django.contrib.sitemaps import Sitemap
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from errors.models import ErrorEntry
from errors.rendering import render_markdown

DESCRIPTION_MAX_CHARS = 160
HEADLINE_MAX_CHARS = 110  # schema.org headline, as search engines show it
SITE_NAME = "Error Portal"
WHITESPACE_RE = re.compile(r"\s+")

# The same escapes as django.utils.html.json_script: "</script>" or "<!--"
# inside a message cannot end the data block early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def plain_text(markdown_text: str) -> str:
    """Markdown as one line of plain text, without tags or entities."""
    text = html.unescape(strip_tags(render_markdown(markdown_text)))
    return WHITESPACE_RE.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def meta_description(entry: ErrorEntry) -> str:
    """The cause as plain text (then the solution, if room), ≤160 characters."""
    parts = [plain_text(entry.cause), plain_text(entry.solution)]
    text = " ".join(part for part in parts if part) or entry.message
    return shorten(text, DESCRIPTION_MAX_CHARS)


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block, escaped like json_script."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),
    )


def structured_data(request, entry: ErrorEntry) -> SafeString:
    """schema.org TechArticle for an entry page."""
    url = request.build_absolute_uri(entry.get_absolute_url())
    products = [product.name for product in entry.products.all()]
    keywords = [*entry.codes, *([str(entry.status)] if entry.status else []), *products]
    label = " ".join(part for part in [str(entry.status or ""), entry.code] if part)
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "TechArticle",
            "headline": shorten(entry.message, HEADLINE_MAX_CHARS),
            "name": f"{label}: {entry.message}" if label else entry.message,
            "description": meta_description(entry),
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": entry.created_at,
            "dateModified": entry.updated_at,
            "articleSection": entry.get_category_display(),
            "keywords": ", ".join(keywords),
            "about": [
                {"@type": "SoftwareApplication", "name": name} for name in products
            ],
            "isPartOf": {
                "@type": "WebSite",
                "name": SITE_NAME,
                "url": request.build_absolute_uri(reverse("errors:entry_list")),
            },
        }
    )


@require_safe
def robots_txt(request):
    """robots.txt: everything but the admin, and where the sitemap is."""
    sitemap = request.build_absolute_uri(reverse("errors:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links: the SVG icon."""
    return HttpResponsePermanentRedirect(static("errors/favicon.svg"))


@require_safe
def opensearch(request):
    """OpenSearch description: lets a browser add the portal as a search engine."""
    return render(
        request,
        "errors/opensearch.xml",
        {
            "site_name": SITE_NAME,
            "search_url": request.build_absolute_uri(reverse("errors:entry_list")),
            "self_url": request.build_absolute_uri(),
            "icon_url": request.build_absolute_uri(static("errors/favicon.svg")),
        },
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


class EntrySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return ErrorEntry.objects.in_catalogue_order().only("slug", "updated_at")

    def lastmod(self, entry):
        return entry.updated_at


class PageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["errors:entry_list", "errors:stats", "errors:api_docs"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"entries": EntrySitemap, "pages": PageSitemap}
