"""SQL run by migrations: the identifier checksums, so the database itself refuses a bad NIP or
REGON whatever path the data comes by (admin, import, raw SQL). Mirrors ``validators.py``."""

CHECKSUM_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION zrk_weighted_mod11(digits text, weights int[]) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT sum(substr(digits, i, 1)::int * weights[i]) % 11
    FROM generate_series(1, array_length(weights, 1)) AS i
$$;

CREATE OR REPLACE FUNCTION zrk_nip_is_valid(nip text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT nip ~ '^\d{10}$'
       AND zrk_weighted_mod11(nip, ARRAY[6,5,7,2,3,4,5,6,7]) = substr(nip, 10, 1)::int
$$;

CREATE OR REPLACE FUNCTION zrk_regon_is_valid(regon text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN regon ~ '^\d{9}$' THEN
            zrk_weighted_mod11(regon, ARRAY[8,9,2,3,4,5,6,7]) % 10 = substr(regon, 9, 1)::int
        WHEN regon ~ '^\d{14}$' THEN
            zrk_weighted_mod11(regon, ARRAY[8,9,2,3,4,5,6,7]) % 10 = substr(regon, 9, 1)::int
            AND zrk_weighted_mod11(regon, ARRAY[2,4,8,5,0,9,7,3,6,1,2,4,8]) % 10 = substr(regon, 14, 1)::int
        ELSE false
    END
$$;
"""

DROP_CHECKSUM_FUNCTIONS = """
DROP FUNCTION IF EXISTS zrk_regon_is_valid(text);
DROP FUNCTION IF EXISTS zrk_nip_is_valid(text);
DROP FUNCTION IF EXISTS zrk_weighted_mod11(text, int[]);
"""
