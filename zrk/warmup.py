"""Each gunicorn worker opens its database connections before it takes a request (gunicorn.conf.py,
``post_worker_init``) and makes them load the text-search dictionaries.

PostgreSQL loads a hunspell dictionary into each connection on its first use, which costs about half
a second for the Polish one: without this the first text search on every new connection (every new
worker, after each recycling) waits for it. Connections are then kept for the worker's life
(``CONN_MAX_AGE``), so in production no visitor's request pays for the load. The search's facet
index for the current register version is built then too (``warm_figures``).
"""

import logging

from django.db import connections
from django.db.utils import DatabaseError

logger = logging.getLogger(__name__)

# The configurations the search uses (qualifications/search/text.py); ``polish`` holds the hunspell
# dictionary, the expensive one.
CONFIGURATIONS = ("polish", "polish_unaccent", "english", "simple")
WARM_SQL = "SELECT " + ", ".join(f"to_tsquery('{name}', 'kwalifikacja')" for name in CONFIGURATIONS)


def warm_connections() -> list[str]:
    """Open every configured database's connection and load the dictionaries into it; a database
    that does not answer is left alone (the request that needs it reconnects or fails over as usual).
    Returns the aliases warmed."""
    warmed = []
    for alias in connections:
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                cursor.execute(WARM_SQL)
            warmed.append(alias)
        except DatabaseError as error:
            logger.warning("could not warm the %s database connection: %s", alias, error)
            connection.close()
    return warmed


def warm_figures() -> bool:
    """Build the facet index of the current register version (qualifications/search/facet_index.py)
    and the copies text searches read (text_pages.py) unless the cache holds them already: the first
    search of a new worker does not wait for them."""
    from qualifications.search import facet_index, text_pages

    try:
        facet_index.warm()
        text_pages.warm()
    except DatabaseError as error:
        logger.warning("could not build the facet index: %s", error)
        return False
    return True
