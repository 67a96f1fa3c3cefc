import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from institutions.models import Organisation
from institutions.validators import nip_is_valid, regon_is_valid, validate_nip, validate_postal_code
from tests.factories import OrganisationFactory, valid_nip

pytestmark = pytest.mark.usefixtures("in_english")


@pytest.mark.parametrize("nip", ["5260250274", "7740001454", "1234563218"])
def test_real_shaped_nips_with_correct_check_digit_are_accepted(nip):
    assert nip_is_valid(nip)


@pytest.mark.parametrize("nip", ["5260250275", "526-025-02-74", "123456789", "abcdefghij", "", "1234567890"])
def test_bad_nips_are_rejected(nip):
    assert not nip_is_valid(nip)


def test_bad_nip_message_says_what_is_expected():
    with pytest.raises(ValidationError) as error:
        validate_nip("5260250275")
    assert "10 digits" in str(error.value)


@pytest.mark.parametrize(
    ("regon", "ok"),
    [("123456785", True), ("123456786", False), ("12345678512347", True), ("12345678512348", False), ("12345", False)],
)
def test_regon_checksum(regon, ok):
    assert regon_is_valid(regon) is ok


@pytest.mark.parametrize(("code", "ok"), [("00-950", True), ("31-042", True), ("00950", False), ("0-0950", False)])
def test_postal_code_format(code, ok):
    if ok:
        validate_postal_code(code)
    else:
        with pytest.raises(ValidationError, match="NN-NNN"):
            validate_postal_code(code)


@pytest.mark.django_db
def test_model_validation_reports_bad_nip_and_postal_code_on_their_fields():
    organisation = OrganisationFactory.build(nip="5260250275", postal_code="00950")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert set(error.value.message_dict) >= {"nip", "postal_code"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("nip", "5260250275"), ("regon", "123456786"), ("postal_code", "1-2345"), ("krs", "12")]
)
def test_database_refuses_invalid_identifiers_even_without_validation(field, value):
    organisation = OrganisationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(**{field: value})


@pytest.mark.django_db
def test_many_organisations_without_nip_but_nip_unique_when_given():
    OrganisationFactory(nip="")
    OrganisationFactory(nip="")
    nip = valid_nip(7)
    OrganisationFactory(nip=nip)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(nip=nip)


def test_bad_nip_message_is_in_polish_by_default():
    with translation.override("pl"):
        with pytest.raises(ValidationError) as error:
            validate_nip("5260250275")
        assert "10 cyfr" in str(error.value)


def test_the_database_refuses_a_website_that_is_not_a_web_address(db):
    from django.db import IntegrityError, transaction

    from tests.factories import OrganisationFactory

    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>", "//evil.example"):
        with pytest.raises(IntegrityError), transaction.atomic():
            OrganisationFactory(website=bad)
    assert OrganisationFactory(website="HTTPS://example.pl/").pk
    assert OrganisationFactory(website="").pk


def test_digits_of_other_scripts_are_not_a_nip_regon_or_postal_code():
    from django.core.exceptions import ValidationError

    from institutions.validators import validate_nip, validate_postal_code, validate_regon

    arabic_indic = "".join(chr(0x0660 + int(d)) for d in "5260250274")
    for validator, value in (
        (validate_nip, arabic_indic),
        (validate_regon, arabic_indic[:9]),
        (validate_postal_code, "٠٠-٩٥٠"),
    ):
        with pytest.raises(ValidationError):
            validator(value)
