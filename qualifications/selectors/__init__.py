"""Read-side queries of the public pages, one module per page.

Plain functions returning querysets, lists and dicts for the views; every page runs a fixed number of
SQL queries whatever the number of rows. The search results and the statistics keep their own homes
(``qualifications.search``, ``qualifications.statistics``).
"""
