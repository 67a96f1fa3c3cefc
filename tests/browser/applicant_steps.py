"""The applicant's part of the portal journey, written once and driven by two pairs of hands: the
mouse (Playwright's click and fill) and the keyboard alone (Tab to a control, then type, Space or
Enter). Used by tests/browser/test_applicant_journey.py and test_applicant_keyboard.py."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser.support import console_of
from tests.browser.test_journeys import ACTIVE, assert_focus_visible

PASSWORD = "Ogrodnik-Wiosna-2026!"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# The page's own form, not the "Log out" button of the portal's navigation.
FORM_BUTTON = "main form:not(.portal-nav__logout) button[type=submit]"


def pdf_file(folder: Path, name: str, marker: str) -> Path:
    """A small valid PDF; the marker makes its content (and hash) differ from the others'."""
    path = folder / name
    path.write_bytes(PDF + f"% {marker}\n".encode())
    return path


class Mouse:
    """Pointer and Playwright's fill: the way most applicants work."""

    keyboard_only = False

    def __init__(self, page):
        self.page = page

    def fill(self, selector, text):
        self.page.locator(selector).fill(text)

    def choose(self, selector, value):
        self.page.locator(selector).select_option(value)

    def tick(self, selector):
        self.page.locator(selector).check()

    def date(self, selector, day: datetime.date):
        self.page.locator(selector).fill(day.isoformat())

    def upload(self, selector, path):
        self.page.locator(selector).set_input_files(path)

    def go(self, selector):
        """Follow a link or press a button that loads another page."""
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()


SAME_CONTROL = f"""(() => {{
  const same = window.zrkLastFocus === {ACTIVE};
  window.zrkLastFocus = {ACTIVE};
  return same;
}})()"""


class Keyboard(Mouse):
    """Tab (Shift+Tab back), Enter and Space only; every control reached shows its focus."""

    keyboard_only = True

    def focus(self, selector, limit=250):
        page = self.page
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"{ACTIVE} === document.body"):
                continue  # between the end of the page and its start
            if page.evaluate(SAME_CONTROL):
                continue  # Tab between the day, month and year of a date field: checked on arrival
            try:
                assert_focus_visible(page)
            except AssertionError as invisible:
                where = page.evaluate(f"{ACTIVE}.outerHTML.slice(0, 200)")
                raise AssertionError(f"focus not visible on {where} at {page.url}") from invisible
            if page.evaluate(f"{ACTIVE}.matches({selector!r})"):
                return
        pytest.fail(f"{selector} not reached in {limit} presses of Tab on {page.url}")

    def fill(self, selector, text):
        self.focus(selector)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def choose(self, selector, value):
        self.focus(selector)
        control = self.page.locator(selector)
        wanted = control.evaluate(f"s => Array.from(s.options).findIndex(o => o.value === {value!r})")
        assert wanted >= 0, (selector, value)
        for _ in range(50):
            current = control.evaluate("s => s.selectedIndex")
            if current == wanted:
                return
            self.page.keyboard.press("ArrowDown" if current < wanted else "ArrowUp")
        pytest.fail(f"{selector}: option {value} not reached with the arrow keys")

    def tick(self, selector):
        self.focus(selector)
        if not self.page.locator(selector).is_checked():
            self.page.keyboard.press("Space")
        expect(self.page.locator(selector)).to_be_checked()

    def date(self, selector, day: datetime.date):
        # Chromium orders the date field's parts by its own interface language (English here, not the
        # page's locale): month, day, year, each moving on to the next part when typed.
        self.focus(selector)
        self.page.keyboard.type(day.strftime("%m%d%Y"))
        expect(self.page.locator(selector)).to_have_value(day.isoformat())

    def upload(self, selector, path):
        self.focus(selector)
        for attempt in range(3):
            # Chromium now and then drops the first key on a file field just focused: press again.
            try:
                with self.page.expect_file_chooser(timeout=3_000) as chooser:
                    self.page.keyboard.press("Space")
            except PlaywrightTimeoutError:
                if attempt == 2:
                    raise
                continue
            chooser.value.set_files(path)
            return

    def go(self, selector):
        self.focus(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


def confirmation_path(address: str) -> str:
    """The path of the verification link in the last message sent to the address."""
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no message to {address}: {[message.to for message in mail.outbox]}"
    link = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+)", sent[-1].body)
    assert link, sent[-1].body
    return link.group(1)


