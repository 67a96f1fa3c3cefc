"""Open-data routes outside the language prefixes: Europass ELM documents, CSV/JSON downloads, Atom
feeds and the sitemap. Full paths, so that zrk/urls.py includes this module at the root."""

from django.urls import path

from qualifications.exports import downloads, elm, elm_file, feeds, sitemaps

urlpatterns = [
    path("api/v1/qualifications/<int:zrk_id>.elm.xml", elm.elm_qualification, name="elm_qualification"),
    path("api/v1/elm/qualifications.xml", elm_file.elm_register, name="elm_register"),
    path("api/v1/downloads/qualifications.csv", downloads.qualifications_csv, name="download_qualifications_csv"),
    path("api/v1/downloads/qualifications.json", downloads.qualifications_json, name="download_qualifications_json"),
    path("api/v1/downloads/institutions.csv", downloads.institutions_csv, name="download_institutions_csv"),
    path("api/v1/downloads/institutions.json", downloads.institutions_json, name="download_institutions_json"),
    path("feeds/qualifications.pl.atom", feeds.feed_pl, name="feed_qualifications_pl"),
    path("feeds/qualifications.en.atom", feeds.feed_en, name="feed_qualifications_en"),
    path("feeds/search.pl.atom", feeds.search_feed_pl, name="feed_search_pl"),
    path("feeds/search.en.atom", feeds.search_feed_en, name="feed_search_en"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
]
