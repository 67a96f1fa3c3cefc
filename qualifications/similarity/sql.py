"""SQL of the similarity index, run by migrations and by the index code.

The lexemes of a record are those of its search document (``search_vector``, qualifications/sql.py),
which database triggers keep for every record, drafts included: the Polish name, characteristic
and learning outcomes lemmatised by the ``polish`` configuration (hunspell-pl: "księgowych" ->
"księgowy") and again unaccented word by word, the English ones stemmed. Reading the document
instead of parsing the texts again makes a full rebuild of 100,000 records a matter of seconds
rather than of the dictionary's minutes. The verification criteria, which the search document
leaves out, are parsed here. Each part counts with a boost from its weight label: the name (A)
three times, the characteristic (B) and outcomes (C) once, criteria half; the ministry and
framework context (D) not at all, since it says nothing about what the holder can do.
"""

# Lexemes shorter than three letters are conjunctions and prepositions ("i", "w", "z", "na"): the
# Polish configuration has no stop-word list. Lexemes with digits are codes and symbols, unique to
# a record and meaningless for likeness.
TERMS_FUNCTION = """
CREATE OR REPLACE FUNCTION zrk_similarity_terms(ids bigint[])
RETURNS TABLE (qualification_id bigint, lexeme text, frequency double precision)
LANGUAGE sql STABLE AS $$
    WITH parts (qualification_id, lexeme, frequency) AS (
        SELECT q.id, t.lexeme,
               (SELECT sum(CASE w WHEN 'A' THEN 3.0 WHEN 'B' THEN 1.0 WHEN 'C' THEN 1.0 ELSE 0.0 END)
                  FROM unnest(t.weights) AS w)
          FROM qualifications_qualification q, unnest(q.search_vector) AS t
         WHERE q.id = ANY(ids)
        UNION ALL
        SELECT s.qualification_id, t.lexeme, 0.5 * coalesce(array_length(t.positions, 1), 1)
          FROM qualifications_learningoutcomeset s
          JOIN qualifications_learningoutcome o ON o.outcome_set_id = s.id
          JOIN qualifications_verificationcriterion c ON c.outcome_id = o.id,
               unnest(to_tsvector('polish', c.text_pl)) AS t
         WHERE s.qualification_id = ANY(ids)
    )
    SELECT p.qualification_id, left(p.lexeme, 200), sum(p.frequency)::double precision
      FROM parts p
     WHERE length(p.lexeme) > 2 AND p.lexeme !~ '[0-9]'
     GROUP BY 1, 2
    HAVING sum(p.frequency) > 0
$$;
"""

DROP_TERMS_FUNCTION = "DROP FUNCTION IF EXISTS zrk_similarity_terms(bigint[]);"

# The weight of a lexeme in a record: sublinear term frequency times inverse document frequency,
# ln(1 + f) * ln((N + 1) / df), then divided by the vector's length so that a dot product is the
# cosine. A lexeme no indexed record holds (df 0) weighs as if one did: it makes a draft less
# like everything, as a new word should.
IDF = "ln((%(documents)s + 1.0) / greatest(coalesce(d.documents, 0), 1))"

# The full rebuild: raw counts into a temporary table, batch by batch; document frequencies from
# it; then the weighted rows into the index, batch by batch.
CREATE_STAGE = """
DROP TABLE IF EXISTS zrk_similarity_stage;
CREATE TEMPORARY TABLE zrk_similarity_stage (
    qualification_id bigint NOT NULL, lexeme text NOT NULL, frequency double precision NOT NULL
) ON COMMIT DROP
"""
STAGE_TERMS = """
INSERT INTO zrk_similarity_stage SELECT * FROM zrk_similarity_terms(%(ids)s::bigint[])
"""
RECOUNT_DOCUMENTS = """
CREATE INDEX ON zrk_similarity_stage (qualification_id);
ANALYZE zrk_similarity_stage;
DELETE FROM qualifications_similarityterm;
INSERT INTO qualifications_similarityterm (lexeme, documents)
SELECT lexeme, count(*) FROM zrk_similarity_stage GROUP BY lexeme;
DELETE FROM qualifications_qualificationterm;
"""

INSERT_WEIGHTED = f"""
INSERT INTO qualifications_qualificationterm (qualification_id, lexeme, frequency, weight)
SELECT qualification_id, lexeme, frequency, weight / norm FROM (
    SELECT t.qualification_id, t.lexeme, t.frequency, ln(1 + t.frequency) * {IDF} AS weight,
           sqrt(sum((ln(1 + t.frequency) * {IDF}) ^ 2) OVER (PARTITION BY t.qualification_id)) AS norm
      FROM zrk_similarity_stage t
      LEFT JOIN qualifications_similarityterm d ON d.lexeme = t.lexeme
     WHERE t.qualification_id BETWEEN %(low)s AND %(high)s
) AS w
WHERE norm > 0
"""  # noqa: S608 - IDF is a constant of this module, the values are parameters