def sign_up_and_log_in(hands, base, email):
    page = hands.page
    page.goto(base + "/konto/signup/")
    hands.fill("#id_email", email)
    hands.fill("#id_password1", PASSWORD)
    hands.fill("#id_password2", PASSWORD)
    hands.go(FORM_BUTTON)
    expect(page).to_have_url(re.compile(r"/konto/confirm-email/$"))
    # The link from the e-mail opens a page that confirms the address with a button.
    page.goto(base + confirmation_path(email))
    hands.go(FORM_BUTTON)
    # Confirming signs in; sign out and in again as the applicant does the next day.
    page.context.clear_cookies()
    page.goto(base + "/konto/login/")
    hands.fill("#id_login", email)
    hands.fill("#id_password", PASSWORD)
    hands.go(FORM_BUTTON)
    expect(page).to_have_url(re.compile(r"/wnioski/$"))


def create_organisation(hands, nip, regon="123456785"):
    page = hands.page
    hands.go('main a[href$="/wnioski/organizacje/nowa/"]')
    hands.fill("#id_name", "Fundacja Ogrody Miejskie")
    hands.fill("#id_nip", nip)
    hands.fill("#id_regon", regon)
    hands.fill("#id_street", "ul. Zielona 5")
    hands.fill("#id_postal_code", "00-950")
    hands.fill("#id_city", "Warszawa")
    voivodeship = page.locator("#id_voivodeship option").nth(7).get_attribute("value")
    hands.choose("#id_voivodeship", voivodeship)
    hands.go(FORM_BUTTON)
    expect(page.locator("main h1")).to_contain_text("Fundacja Ogrody Miejskie")


def start_inclusion_draft(hands, base):
    page = hands.page
    page.goto(base + "/wnioski/")
    hands.go('main .portal-new a[href*="/wnioski/nowy/inclusion/"]')
    hands.fill("#id_proposed_name", "Pielęgnacja ogrodów społecznych")
    hands.choose("#id_category", "free_market")
    hands.go(FORM_BUTTON)
    expect(page.locator("main h1")).to_have_text("Twój wniosek (projekt)")
    return page.url


def submit_refused(hands):
    """Submit while sections are missing: refused, with the list of what each lacks."""
    page = hands.page
    # Refused with 400, which the console reports.
    console_of(page).allowed_failures.add(page.locator("main form[action$='/zloz/']").evaluate("f => f.action"))
    hands.go("main form[action$='/zloz/'] button[type=submit]")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    # The page opens with the focus on the list, where a keyboard or screen-reader user starts.
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("Wniosku nie można jeszcze złożyć")
    listed = summary.locator("li")
    expect(listed.first).to_be_visible()
    assert listed.count() >= 5, summary.inner_text()
    expect(summary).to_contain_text("Opłata")
    expect(page).to_have_title(re.compile(r"^Błąd:"))


SAVE = "main form button[name=then][value=continue]"


def fill_section(hands, values: dict, ticks=(), dates=None, choices=None, upload=None):
    for selector, value in (choices or {}).items():
        hands.choose(selector, value)
    for selector, value in values.items():
        hands.fill(selector, value)
    for selector in ticks:
        hands.tick(selector)
    for selector, day in (dates or {}).items():
        hands.date(selector, day)
    if upload:
        hands.upload("#id_file", upload)
    hands.go(SAVE)
    expect(hands.page.locator(".portal-messages")).to_contain_text("Zapisano.")


