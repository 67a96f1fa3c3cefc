"""Taking a workflow step as the back-office user does, for the tests of every kind of application."""

from django.contrib.messages import get_messages
from django.urls import reverse


def admin_url(application, page: str, *args) -> str:
    """The admin address of ``page`` ("change", "transition"...) for this application, whatever its kind."""
    opts = application._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[application.pk, *args])


def step(client, application, action, expect_ok=True, **fields) -> str:
    """Click a step's button on the application's admin change page: the page must offer it, the post
    (to transition/<action>/) comes back to the page with one message, a success or, with
    ``expect_ok=False``, an error. Returns that message; ``application`` is reloaded."""
    application.refresh_from_db()
    change_url = admin_url(application, "change")
    page = client.get(change_url)  # shows, and so clears, the messages of earlier clicks
    assert page.status_code == 200
    url = admin_url(application, "transition", action)
    assert url.encode() in page.content, f"no button for {action} in state {application.state}"
    data = {f"{action}-expected_state": application.state}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == change_url
    found = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert [level for level, _ in found] == (["success"] if expect_ok else ["error"]), (action, found)
    application.refresh_from_db()
    return found[0][1]
