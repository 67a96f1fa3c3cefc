"""Similar qualifications: a tf-idf index of the register kept in PostgreSQL (lemmatised by its
Polish text-search configuration), with name trigrams. ``engine`` answers "what in the register is
like this draft", ``related`` builds the public page's block, ``index`` keeps the index."""
