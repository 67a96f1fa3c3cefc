"""ApplicationEvent is append-only in the database too: UPDATE and DELETE raise."""

from django.db import migrations

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION applications_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'application events are append-only' USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applications_event_append_only
    BEFORE UPDATE OR DELETE ON applications_applicationevent
    FOR EACH ROW EXECUTE FUNCTION applications_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS applications_event_append_only ON applications_applicationevent;
DROP FUNCTION IF EXISTS applications_event_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]

    operations = [migrations.RunSQL(APPEND_ONLY, DROP)]
