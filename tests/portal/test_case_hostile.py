"""Hostile input on the case forms (answer, withdrawal): never a server error, nothing stored from a
refused request. Property-based, with the shared strategies of tests/hostile."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import ApplicantFile
from tests.portal.case_support import MemberRole, case_url, client_for, completion_requested, member, staff_users

pytestmark = pytest.mark.django_db

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["\x00", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "\ud7ff" * 3, "a" * 20_000]),
)
hostile_name = st.one_of(
    # What a browser can send: no path (the client and Django's parser keep the last part only).
    st.text(min_size=1, max_size=60).map(lambda s: s.replace("\x00", "").replace("/", "_").replace("\\", "_")),
    st.sampled_from(
        ["x.pdf", "a\x00.pdf", "../../etc/passwd.pdf", "a.png", "a\u202egnp.exe", "con.pdf", "a" * 300 + ".pdf"]
    ),
)


@pytest.fixture
def case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = staff_users()
    application = completion_requested("inclusion", staff["operator"])
    viewer = member(application.applicant, MemberRole.VIEWER, "viewer")
    editor = member(application.applicant, MemberRole.EDITOR, "editor")
    return application, client_for(editor), client_for(viewer)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    message=hostile_text,
    # Never the application's state: a request that could act is not what is tested here.
    expected=hostile_text.filter(lambda value: value != "completion_requested"),
    name=hostile_name,
    body=st.binary(max_size=200),
    confirm=st.sampled_from(["", "on", "0", "\x00"]),
)
def test_hostile_posts_never_fail_and_store_nothing(case, message, expected, name, body, confirm):
    application, editor, viewer = case
    answer_url = case_url("inclusion", application, "portal:case_answer")
    withdraw_url = case_url("inclusion", application, "portal:case_withdraw")
    for client in (editor, viewer):
        if name.strip(".") == "":
            name = "x"
        upload = SimpleUploadedFile(name[:250], body)
        response = client.post(answer_url, {"message": message, "expected_state": expected, "files": [upload]})
        assert response.status_code in (302, 400, 403)
        response = client.post(withdraw_url, {"comment": message, "expected_state": expected, "confirm": confirm})
        assert response.status_code in (302, 400, 403)
    application.refresh_from_db()
    assert application.state == "completion_requested"
    assert not ApplicantFile.objects.exists()
    assert not application.events.filter(action__in=["answer_completion", "withdraw_online"]).exists()


@pytest.mark.parametrize("path_tail", ["0/", "-1/", "99999999999999999999/", "abc/", "%00/"])
def test_hostile_addresses_are_404(case, path_tail):
    application, editor, viewer = case
    for kind in ("inclusion", "rights", "pzzj", "x", "%00"):
        response = editor.get(f"/wnioski/sprawa/{kind}/{path_tail}")
        assert response.status_code == 404
