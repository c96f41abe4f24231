"""sitemap.xml: every entry page, plus the pages that are not search results."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from errors.models import ErrorEntry


class EntrySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return ErrorEntry.objects.order_by("source_position", "id").only(
            "slug", "updated_at"
        )

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