# Weights of records already in the index (a refresh, the migration's small build).
WEIGHT_BATCH = f"""
UPDATE qualifications_qualificationterm t SET weight = w.weight / w.norm
  FROM (
    SELECT t2.qualification_id, t2.lexeme, ln(1 + t2.frequency) * {IDF} AS weight,
           sqrt(sum((ln(1 + t2.frequency) * {IDF}) ^ 2) OVER (PARTITION BY t2.qualification_id)) AS norm
      FROM qualifications_qualificationterm t2
      LEFT JOIN qualifications_similarityterm d ON d.lexeme = t2.lexeme
     WHERE t2.qualification_id = ANY(%(ids)s::bigint[])
  ) AS w
 WHERE t.qualification_id = w.qualification_id AND t.lexeme = w.lexeme AND w.norm > 0
"""  # noqa: S608 - IDF is a constant of this module, the values are parameters

# The weighted, normalised vector of any record (a draft too) computed afresh: lexeme, weight.
QUERY_VECTOR = f"""
WITH raw AS (
    SELECT t.lexeme, ln(1 + t.frequency) * {IDF} AS weight
      FROM zrk_similarity_terms(ARRAY[%(id)s]::bigint[]) t
      LEFT JOIN qualifications_similarityterm d ON d.lexeme = t.lexeme
)
SELECT lexeme, weight / nullif(sqrt(sum(weight ^ 2) OVER ()), 0) FROM raw ORDER BY 2 DESC NULLS LAST
"""  # noqa: S608 - IDF is a constant of this module, the values are parameters

# The nearest records to a query vector through the inverted index. Only the query's heaviest
# lexemes are looked up, and of each lexeme only its heaviest postings: an approximation (a record
# that shares only common words with the query may be missed) that keeps one query to a few
# thousand index entries at any size of register.
NEAREST = """
SELECT p.qualification_id, sum(q.weight * p.weight) AS score
  FROM unnest(%(lexemes)s::text[], %(weights)s::float8[]) AS q (lexeme, weight)
 CROSS JOIN LATERAL (
        SELECT t.qualification_id, t.weight FROM qualifications_qualificationterm t
         WHERE t.lexeme = q.lexeme ORDER BY t.weight DESC LIMIT %(postings)s
       ) AS p
 WHERE p.qualification_id <> %(exclude)s
 GROUP BY p.qualification_id
 ORDER BY score DESC
 LIMIT %(limit)s
"""

# The stored vector of an indexed record, heaviest first.
STORED_VECTOR = """
SELECT lexeme, weight FROM qualifications_qualificationterm
 WHERE qualification_id = %(id)s ORDER BY weight DESC, lexeme LIMIT %(limit)s
"""

# Names close to a given one: pg_trgm over the lower-case Polish name, nearest first through a
# GiST trigram index (a k-nearest-neighbour scan reads a few pages where the GIN "%%" operator
# would recheck every record sharing a common trigram such as "obs" or "pro").
NAME_INDEX = """
CREATE INDEX IF NOT EXISTS qualification_name_pl_trgm_gist
    ON qualifications_qualification USING gist (lower(name_pl) gist_trgm_ops);
"""
DROP_NAME_INDEX = "DROP INDEX IF EXISTS qualification_name_pl_trgm_gist;"
SIMILAR_NAMES = """
SELECT q.id, similarity(lower(q.name_pl), lower(%(name)s)) AS score
  FROM qualifications_qualification q
 WHERE q.status <> 'draft' AND q.id <> %(exclude)s
 ORDER BY lower(q.name_pl) <-> lower(%(name)s)
 LIMIT %(limit)s
"""

# The exact cosine of the query vector with some records (candidates found by NEAREST or by name).
COSINES = """
SELECT t.qualification_id, sum(q.weight * t.weight)
  FROM unnest(%(lexemes)s::text[], %(weights)s::float8[]) AS q (lexeme, weight)
  JOIN qualifications_qualificationterm t ON t.lexeme = q.lexeme AND t.qualification_id = ANY(%(ids)s::bigint[])
 GROUP BY t.qualification_id
"""

