
CREATE OR REPLACE FUNCTION zrk_qualification_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    body_pl text;
    body_en text;
    context_pl text;
    context_en text;
BEGIN
    IF current_setting('zrk.bulk_load', true) = 'on' THEN
        RETURN NEW;
    END IF;
    SELECT concat_ws(' ', string_agg(DISTINCT s.name_pl, ' '), string_agg(o.text_pl, ' ')),
           concat_ws(' ', string_agg(DISTINCT s.name_en, ' '), string_agg(o.text_en, ' '))
      INTO body_pl, body_en
      FROM qualifications_learningoutcomeset s
      LEFT JOIN qualifications_learningoutcome o ON o.outcome_set_id = s.id
     WHERE s.qualification_id = NEW.id;
    SELECT concat_ws(' ', m.name_pl, m.department_pl), concat_ws(' ', m.name_en, m.department_en)
      INTO context_pl, context_en
      FROM institutions_ministry m WHERE m.id = NEW.ministry_id;
    SELECT concat_ws(' ', context_pl, f.abbreviation, f.name_pl, f.sector_pl),
           concat_ws(' ', context_en, f.abbreviation, f.name_en, f.sector_en)
      INTO context_pl, context_en
      FROM (SELECT 1) AS one
      LEFT JOIN qualifications_sectorframework f ON f.id = NEW.sector_framework_id;
    NEW.search_names := lower(unaccent(concat_ws(' ', NEW.name_pl, NEW.name_en, NEW.code, NEW.symbol)));
    NEW.name_vector :=
        setweight(to_tsvector('polish', coalesce(NEW.name_pl, '')), 'A')
        || setweight(to_tsvector('polish_unaccent', coalesce(NEW.name_pl, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.name_en, '')), 'A')
        || setweight(to_tsvector('simple', concat_ws(' ', NEW.code, NEW.symbol)), 'A');
    NEW.search_vector := NEW.name_vector
        || setweight(to_tsvector('polish', coalesce(NEW.characteristic_pl, '')), 'B')
        || setweight(to_tsvector('polish_unaccent', coalesce(NEW.characteristic_pl, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.characteristic_en, '')), 'B')
        || setweight(to_tsvector('polish', coalesce(body_pl, '')), 'C')
        || setweight(to_tsvector('polish_unaccent', coalesce(body_pl, '')), 'C')
        || setweight(to_tsvector('english', coalesce(body_en, '')), 'C')
        || setweight(to_tsvector('polish', coalesce(context_pl, '')), 'D')
        || setweight(to_tsvector('polish_unaccent', coalesce(context_pl, '')), 'D')
        || setweight(to_tsvector('english', coalesce(context_en, '')), 'D');
    RETURN NEW;
END
$$;

-- A change to an outcome or a set re-runs the qualification's trigger (search_vector := NULL).
CREATE OR REPLACE FUNCTION zrk_outcome_search_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('zrk.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'qualifications_learningoutcome' THEN
        UPDATE qualifications_qualification SET search_vector = NULL
         WHERE id IN (
            SELECT qualification_id FROM qualifications_learningoutcomeset
             WHERE id IN (
                CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.outcome_set_id END,
                CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.outcome_set_id END));
    ELSE
        UPDATE qualifications_qualification SET search_vector = NULL
         WHERE id IN (
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.qualification_id END,
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.qualification_id END);
    END IF;
    RETURN NULL;
END
$$;
