# A narrow copy of each qualification's searched columns (qualifications/models/search_rows.py),
# kept by triggers. The triggers are created before the copy is filled, in the same transaction,
# so no write is missed; writes to the qualifications wait for the migration's commit (a few
# seconds at 100,000 records), reads do not. The indexes are built on the new table only. The
# qualifications' table cannot be truncated alone (other tables refer to it); Django's flush empties
# this one with it.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models

COLUMNS = "id, zrk_id, code, symbol, status, ministry_id, sector_framework_id, name_vector, search_vector"

FORWARD = f"""
-- The document is only read by the index: kept out of line, so about 25 rows share a page; the
-- names are read for each match (flags and rank): kept in the row, uncompressed.
ALTER TABLE qualification_search_rows SET (toast_tuple_target = 128);
ALTER TABLE qualification_search_rows ALTER COLUMN name_vector SET STORAGE PLAIN;

CREATE FUNCTION zrk_qualification_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM qualification_search_rows WHERE id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO qualification_search_rows ({COLUMNS})
    VALUES (NEW.id, NEW.zrk_id, NEW.code, NEW.symbol, NEW.status, NEW.ministry_id, NEW.sector_framework_id,
            NEW.name_vector, NEW.search_vector)
    ON CONFLICT (id) DO UPDATE SET
        zrk_id = EXCLUDED.zrk_id, code = EXCLUDED.code, symbol = EXCLUDED.symbol, status = EXCLUDED.status,
        ministry_id = EXCLUDED.ministry_id, sector_framework_id = EXCLUDED.sector_framework_id,
        name_vector = EXCLUDED.name_vector, search_vector = EXCLUDED.search_vector;
    RETURN NEW;
END;
$$;

CREATE TRIGGER qualification_search_row_insert AFTER INSERT ON qualifications_qualification
    FOR EACH ROW EXECUTE FUNCTION zrk_qualification_search_row();
-- Only when a copied column changed: the active rights' refresh rewrites every row's arrays.
CREATE TRIGGER qualification_search_row_update AFTER UPDATE ON qualifications_qualification
    FOR EACH ROW WHEN (
        OLD.zrk_id IS DISTINCT FROM NEW.zrk_id OR OLD.code IS DISTINCT FROM NEW.code
        OR OLD.symbol IS DISTINCT FROM NEW.symbol OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.ministry_id IS DISTINCT FROM NEW.ministry_id
        OR OLD.sector_framework_id IS DISTINCT FROM NEW.sector_framework_id
        OR OLD.name_vector IS DISTINCT FROM NEW.name_vector OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
    ) EXECUTE FUNCTION zrk_qualification_search_row();
CREATE TRIGGER qualification_search_row_delete AFTER DELETE ON qualifications_qualification
    FOR EACH ROW EXECUTE FUNCTION zrk_qualification_search_row();

INSERT INTO qualification_search_rows ({COLUMNS})
SELECT {COLUMNS} FROM qualifications_qualification
ON CONFLICT (id) DO NOTHING;
"""

BACKWARD = """
DROP TRIGGER qualification_search_row_delete ON qualifications_qualification;
DROP TRIGGER qualification_search_row_update ON qualifications_qualification;
DROP TRIGGER qualification_search_row_insert ON qualifications_qualification;
DROP FUNCTION zrk_qualification_search_row();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('qualifications', '0022_unpublished_changes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchRow',
            fields=[
                ('id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('zrk_id', models.PositiveIntegerField()),
                ('code', models.CharField(max_length=40)),
                ('symbol', models.CharField(max_length=20)),
                ('status', models.CharField(max_length=12)),
                ('ministry_id', models.BigIntegerField(null=True)),
                ('sector_framework_id', models.BigIntegerField(null=True)),
                ('name_vector', django.contrib.postgres.search.SearchVectorField(null=True)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                'db_table': 'qualification_search_rows',
                'default_permissions': (),
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name='searchrow',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='search_rows_document'),
        ),
        migrations.AddIndex(
            model_name='searchrow',
            index=models.Index(django.db.models.functions.text.Upper('code'), name='search_rows_code_upper'),
        ),
        migrations.AddIndex(
            model_name='searchrow',
            index=models.Index(django.db.models.functions.text.Upper('symbol'), name='search_rows_symbol_upper'),
        ),
        migrations.AddIndex(
            model_name='searchrow',
            index=models.Index(fields=['zrk_id'], name='search_rows_zrk_id'),
        ),
        migrations.RunSQL("ANALYZE qualification_search_rows", migrations.RunSQL.noop),
    ]
