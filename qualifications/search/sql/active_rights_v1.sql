
-- Every write of a qualification row recomputes the arrays, so a save from a stale in-memory
-- object (Django writes every column) cannot overwrite them with old values.
CREATE OR REPLACE FUNCTION zrk_qualification_active_rights() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('zrk.bulk_load', true) = 'on' THEN
        RETURN NEW;
    END IF;
    SELECT coalesce(array_agg(DISTINCT o.voivodeship_id ORDER BY o.voivodeship_id)
                        FILTER (WHERE o.voivodeship_id IS NOT NULL), '{}'),
           coalesce(array_agg(DISTINCT r.institution_id ORDER BY r.institution_id), '{}')
      INTO NEW.active_regions, NEW.active_institutions
      FROM qualifications_certificationright r
      JOIN institutions_organisation o ON o.id = r.institution_id
     WHERE r.qualification_id = NEW.id AND r.status = 'active';
    RETURN NEW;
END
$$;

-- A change to a right or to an institution's voivodeship touches the qualifications concerned.
CREATE OR REPLACE FUNCTION zrk_right_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('zrk.bulk_load', true) = 'on' THEN
        RETURN NULL;
    END IF;
    UPDATE qualifications_qualification SET active_regions = '{}'
     WHERE id IN (
        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.qualification_id END,
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.qualification_id END);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION zrk_organisation_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE qualifications_qualification SET active_regions = '{}'
     WHERE id IN (
        SELECT qualification_id FROM qualifications_certificationright
         WHERE institution_id = NEW.id AND status = 'active');
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS qualification_active_rights ON qualifications_qualification;
CREATE TRIGGER qualification_active_rights
    BEFORE INSERT OR UPDATE ON qualifications_qualification
    FOR EACH ROW EXECUTE FUNCTION zrk_qualification_active_rights();

DROP TRIGGER IF EXISTS right_active_rights ON qualifications_certificationright;
CREATE TRIGGER right_active_rights
    AFTER INSERT OR DELETE OR UPDATE OF status, qualification_id, institution_id
    ON qualifications_certificationright
    FOR EACH ROW EXECUTE FUNCTION zrk_right_changed();

DROP TRIGGER IF EXISTS organisation_active_rights ON institutions_organisation;
CREATE TRIGGER organisation_active_rights
    AFTER UPDATE OF voivodeship_id ON institutions_organisation
    FOR EACH ROW WHEN (OLD.voivodeship_id IS DISTINCT FROM NEW.voivodeship_id)
    EXECUTE FUNCTION zrk_organisation_moved();