def fill_inclusion(hands, task_list_url, ministry_pk, prk_level_pk, files: Path):
    """Every section of the inclusion task list, in order ("Save and continue" leads to the next)."""
    page = hands.page
    page.goto(task_list_url)
    hands.go('main .draft-tasks a[href$="/sekcja/minister/"]')
    fill_section(hands, {"#id_contact_email": "wnioski@ogrody.example.org"}, choices={"#id_ministry": ministry_pk})
    fill_section(
        hands,
        {
            "#id_characteristic_pl": "Osoba posiadająca kwalifikację pielęgnuje ogrody społeczne.",
            "#id_target_groups_pl": "Ogrodnicy, wolontariusze, pracownicy spółdzielni mieszkaniowych.",
        },
        choices={"#id_prk_level": prk_level_pk},
    )
    fill_section(
        hands,
        {"#id_document_name_pl": "Certyfikat kwalifikacji", "#id_workload_hours": "120"},
        ticks=["#id_validity_indefinite"],
    )
    # Learning outcomes: a set, an outcome in it and its verification criterion, each on its page.
    expect(page.locator("main h1")).to_have_text("Efekty uczenia się")
    hands.go('main a[href*="/efekty/set/dodaj/"]')
    hands.fill("#id_name_pl", "Planowanie prac w ogrodzie")
    hands.go(FORM_BUTTON)
    hands.go('main a[href*="/efekty/outcome/dodaj/"]')
    hands.fill("#id_text_pl", "Planuje prace pielęgnacyjne w ogrodzie.")
    hands.go(FORM_BUTTON)
    hands.go('main a[href*="/efekty/criterion/dodaj/"]')
    hands.fill("#id_text_pl", "Sporządza harmonogram prac na sezon.")
    hands.go(FORM_BUTTON)
    expect(page.locator(".outcome-editor")).to_contain_text("Sporządza harmonogram prac na sezon.")
    fill_section(hands, {}, upload=pdf_file(files, "program-szkolenia.pdf", "outcomes"))
    expect(page.locator("main h1")).to_have_text("Walidacja")
    fill_section(
        hands,
        {
            "#id_entry_conditions_pl": "Brak.",
            "#id_validation_requirements_pl": "Część teoretyczna (test) i praktyczna (obserwacja w ogrodzie).",
        },
    )
    fill_section(hands, {"#id_demand_pl": "Gminy i spółdzielnie szukają osób do pielęgnacji ogrodów."})
    fill_section(hands, {"#id_isced_code": "0812", "#id_pkd_code": "81.30.Z"})
    expect(page.locator("main h1")).to_have_text("Opłata")
    fill_section(
        hands,
        {"#id_fee_reference": "Opłata za wniosek – Fundacja Ogrody Miejskie"},
        dates={"#id_fee_paid_on": timezone.localdate() - datetime.timedelta(days=1)},
        upload=pdf_file(files, "potwierdzenie-przelewu.pdf", "fee"),
    )
    # After the last section: the task list, every section complete.
    expect(page.locator("#progress")).to_contain_text("8 z 8")


def submit_complete(hands):
    page = hands.page
    hands.go("main form[action$='/zloz/'] button[type=submit]")
    expect(page.locator(".confirmation h1")).to_have_text("Wniosek złożony")
    number = page.locator(".confirmation__number").inner_text().strip()
    assert number, page.content()
    return number


def answer_completion_request(hands, case_url, files: Path):
    page = hands.page
    page.goto(case_url)
    hands.fill("#completion textarea", "Uzupełniamy podpis osoby upoważnionej; skan w załączniku.")
    hands.upload("#completion input[type=file]", pdf_file(files, "podpis.pdf", "answer"))
    hands.go("#completion form button[type=submit]")
    expect(page.locator("[role=status]").filter(has_text="Twoja odpowiedź została wysłana")).to_be_visible()
