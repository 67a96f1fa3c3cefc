"""The qualification search: the text query (``text``), the facets (``facets``), the one pipeline
that the search page, the API and the downloads share (``pipeline``), and the SQL of the search
document, one file per version (``versions``, ``sql/``)."""

from qualifications.search.text import TextSearch, fold, highlight, parse_terms, search

__all__ = ["TextSearch", "fold", "highlight", "parse_terms", "search"]
