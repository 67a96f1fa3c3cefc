"""SQL run by migrations for invariants and search that the ORM cannot express."""

from qualifications.models.qualification import ZRK_ID_SEQUENCE, ZRK_ID_START
from qualifications.models.rights import MAX_PZZJ_PER_QUALIFICATION
from qualifications.search import versions
from qualifications.search.versions import sql_text

CREATE_ZRK_ID_SEQUENCE = f"CREATE SEQUENCE IF NOT EXISTS {ZRK_ID_SEQUENCE} START {ZRK_ID_START};"
DROP_ZRK_ID_SEQUENCE = f"DROP SEQUENCE IF EXISTS {ZRK_ID_SEQUENCE};"

# At most 5 distinct PZZJ among a qualification's current rights (art. 59). The qualification row
# is locked first so that two concurrent designations cannot both pass the count.
PZZJ_LIMIT_TRIGGER = f"""
CREATE OR REPLACE FUNCTION zrk_check_pzzj_limit() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    distinct_pzzj int;
BEGIN
    IF NEW.pzzj_id IS NULL OR NEW.status NOT IN ('active', 'suspended') THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM qualifications_qualification WHERE id = NEW.qualification_id FOR UPDATE;
    SELECT count(DISTINCT pzzj_id) INTO distinct_pzzj
    FROM (
        SELECT pzzj_id FROM qualifications_certificationright
        WHERE qualification_id = NEW.qualification_id AND pzzj_id IS NOT NULL
          AND status IN ('active', 'suspended') AND id IS DISTINCT FROM NEW.id
        UNION ALL SELECT NEW.pzzj_id
    ) AS assigned;
    IF distinct_pzzj > {MAX_PZZJ_PER_QUALIFICATION} THEN
        RAISE EXCEPTION 'qualification % would have % distinct PZZJ; at most {MAX_PZZJ_PER_QUALIFICATION} are allowed',
            NEW.qualification_id, distinct_pzzj
            USING ERRCODE = 'check_violation', CONSTRAINT = 'right_pzzj_limit';
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS right_pzzj_limit ON qualifications_certificationright;
CREATE TRIGGER right_pzzj_limit
    BEFORE INSERT OR UPDATE OF pzzj_id, status, qualification_id ON qualifications_certificationright
    FOR EACH ROW EXECUTE FUNCTION zrk_check_pzzj_limit();
"""

DROP_PZZJ_LIMIT_TRIGGER = """
DROP TRIGGER IF EXISTS right_pzzj_limit ON qualifications_certificationright;
DROP FUNCTION IF EXISTS zrk_check_pzzj_limit();
"""