# Learning outcomes of some records (or of a draft) as lexeme counts: the outcome's text, and its
# verification criteria at half weight.
OUTCOME_TERMS = """
WITH parts (outcome_id, body, boost) AS (
    SELECT o.id, o.text_pl, 1.0 FROM qualifications_learningoutcome o
      JOIN qualifications_learningoutcomeset s ON s.id = o.outcome_set_id
     WHERE s.qualification_id = ANY(%(ids)s::bigint[])
    UNION ALL
    SELECT o.id, c.text_pl, 0.5 FROM qualifications_verificationcriterion c
      JOIN qualifications_learningoutcome o ON o.id = c.outcome_id
      JOIN qualifications_learningoutcomeset s ON s.id = o.outcome_set_id
     WHERE s.qualification_id = ANY(%(ids)s::bigint[])
)
SELECT p.outcome_id, t.lexeme, sum(coalesce(array_length(t.positions, 1), 1) * p.boost)::float8
  FROM parts p, unnest(to_tsvector('polish', coalesce(p.body, ''))) AS t
 WHERE length(t.lexeme) > 2
 GROUP BY 1, 2
"""

# The Polish lemmas of a record's own text (name, characteristic, outcomes): the words the reasons
# may show, so that an English stem or an unaccented twin never stands for a shared Polish word.
POLISH_WORDS = """
SELECT DISTINCT t.lexeme
  FROM (
    SELECT concat_ws(' ', q.name_pl, q.characteristic_pl,
                     (SELECT string_agg(o.text_pl, ' ') FROM qualifications_learningoutcomeset s
                        JOIN qualifications_learningoutcome o ON o.outcome_set_id = s.id
                       WHERE s.qualification_id = q.id)) AS body
      FROM qualifications_qualification q WHERE q.id = %(id)s
  ) AS b, unnest(to_tsvector('polish', b.body)) AS t
"""

# The related records of a public record in one statement (the public page counts its queries):
# the links the register records (``linked``), then candidates from the record's stored vector
# through the inverted index and from its name through the trigram index, scored as
# engine.ranked scores them.
RELATED = """
WITH v AS (
    SELECT lexeme, weight FROM qualifications_qualificationterm WHERE qualification_id = %(id)s
), top AS (
    SELECT lexeme, weight FROM v ORDER BY weight DESC, lexeme LIMIT %(lexemes)s
), linked AS (
    SELECT to_qualification_id AS id FROM qualifications_qualification_related_qualifications
     WHERE from_qualification_id = %(id)s
), by_content AS (
    SELECT p.qualification_id AS id
      FROM top CROSS JOIN LATERAL (
            SELECT t.qualification_id, t.weight FROM qualifications_qualificationterm t
             WHERE t.lexeme = top.lexeme ORDER BY t.weight DESC LIMIT %(postings)s
           ) AS p
     WHERE p.qualification_id <> %(id)s
     GROUP BY p.qualification_id
     ORDER BY sum(top.weight * p.weight) DESC
     LIMIT %(candidates)s
), by_name AS (
    SELECT q.id FROM qualifications_qualification q
     WHERE q.status <> 'draft' AND q.id <> %(id)s
     ORDER BY lower(q.name_pl) <-> lower(%(name)s)
     LIMIT %(by_name)s
), candidates AS (
    SELECT id FROM by_content UNION SELECT id FROM by_name
), content AS (
    SELECT t.qualification_id AS id, sum(v.weight * t.weight) AS cosine
      FROM v JOIN qualifications_qualificationterm t
        ON t.lexeme = v.lexeme AND t.qualification_id IN (SELECT id FROM candidates)
     GROUP BY t.qualification_id
), scored AS (
    SELECT q.zrk_id, q.name_pl, q.name_en, q.prk_level_id, q.ministry_id, q.isced_code,
           %(content_share)s * coalesce(c.cosine, 0)
           + %(name_share)s * similarity(lower(q.name_pl), lower(%(name)s)) AS score,
           false AS linked
      FROM candidates k
      JOIN qualifications_qualification q ON q.id = k.id
      LEFT JOIN content c ON c.id = k.id
     WHERE q.status <> 'draft' AND k.id NOT IN (SELECT id FROM linked)
     ORDER BY score DESC, q.id
     LIMIT %(limit)s
)
SELECT * FROM (
    SELECT q.zrk_id, q.name_pl, q.name_en, q.prk_level_id, q.ministry_id, q.isced_code, 0.0::float8, true
      FROM linked l JOIN qualifications_qualification q ON q.id = l.id
     WHERE q.status <> 'draft'
    UNION ALL
    SELECT * FROM scored
) AS r (zrk_id, name_pl, name_en, prk_level_id, ministry_id, isced_code, score, linked)
ORDER BY linked DESC, CASE WHEN linked THEN name_pl END, score DESC
"""
