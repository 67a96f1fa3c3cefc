"""Reference data of the institutions app: voivodeships (TERYT) and ministries.

Loaded by a data migration and by ``manage.py load_reference`` (idempotent: updates by key).
Sources: docs/domain.md#sources-of-the-demo-register; the Ministry of Development, Labour and
Technology from its notice M.P. 2021 poz. 684.
"""

# English pages use the voivodeships' own names, capitalised ("Świętokrzyskie voivodeship"), as the EU
# and Statistics Poland do in English: translated names ("Holy Cross") are neither official nor known.
VOIVODESHIPS = [
    ("02", "dolnośląskie", "Dolnośląskie"),
    ("04", "kujawsko-pomorskie", "Kujawsko-Pomorskie"),
    ("06", "lubelskie", "Lubelskie"),
    ("08", "lubuskie", "Lubuskie"),
    ("10", "łódzkie", "Łódzkie"),
    ("12", "małopolskie", "Małopolskie"),
    ("14", "mazowieckie", "Mazowieckie"),
    ("16", "opolskie", "Opolskie"),
    ("18", "podkarpackie", "Podkarpackie"),
    ("20", "podlaskie", "Podlaskie"),
    ("22", "pomorskie", "Pomorskie"),
    ("24", "śląskie", "Śląskie"),
    ("26", "świętokrzyskie", "Świętokrzyskie"),
    ("28", "warmińsko-mazurskie", "Warmińsko-Mazurskie"),
    ("30", "wielkopolskie", "Wielkopolskie"),
    ("32", "zachodniopomorskie", "Zachodniopomorskie"),
]

# (code, name pl, name en, department pl, department en, active)
# Ministries named in ZSK notices are kept under their name at the time (inactive when renamed):
# a qualification records the minister who included it.
MINISTRIES = [
    (
        "mib",
        "Ministerstwo Infrastruktury i Budownictwa",
        "Ministry of Infrastructure and Construction",
        "budownictwo, planowanie i zagospodarowanie przestrzenne oraz mieszkalnictwo",
        "construction, spatial planning and housing",
        False,
    ),
    (
        "mpit",
        "Ministerstwo Przedsiębiorczości i Technologii",
        "Ministry of Entrepreneurship and Technology",
        "gospodarka",
        "economy",
        False,
    ),
    ("ms", "Ministerstwo Sportu", "Ministry of Sport", "kultura fizyczna", "physical culture", False),
    (
        "mrpit",
        "Ministerstwo Rozwoju, Pracy i Technologii",
        "Ministry of Development, Labour and Technology",
        "gospodarka",
        "economy",
        False,
    ),
    (
        "mrit",
        "Ministerstwo Rozwoju i Technologii",
        "Ministry of Economic Development and Technology",
        "gospodarka",
        "economy",
        True,
    ),
    (
        "msit",
        "Ministerstwo Sportu i Turystyki",
        "Ministry of Sport and Tourism",
        "kultura fizyczna; turystyka",
        "physical culture; tourism",
        True,
    ),
    (
        "mrirw",
        "Ministerstwo Rolnictwa i Rozwoju Wsi",
        "Ministry of Agriculture and Rural Development",
        "rolnictwo; rozwój wsi; rynki rolne",
        "agriculture; rural development; agricultural markets",
        True,
    ),
    ("mf", "Ministerstwo Finansów", "Ministry of Finance", "finanse publiczne", "public finance", True),
    ("mc", "Ministerstwo Cyfryzacji", "Ministry of Digital Affairs", "informatyzacja", "computerisation", True),
    ("msp", "Ministerstwo Sprawiedliwości", "Ministry of Justice", "sprawiedliwość", "justice", True),
    ("mz", "Ministerstwo Zdrowia", "Ministry of Health", "zdrowie", "health", True),
    (
        "men",
        "Ministerstwo Edukacji Narodowej",
        "Ministry of National Education",
        "oświata i wychowanie",
        "education",
        True,
    ),
    (
        "mkidn",
        "Ministerstwo Kultury i Dziedzictwa Narodowego",
        "Ministry of Culture and National Heritage",
        "kultura i ochrona dziedzictwa narodowego",
        "culture and national heritage",
        True,
    ),
    (
        "mswia",
        "Ministerstwo Spraw Wewnętrznych i Administracji",
        "Ministry of the Interior and Administration",
        "sprawy wewnętrzne; administracja publiczna",
        "internal affairs; public administration",
        True,
    ),
    (
        "mkis",
        "Ministerstwo Klimatu i Środowiska",
        "Ministry of Climate and Environment",
        "środowisko; klimat",
        "environment; climate",
        True,
    ),
    (
        "mi",
        "Ministerstwo Infrastruktury",
        "Ministry of Infrastructure",
        "transport; gospodarka wodna",
        "transport; water management",
        True,
    ),
    (
        "mrpips",
        "Ministerstwo Rodziny, Pracy i Polityki Społecznej",
        "Ministry of Family, Labour and Social Policy",
        "praca; rodzina; zabezpieczenie społeczne",
        "labour; family; social security",
        True,
    ),
    (
        "mnisw",
        "Ministerstwo Nauki i Szkolnictwa Wyższego",
        "Ministry of Science and Higher Education",
        "szkolnictwo wyższe i nauka",
        "higher education and science",
        True,
    ),
    ("map", "Ministerstwo Aktywów Państwowych", "Ministry of State Assets", "aktywa państwowe", "state assets", True),
    (
        "mfipr",
        "Ministerstwo Funduszy i Polityki Regionalnej",
        "Ministry of Development Funds and Regional Policy",
        "rozwój regionalny",
        "regional development",
        True,
    ),
    (
        "mon",
        "Ministerstwo Obrony Narodowej",
        "Ministry of National Defence",
        "obrona narodowa",
        "national defence",
        True,
    ),
    ("mp", "Ministerstwo Przemysłu", "Ministry of Industry", "energia; górnictwo", "energy; mining", True),
    (
        "msz",
        "Ministerstwo Spraw Zagranicznych",
        "Ministry of Foreign Affairs",
        "sprawy zagraniczne",
        "foreign affairs",
        True,
    ),
]


def load_reference(apps=None) -> dict[str, int]:
    """Create or update the reference rows; ``apps`` is the migration state, or None for live models."""
    if apps is None:
        from institutions.models import Ministry, Voivodeship
    else:
        Ministry = apps.get_model("institutions", "Ministry")  # noqa: N806
        Voivodeship = apps.get_model("institutions", "Voivodeship")  # noqa: N806
    for code, name_pl, name_en in VOIVODESHIPS:
        Voivodeship.objects.update_or_create(
            code=code, defaults={"name": name_pl, "name_pl": name_pl, "name_en": name_en}
        )
    for code, name_pl, name_en, dept_pl, dept_en, active in MINISTRIES:
        Ministry.objects.update_or_create(
            code=code,
            defaults={
                "name": name_pl,
                "name_pl": name_pl,
                "name_en": name_en,
                "department": dept_pl,
                "department_pl": dept_pl,
                "department_en": dept_en,
                "active": active,
            },
        )
    return {"voivodeships": len(VOIVODESHIPS), "ministries": len(MINISTRIES)}