# Polish full-text search. The hunspell dictionary files come from the Debian package hunspell-pl
# through pg_updatedicts; managed services may lack them, so the configuration falls back to an
# unaccented 'simple' one and the system check warns (qualifications.checks).
POLISH_TEXT_SEARCH = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'zrk_unaccent') THEN
        CREATE TEXT SEARCH DICTIONARY zrk_unaccent (TEMPLATE = unaccent, RULES = 'unaccent');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'polish') THEN
        BEGIN
            CREATE TEXT SEARCH DICTIONARY polish_hunspell (
                TEMPLATE = ispell, DictFile = pl_pl, AffFile = pl_pl
            );
            CREATE TEXT SEARCH CONFIGURATION polish (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION polish
                ALTER MAPPING FOR asciiword, word, hword, hword_part, asciihword, hword_asciipart
                WITH polish_hunspell, simple;
        EXCEPTION WHEN undefined_file OR invalid_parameter_value OR config_file_error THEN
            RAISE WARNING 'Polish hunspell dictionary not found: polish search falls back to unaccented simple';
            CREATE TEXT SEARCH CONFIGURATION polish (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION polish
                ALTER MAPPING FOR asciiword, word, hword, hword_part, asciihword, hword_asciipart
                WITH zrk_unaccent, simple;
        END;
    END IF;
    -- Diacritic-free twin: users often type Polish without diacritics ("ksiegowych").
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'polish_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION polish_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION polish_unaccent
            ALTER MAPPING FOR asciiword, word, hword, hword_part, asciihword, hword_asciipart
            WITH zrk_unaccent, simple;
    END IF;
END
$$;
"""

DROP_POLISH_TEXT_SEARCH = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS polish_unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS polish;
DROP TEXT SEARCH DICTIONARY IF EXISTS polish_hunspell;
DROP TEXT SEARCH DICTIONARY IF EXISTS zrk_unaccent;
"""

# The search document of a qualification, computed in the database so that every write path
# (admin, loaders, bulk updates) keeps it current. Weights: A names and codes, B characteristic,
# C learning outcomes and their sets. Each Polish text goes in twice: through the hunspell
# dictionary (inflection: "księgowych" -> "księgowy") and unaccented word by word ("ksiegowych"),
# because many users type without diacritics. English texts use the english stemmer.
#
# A bulk load (qualifications/generator.py) sets zrk.bulk_load for its transaction: the triggers
# then do nothing and the loader rebuilds the documents once, set-based, at the end.
BULK_LOAD_ON = "SELECT set_config('zrk.bulk_load', 'on', true)"
BULK_LOAD_OFF = "SELECT set_config('zrk.bulk_load', 'off', true)"

# Each version of the functions is written out in full in qualifications/search/sql/ (see
# qualifications.search.versions): a migration keeps running the text it was written for.
SEARCH_FUNCTIONS_V2 = sql_text("v2")

SEARCH_TRIGGERS = (
    SEARCH_FUNCTIONS_V2
    + """
DROP TRIGGER IF EXISTS qualification_search ON qualifications_qualification;
CREATE TRIGGER qualification_search
    BEFORE INSERT OR UPDATE OF name_pl, name_en, code, symbol, characteristic_pl, characteristic_en, search_vector
    ON qualifications_qualification
    FOR EACH ROW EXECUTE FUNCTION zrk_qualification_search();

DROP TRIGGER IF EXISTS outcome_search ON qualifications_learningoutcome;
CREATE TRIGGER outcome_search
    AFTER INSERT OR DELETE OR UPDATE OF text_pl, text_en, outcome_set_id ON qualifications_learningoutcome
    FOR EACH ROW EXECUTE FUNCTION zrk_outcome_search_touch();
DROP TRIGGER IF EXISTS outcome_set_search ON qualifications_learningoutcomeset;
CREATE TRIGGER outcome_set_search
    AFTER INSERT OR DELETE OR UPDATE OF name_pl, name_en, qualification_id ON qualifications_learningoutcomeset
    FOR EACH ROW EXECUTE FUNCTION zrk_outcome_search_touch();

-- Existing rows (a migration on a populated database).
UPDATE qualifications_qualification SET search_vector = NULL;
"""
)

# Version 3 also keeps name_vector, the name part (weight A) alone: small enough to stay inline in
# the row, so ranking thousands of matches reads no TOASTed document (migration 0010).
SEARCH_FUNCTIONS = sql_text("v3")

# Version 4 adds, at weight D, the competent minister (name and government department) and the
# sector framework, so that "sport" or "turystyka" finds the qualifications of that ministry even
# when their own text never says it (migration 0013). Matching only: ranking reads name_vector.
SEARCH_FUNCTIONS_V4 = sql_text("v4")

# The version the database runs now (after the last migration that changed it).
LIVE_SEARCH_FUNCTIONS = sql_text(versions.LIVE_SEARCH_FUNCTIONS)

SEARCH_CONTEXT_TRIGGERS = """
DROP TRIGGER IF EXISTS qualification_search ON qualifications_qualification;
CREATE TRIGGER qualification_search
    BEFORE INSERT OR UPDATE OF name_pl, name_en, code, symbol, characteristic_pl, characteristic_en, search_vector,
        ministry_id, sector_framework_id
    ON qualifications_qualification
    FOR EACH ROW EXECUTE FUNCTION zrk_qualification_search();

-- Renaming a ministry or a framework re-indexes its qualifications.
CREATE OR REPLACE FUNCTION zrk_search_context_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'institutions_ministry' THEN
        UPDATE qualifications_qualification SET search_vector = NULL WHERE ministry_id = NEW.id;
    ELSE
        UPDATE qualifications_qualification SET search_vector = NULL WHERE sector_framework_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS ministry_search ON institutions_ministry;
CREATE TRIGGER ministry_search
    AFTER UPDATE OF name_pl, name_en, department_pl, department_en ON institutions_ministry
    FOR EACH ROW EXECUTE FUNCTION zrk_search_context_touch();
DROP TRIGGER IF EXISTS sector_framework_search ON qualifications_sectorframework;
CREATE TRIGGER sector_framework_search
    AFTER UPDATE OF abbreviation, name_pl, name_en, sector_pl, sector_en ON qualifications_sectorframework
    FOR EACH ROW EXECUTE FUNCTION zrk_search_context_touch();

-- Existing rows (a migration on a populated database).
UPDATE qualifications_qualification SET search_vector = NULL;
"""

DROP_SEARCH_CONTEXT_TRIGGERS = """
DROP TRIGGER IF EXISTS sector_framework_search ON qualifications_sectorframework;
DROP TRIGGER IF EXISTS ministry_search ON institutions_ministry;
DROP FUNCTION IF EXISTS zrk_search_context_touch();
DROP TRIGGER IF EXISTS qualification_search ON qualifications_qualification;
CREATE TRIGGER qualification_search
    BEFORE INSERT OR UPDATE OF name_pl, name_en, code, symbol, characteristic_pl, characteristic_en, search_vector
    ON qualifications_qualification
    FOR EACH ROW EXECUTE FUNCTION zrk_qualification_search();
"""

DROP_SEARCH_TRIGGERS = """
DROP TRIGGER IF EXISTS outcome_set_search ON qualifications_learningoutcomeset;
DROP TRIGGER IF EXISTS outcome_search ON qualifications_learningoutcome;
DROP TRIGGER IF EXISTS qualification_search ON qualifications_qualification;
DROP FUNCTION IF EXISTS zrk_outcome_search_touch();
DROP FUNCTION IF EXISTS zrk_qualification_search();
"""

# Where a qualification can be obtained today: the voivodeships and ids of the institutions with
# an active right, denormalised onto the qualification so that search filters and facet counts
# need no join with the rights. Kept by triggers on rights and on an organisation's voivodeship;
# a bulk load (zrk.bulk_load) refreshes them set-based at the end instead.
ACTIVE_RIGHTS_TRIGGERS = sql_text("active_rights_v1")

# Set-based refresh (a migration on a populated database, the end of a bulk load, which runs it
# with zrk.bulk_load on so the row trigger does not compute the same again).
REFRESH_ALL_ACTIVE_RIGHTS = sql_text("refresh_active_rights_v1")

DROP_ACTIVE_RIGHTS_TRIGGERS = """
DROP TRIGGER IF EXISTS organisation_active_rights ON institutions_organisation;
DROP TRIGGER IF EXISTS right_active_rights ON qualifications_certificationright;
DROP TRIGGER IF EXISTS qualification_active_rights ON qualifications_qualification;
DROP FUNCTION IF EXISTS zrk_organisation_moved();
DROP FUNCTION IF EXISTS zrk_right_changed();
DROP FUNCTION IF EXISTS zrk_qualification_active_rights();
"""

# Tables whose rows appear on public pages; any statement changing them raises the register
# version (qualifications/models/version.py), which keys the page cache. Statement-level, so a
# bulk update costs one increment; skipped in a bulk load, which raises it once at the end.
VERSIONED_TABLES = [
    "qualifications_qualification",
    "qualifications_learningoutcomeset",
    "qualifications_learningoutcome",
    "qualifications_verificationcriterion",
    "qualifications_certificationright",
    "qualifications_prklevel",
    "qualifications_sectorframework",
    "qualifications_qualification_related_qualifications",
    "institutions_organisation",
    "institutions_ministry",
    "institutions_voivodeship",
    "institutions_pzzjentry",
    "institutions_pzzjentry_ministries",
]
BUMP_REGISTER_VERSION = "UPDATE qualifications_registerversion SET value = value + 1 WHERE id = 1"


def version_trigger(table: str) -> str:
    """The statement-level trigger that raises the register version when ``table`` changes. Later
    migrations add it to tables created after 0007 (VERSIONED_TABLES stays as 0007 used it)."""
    return f"""
DROP TRIGGER IF EXISTS register_version ON {table};
CREATE TRIGGER register_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION zrk_bump_register_version();
"""


def drop_version_trigger(table: str) -> str:
    return f"DROP TRIGGER IF EXISTS register_version ON {table};\n"


def _version_function(skip_when: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION zrk_bump_register_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF {skip_when} THEN
        RETURN NULL;
    END IF;
    {BUMP_REGISTER_VERSION};
    RETURN NULL;
END
$$;
"""


VERSION_FUNCTION_V1 = _version_function("current_setting('zrk.bulk_load', true) = 'on'")
# The same function, which also leaves the version alone in a transaction that changes only what no
# public page shows: an applicant's draft qualification edited in the portal
# (qualifications.page_cache.unpublished_changes). Migration 0022 installs it; 0007 the first.
VERSION_FUNCTION_V2 = _version_function(
    "current_setting('zrk.bulk_load', true) = 'on' OR current_setting('zrk.unpublished_changes', true) = 'on'"
)
UNPUBLISHED_CHANGES_ON = "SELECT set_config('zrk.unpublished_changes', 'on', true)"
UNPUBLISHED_CHANGES_OFF = "SELECT set_config('zrk.unpublished_changes', 'off', true)"

VERSION_TRIGGERS = (
    "\nINSERT INTO qualifications_registerversion (id, value) VALUES (1, 1) ON CONFLICT (id) DO NOTHING;\n"
    + VERSION_FUNCTION_V1
    + "".join(version_trigger(table) for table in VERSIONED_TABLES)
)

DROP_VERSION_TRIGGERS = "".join(drop_version_trigger(table) for table in VERSIONED_TABLES) + (
    "DROP FUNCTION IF EXISTS zrk_bump_register_version();\n"
)

# --- the rule "may certify on day D" in SQL -------------------------------------------------------
# The twin of qualifications.models.rights.certifying_condition (a test holds them to the same
# answers). zrk_today() is the register's calendar day (Europe/Warsaw), whatever the session's zone.
RIGHT_CERTIFIES_FUNCTION = """
CREATE OR REPLACE FUNCTION zrk_today() RETURNS date
LANGUAGE sql STABLE AS $$ SELECT (CURRENT_TIMESTAMP AT TIME ZONE 'Europe/Warsaw')::date $$;

CREATE OR REPLACE FUNCTION zrk_right_certifies(status varchar, decision_date date, ended_on date, day date)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT decision_date <= day
       AND (status = 'active' OR (status IN ('withdrawn', 'expired') AND ended_on > day))
$$;
"""

DROP_RIGHT_CERTIFIES_FUNCTION = """
DROP FUNCTION IF EXISTS zrk_right_certifies(varchar, date, date, date);
DROP FUNCTION IF EXISTS zrk_today();
"""

# The denormalised arrays follow the same rule, and only a qualification that can be awarded
# (included or functioning) has any. The rights trigger also fires on the dates the rule reads.
ACTIVE_RIGHTS_TRIGGERS_V2 = sql_text("active_rights_v2")
REFRESH_ALL_ACTIVE_RIGHTS_V2 = sql_text("refresh_active_rights_v2")
# What the code outside migrations runs (bulk loads, refresh_rights): the live version.
LIVE_REFRESH_ACTIVE_RIGHTS = sql_text(versions.LIVE_REFRESH_ACTIVE_RIGHTS)

# The date each right's status took effect, from the event that caused it (existing rows).
BACKFILL_STATUS_SINCE = """
UPDATE qualifications_certificationright r SET status_since = coalesce(
    (SELECT e.effective_on FROM qualifications_rightevent e
      WHERE e.right_id = r.id AND e.to_status = r.status
      ORDER BY e.created_at DESC, e.id DESC LIMIT 1),
    CASE WHEN r.status IN ('withdrawn', 'expired') THEN r.ended_on ELSE r.decision_date END)
WHERE r.status_since IS NULL;
"""

# Nothing published is deleted: a qualification in the register is archived, a right withdrawn or
# expired, with a reason, in history. Only drafts (and a right on a draft, which the grant rules
# never create) may go. TRUNCATE (test databases) does not fire row triggers.
PROTECT_PUBLISHED_TRIGGERS = """
CREATE OR REPLACE FUNCTION zrk_refuse_published_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    qualification_status varchar;
BEGIN
    IF TG_TABLE_NAME = 'qualifications_qualification' THEN
        qualification_status := OLD.status;
    ELSE
        SELECT status INTO qualification_status FROM qualifications_qualification WHERE id = OLD.qualification_id;
    END IF;
    IF qualification_status IS DISTINCT FROM 'draft' THEN
        RAISE EXCEPTION '% % belongs to the register and cannot be deleted: archive, withdraw or expire it',
            TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation', CONSTRAINT = 'published_not_deleted';
    END IF;
    RETURN OLD;
END
$$;

DROP TRIGGER IF EXISTS qualification_not_deleted ON qualifications_qualification;
CREATE TRIGGER qualification_not_deleted BEFORE DELETE ON qualifications_qualification
    FOR EACH ROW EXECUTE FUNCTION zrk_refuse_published_delete();
DROP TRIGGER IF EXISTS right_not_deleted ON qualifications_certificationright;
CREATE TRIGGER right_not_deleted BEFORE DELETE ON qualifications_certificationright
    FOR EACH ROW EXECUTE FUNCTION zrk_refuse_published_delete();

-- A right exists only on a qualification in the register (never on a draft).
CREATE OR REPLACE FUNCTION zrk_right_on_register() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM qualifications_qualification WHERE id = NEW.qualification_id AND status = 'draft') THEN
        RAISE EXCEPTION 'qualification % is a draft: certification rights are granted only in the register',
            NEW.qualification_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'right_on_register';
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS right_on_register ON qualifications_certificationright;
CREATE TRIGGER right_on_register BEFORE INSERT OR UPDATE OF qualification_id ON qualifications_certificationright
    FOR EACH ROW EXECUTE FUNCTION zrk_right_on_register();
"""

DROP_PROTECT_PUBLISHED_TRIGGERS = """
DROP TRIGGER IF EXISTS right_on_register ON qualifications_certificationright;
DROP FUNCTION IF EXISTS zrk_right_on_register();
DROP TRIGGER IF EXISTS right_not_deleted ON qualifications_certificationright;
DROP TRIGGER IF EXISTS qualification_not_deleted ON qualifications_qualification;
DROP FUNCTION IF EXISTS zrk_refuse_published_delete();
"""
