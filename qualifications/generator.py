"""Generated register data for load and scale testing (``manage.py generate_data``).

Everything here is synthetic and says so: organisation names end in "(dane generowane)", codes
start with "GEN-". Distributions roughly follow the real register: most qualifications are
vocational, higher-education or market ones at PRK levels 3-6; institutions cluster in the most
populous voivodeships. The same seed gives the same data.

Speed: rows go in with bulk inserts in batches; the search triggers stay idle during the load
(zrk.bulk_load) and the search document is rebuilt once at the end, in parallel over two
connections (the Polish dictionary makes that step the longest).
"""

import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, connections, transaction
from django.utils import timezone

from institutions.models import Ministry, Organisation, Voivodeship
from institutions.validators import NIP_WEIGHTS, REGON9_WEIGHTS
from qualifications.models import (
    CertificationRight,
    LearningOutcome,
    LearningOutcomeSet,
    Qualification,
    RightStatus,
    Status,
    certifying_condition,
)
from qualifications.models.qualification import ZRK_ID_SEQUENCE
from qualifications.models.reports import QuarterlyReport, quarter_end
from qualifications.sql import BULK_LOAD_OFF, BULK_LOAD_ON, BUMP_REGISTER_VERSION
from qualifications.sql import LIVE_REFRESH_ACTIVE_RIGHTS as REFRESH_ALL_ACTIVE_RIGHTS

BATCH = 5_000
# Fixed (not "the last two"), so that the same seed gives the same rows on any day.
GENERATED_REPORT_QUARTERS = [(2026, 2), (2026, 3)]
GENERATED_CODE_PREFIX = "GEN-"
GENERATED_MARK = "(dane generowane)"

# (category, type, share, levels with weights)
CATEGORIES = [
    ("vocational", "partial", 30, {2: 1, 3: 5, 4: 4, 5: 1}),
    ("higher_education", "full", 14, {6: 5, 7: 4, 8: 1}),
    ("postgraduate", "partial", 15, {6: 2, 7: 3}),
    ("market", "partial", 14, {2: 1, 3: 3, 4: 4, 5: 3, 6: 2}),
    ("free_market", "partial", 8, {3: 2, 4: 3, 5: 2, 6: 1}),
    ("regulated", "partial", 10, {3: 2, 4: 3, 5: 2, 6: 1}),
    ("craft", "partial", 5, {3: 2, 4: 2, 5: 3}),
    ("sectoral", "partial", 3, {3: 1, 4: 2, 5: 1}),
    ("general_education", "full", 1, {1: 1, 2: 2, 4: 3}),
]

# Voivodeship capitals with a rough population weight.
CITIES = {
    "02": ("Wrocław", 7), "04": ("Bydgoszcz", 5), "06": ("Lublin", 5), "08": ("Zielona Góra", 2),
    "10": ("Łódź", 6), "12": ("Kraków", 9), "14": ("Warszawa", 14), "16": ("Opole", 2),
    "18": ("Rzeszów", 5), "20": ("Białystok", 3), "22": ("Gdańsk", 6), "24": ("Katowice", 11),
    "26": ("Kielce", 3), "28": ("Olsztyn", 3), "30": ("Poznań", 9), "32": ("Szczecin", 4),
}  # fmt: skip

ACTIVITIES = [
    ("Prowadzenie", "Running"), ("Obsługa", "Operating"), ("Projektowanie", "Designing"),
    ("Montaż", "Installing"), ("Zarządzanie", "Managing"), ("Planowanie", "Planning"),
    ("Konserwacja", "Maintaining"), ("Organizowanie", "Organising"), ("Wykonywanie", "Performing"),
    ("Nadzorowanie", "Supervising"), ("Programowanie", "Programming"), ("Diagnozowanie", "Diagnosing"),
]  # fmt: skip
OBJECTS = [
    ("instalacji fotowoltaicznych", "photovoltaic installations"), ("procesów księgowych", "accounting processes"),
    ("sieci komputerowych", "computer networks"), ("usług fryzjerskich", "hairdressing services"),
    ("szkoleń zawodowych", "vocational training"), ("magazynu", "a warehouse"),
    ("pojazdów samochodowych", "motor vehicles"), ("imprez turystycznych", "tourist events"),
    ("upraw ogrodniczych", "horticultural crops"), ("zajęć sportowych", "sports classes"),
    ("dokumentacji medycznej", "medical records"), ("systemów grzewczych", "heating systems"),
    ("konstrukcji stalowych", "steel structures"), ("obsługi klienta", "customer service"),
    ("baz danych", "databases"), ("wyrobów piekarskich", "bakery products"),
    ("mediacji rodzinnych", "family mediation"), ("produkcji mebli", "furniture production"),
    ("opieki nad osobą starszą", "care for an elderly person"), ("robót wykończeniowych", "finishing works"),
]  # fmt: skip
OUTCOME_VERBS = [
    ("Charakteryzuje", "Describes"), ("Stosuje", "Applies"), ("Ocenia", "Assesses"), ("Dobiera", "Selects"),
    ("Planuje", "Plans"), ("Dokumentuje", "Documents"), ("Analizuje", "Analyses"), ("Kontroluje", "Checks"),
]  # fmt: skip
OUTCOME_OBJECTS = [
    ("zasady bezpieczeństwa pracy", "health and safety rules"), ("narzędzia i materiały", "tools and materials"),
    ("wymagania klienta", "the client's requirements"), ("jakość wykonanej pracy", "the quality of the work done"),
    ("koszty realizacji zadania", "the cost of the task"), ("przepisy prawa", "the applicable law"),
    ("dokumentację techniczną", "technical documentation"), ("harmonogram prac", "the work schedule"),
]  # fmt: skip


# Near-duplicate pairs planted for the similarity evaluation (``generate_data --near-duplicates``,
# ``manage.py eval_similar``): each subject is a narrow trade with words of its own, so the pair's
# two records should find each other among thousands that share the generic vocabulary. The
# second record of a pair names the subject with another activity and states the same outcomes
# with other verbs, as a competing application for the same ground would.
NEAR_DUPLICATE_SUBJECTS = [
    ("renowacji organów piszczałkowych", "restoring pipe organs",
     ["strojenie piszczałek organowych", "naprawę miechów i wiatrownic", "konserwację traktury organowej"]),
    ("pszczelarstwa wędrownego", "migratory beekeeping",
     ["przewożenie uli z rodzinami pszczelimi", "leczenie warrozy w pasiece", "pozyskiwanie miodu wrzosowego"]),
    ("introligatorstwa artystycznego", "artistic bookbinding",
     ["szycie bloku książki na zwięzy", "złocenie grzbietu oprawy", "oprawę w skórę cielęcą"]),
    ("budowy łodzi drewnianych", "building wooden boats",
     ["gięcie wręg nad parą", "uszczelnianie poszycia pakułami", "szkutnicze łączenie klepek"]),
    ("hodowli ryb łososiowatych", "salmonid fish farming",
     ["karmienie narybku pstrąga", "natlenianie wody w stawach przepływowych", "odłów tarlaków łososia"]),
    ("konserwacji witraży", "stained-glass conservation",
     ["lutowanie ołowianych ramek witrażu", "malowanie szkła witrażowego", "wypalanie farb witrażowych"]),
    ("kowalstwa artystycznego", "artistic blacksmithing",
     ["kucie ornamentów w kuźni", "hartowanie odkuwek stalowych", "zgrzewanie ogniowe prętów"]),
    ("zdobnictwa ceramiki szkliwionej", "decorating glazed ceramics",
     ["szkliwienie naczyń kamionkowych", "wypał ceramiki w piecu gazowym", "malowanie ornamentów podszkliwnych"]),
    ("tresury psów asystujących", "training assistance dogs",
     ["socjalizację szczeniąt asystujących", "naukę aportowania przedmiotów przez psa",
      "dobór psa do osoby niewidomej"]),
    ("lutnictwa smyczkowego", "making bowed string instruments",
     ["wyginanie boczków skrzypiec", "lakierowanie płyt rezonansowych", "strojenie duszy instrumentu"]),
    ("zegarmistrzostwa mechanicznego", "mechanical watchmaking",
     ["regulację wychwytu kotwicowego", "czyszczenie mechanizmu zegarka", "wymianę sprężyny napędowej"]),
    ("wikliniarstwa", "wickerwork",
     ["korowanie wikliny", "wyplatanie koszy z wikliny", "barwienie witek wiklinowych"]),
    ("kamieniarstwa nagrobkowego", "monumental masonry",
     ["szlifowanie płyt granitowych", "grawerowanie liter w kamieniu", "posadowienie pomnika nagrobnego"]),
    ("serowarstwa zagrodowego", "farmhouse cheesemaking",
     ["podpuszczkowanie mleka owczego", "dojrzewanie oscypka w wędzarni", "solenie serów w solance"]),
    ("ratownictwa wysokościowego", "rope rescue",
     ["asekurację na linach statycznych", "ewakuację poszkodowanego z wysokości", "budowanie stanowisk linowych"]),
    ("renowacji mebli zabytkowych", "antique furniture restoration",
     ["politurowanie szelakiem", "uzupełnianie intarsji fornirem", "klejenie klejem glutynowym"]),
    ("sztukatorstwa", "stucco work",
     ["odlewanie gzymsów gipsowych", "ciągnienie profili sztukatorskich", "rekonstrukcję rozet sufitowych"]),
    ("dekarstwa łupkowego", "slate roofing",
     ["krycie dachu łupkiem naturalnym", "docinanie płytek łupkowych", "obróbkę blacharską kominów"]),
    ("perfumiarstwa", "perfumery",
     ["komponowanie nut zapachowych", "maceracja olejków eterycznych", "ocenę sensoryczną kompozycji perfum"]),
    ("złotnictwa jubilerskiego", "goldsmithing",
     ["osadzanie kamieni szlachetnych", "lutowanie stopów złota", "polerowanie biżuterii srebrnej"]),
    ("garncarstwa tradycyjnego", "traditional pottery",
     ["toczenie naczyń na kole garncarskim", "przygotowanie gliny do toczenia", "wypał w piecu opalanym drewnem"]),
    ("tapicerstwa meblowego", "furniture upholstery",
     ["obijanie siedzisk tkaniną obiciową", "sprężynowanie tapicerki", "pikowanie oparć guzikami"]),
    ("hodowli alpak", "alpaca husbandry",
     ["strzyżenie runa alpak", "ocenę kondycji stada alpak", "sortowanie włókna alpaki"]),
    ("balonowego pilotażu turystycznego", "tourist hot-air ballooning",
     ["napełnianie powłoki balonu", "nawigację balonem na ogrzane powietrze",
      "lądowanie balonem w terenie przygodnym"]),
]  # fmt: skip
NEAR_DUPLICATE_MARK = "NEAR"  # symbols NEAR01A / NEAR01B pair the records
NEAR_DUPLICATE_ACTIVITIES = [("Prowadzenie", "Running"), ("Wykonywanie", "Performing")]
NEAR_DUPLICATE_VERBS = [
    (("Wykonuje", "Performs"), ("Realizuje", "Carries out")),
    (("Planuje", "Plans"), ("Przygotowuje", "Prepares")),
    (("Kontroluje", "Checks"), ("Ocenia", "Assesses")),
]


@dataclass
class Sizes:
    qualifications: int
    organisations: int
    rights: int
    outcomes_per_qualification: int = 10
    near_duplicates: int = 0  # planted pairs, at most len(NEAR_DUPLICATE_SUBJECTS)


def weighted(rng: random.Random, options: dict):
    return rng.choices(list(options), weights=list(options.values()))[0]


def nip(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(100, 999)}{rng.randrange(0, 10**6):06d}"
        check = sum(int(d) * w for d, w in zip(digits, NIP_WEIGHTS, strict=True)) % 11
        if check != 10:
            return digits + str(check)


def regon(rng: random.Random) -> str:
    digits = f"{rng.randrange(10**7, 10**8)}"
    return digits + str(sum(int(d) * w for d, w in zip(digits, REGON9_WEIGHTS, strict=True)) % 11 % 10)


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Generator:
    def __init__(self, sizes: Sizes, seed: int, progress: Callable[[str, int, int], None]):
        self.sizes = sizes
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.progress = progress

    def organisations(self) -> list[int]:
        voivodeships = {v.code: v for v in Voivodeship.objects.all()}
        weights = {code: weight for code, (_city, weight) in CITIES.items()}
        taken = set(Organisation.objects.exclude(nip=None).values_list("nip", flat=True))
        rows = []
        for n in range(self.sizes.organisations):
            code = weighted(self.rng, weights)
            city = CITIES[code][0]
            number = nip(self.rng)
            while number in taken:
                number = nip(self.rng)
            taken.add(number)
            name = f"Ośrodek Certyfikacji nr {n + 1} w mieście {city} {GENERATED_MARK}"
            rows.append(
                Organisation(
                    name=name,
                    name_pl=name,
                    name_en=f"Certification Centre No {n + 1} in {city} (generated data)",
                    nip=number,
                    regon=regon(self.rng),
                    legal_form="company",
                    street=f"ul. Przykładowa {self.rng.randrange(1, 200)}",
                    postal_code=f"{self.rng.randrange(10, 99)}-{self.rng.randrange(0, 1000):03d}",
                    city=city,
                    voivodeship=voivodeships[code],
                )
            )
        ids = []
        for done, batch in enumerate(_batches(rows), start=1):
            ids += [org.pk for org in Organisation.objects.bulk_create(batch)]
            self.progress("organisations", min(done * BATCH, len(rows)), len(rows))
        return ids

    def qualifications(self) -> list[int]:
        ministries = list(Ministry.objects.filter(active=True).values_list("pk", flat=True))
        shares = {index: share for index, (_c, _t, share, _l) in enumerate(CATEGORIES)}
        start = date(2016, 7, 15)
        ids = []
        total = self.sizes.qualifications
        for done, size in enumerate(self._chunks(total), start=1):
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [ZRK_ID_SEQUENCE, size])
                zrk_ids = [row[0] for row in cursor.fetchall()]
            rows = []
            for zrk_id in zrk_ids:
                category, kind, _share, levels = CATEGORIES[weighted(self.rng, shares)]
                activity, thing = self.rng.choice(ACTIVITIES), self.rng.choice(OBJECTS)
                included = start + timedelta(days=self.rng.randrange(0, 3700))
                name_pl = f"{activity[0]} {thing[0]}"
                rows.append(
                    Qualification(
                        zrk_id=zrk_id,
                        code=f"{GENERATED_CODE_PREFIX}{zrk_id}",
                        name=name_pl,
                        name_pl=name_pl,
                        name_en=f"{activity[1]} {thing[1]}",
                        type=kind,
                        category=category,
                        status=Status.INCLUDED,
                        prk_level_id=weighted(self.rng, levels),
                        ministry_id=self.rng.choice(ministries),
                        included_on=included,
                        characteristic_pl=(
                            f"Osoba posiadająca kwalifikację samodzielnie zajmuje się obszarem: {thing[0]}. "
                            f"{GENERATED_MARK.capitalize()}."
                        ),
                        characteristic_en=f"The holder works independently on {thing[1]}. (Generated data.)",
                        workload_hours=self.rng.choice([None, 60, 120, 240, 480, 1200]),
                    )
                )
            ids += [q.pk for q in Qualification.objects.bulk_create(rows)]
            self.progress("qualifications", min(done * BATCH, total), total)
        return ids

    def near_duplicates(self) -> list[int]:
        """Planted pairs of near-duplicate records (see NEAR_DUPLICATE_SUBJECTS), with their outcomes."""
        ministries = list(Ministry.objects.filter(active=True).values_list("pk", flat=True))
        pairs = NEAR_DUPLICATE_SUBJECTS[: self.sizes.near_duplicates]
        if not pairs:
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [ZRK_ID_SEQUENCE, 2 * len(pairs)])
            zrk_ids = [row[0] for row in cursor.fetchall()]
        rows, outcomes = [], []
        for number, (subject_pl, subject_en, skills) in enumerate(pairs, start=1):
            ministry = self.rng.choice(ministries)
            level = self.rng.choice([3, 4, 5])
            for side, (activity, letter) in enumerate(zip(NEAR_DUPLICATE_ACTIVITIES, "AB", strict=True)):
                zrk_id = zrk_ids[2 * (number - 1) + side]
                name_pl = f"{activity[0]} {subject_pl}"
                rows.append(
                    Qualification(
                        zrk_id=zrk_id,
                        code=f"{GENERATED_CODE_PREFIX}{zrk_id}",
                        symbol=f"{NEAR_DUPLICATE_MARK}{number:02d}{letter}",
                        name=name_pl,
                        name_pl=name_pl,
                        name_en=f"{activity[1]} {subject_en}",
                        type="partial",
                        category="market",
                        status=Status.INCLUDED,
                        prk_level_id=level,
                        ministry_id=ministry,
                        included_on=date(2020, 1, 1) + timedelta(days=self.rng.randrange(0, 1500)),
                        characteristic_pl=(
                            f"Osoba posiadająca kwalifikację zajmuje się obszarem: {subject_pl}. "
                            f"{GENERATED_MARK.capitalize()}."
                        ),
                        characteristic_en=f"The holder works on {subject_en}. (Generated data.)",
                    )
                )
                texts = [
                    (f"{verbs[side][0]} {skill}", f"{verbs[side][1]} {skill}")
                    for verbs, skill in zip(NEAR_DUPLICATE_VERBS, skills, strict=True)
                ]
                generic = self.rng.sample(OUTCOME_OBJECTS, 3)
                texts += [(f"{self.rng.choice(OUTCOME_VERBS)[0]} {pl}", f"Applies {en}") for pl, en in generic]
                outcomes.append(texts)
        created = Qualification.objects.bulk_create(rows)
        sets = LearningOutcomeSet.objects.bulk_create(
            [
                LearningOutcomeSet(
                    qualification_id=q.pk, position=1, name="Zestaw 1", name_pl="Zestaw 1", name_en="Set 1"
                )
                for q in created
            ]
        )
        LearningOutcome.objects.bulk_create(
            [
                LearningOutcome(outcome_set_id=outcome_set.pk, position=position, text=pl, text_pl=pl, text_en=en)
                for outcome_set, texts in zip(sets, outcomes, strict=True)
                for position, (pl, en) in enumerate(texts, start=1)
            ]
        )
        self.progress("near-duplicate pairs", len(pairs), len(pairs))
        return [q.pk for q in created]

    def _chunks(self, total: int) -> Iterator[int]:
        for start in range(0, total, BATCH):
            yield min(BATCH, total - start)

    def outcomes(self, qualification_ids: list[int]) -> None:
        per = self.sizes.outcomes_per_qualification
        sets_per = 2 if per >= 2 else 1
        total = len(qualification_ids)
        for done, chunk in enumerate(_batches(qualification_ids, 1_000), start=1):
            sets = [
                LearningOutcomeSet(
                    qualification_id=pk,
                    position=position,
                    name=f"Zestaw {position}",
                    name_pl=f"Zestaw {position}",
                    name_en=f"Set {position}",
                )
                for pk in chunk
                for position in range(1, sets_per + 1)
            ]
            LearningOutcomeSet.objects.bulk_create(sets)
            outcomes = []
            for outcome_set in sets:
                for position in range(1, per // sets_per + 1):
                    verb, thing = self.rng.choice(OUTCOME_VERBS), self.rng.choice(OUTCOME_OBJECTS)
                    outcomes.append(
                        LearningOutcome(
                            outcome_set_id=outcome_set.pk,
                            position=position,
                            text=f"{verb[0]} {thing[0]}",
                            text_pl=f"{verb[0]} {thing[0]}",
                            text_en=f"{verb[1]} {thing[1]}",
                        )
                    )
            LearningOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
            self.progress("learning outcomes", min(done * 1_000, total) * per, total * per)

    def rights(self, qualification_ids: list[int], organisation_ids: list[int]) -> None:
        wanted = self.sizes.rights
        # Insertion-ordered (a dict, not a set) so that the same seed gives the same rows.
        pairs: dict[tuple[int, int], None] = {}
        # A third of the qualifications hold no right; the rest hold one or more.
        holders = self.rng.sample(qualification_ids, k=max(1, len(qualification_ids) * 2 // 3))
        while len(pairs) < wanted and len(pairs) < len(holders) * len(organisation_ids):
            pairs[(self.rng.choice(holders), self.rng.choice(organisation_ids))] = None
        pzzj_pool = organisation_ids[:40]
        rows = []
        for qualification_id, institution_id in pairs:
            decided = date(2017, 1, 1) + timedelta(days=self.rng.randrange(0, 3200))
            status = weighted(self.rng, {RightStatus.ACTIVE: 85, RightStatus.SUSPENDED: 3, RightStatus.WITHDRAWN: 12})
            pzzj = pzzj_pool[qualification_id % len(pzzj_pool)]
            rows.append(
                CertificationRight(
                    qualification_id=qualification_id,
                    institution_id=institution_id,
                    decision_date=decided,
                    decision_number=f"GEN/{qualification_id}/{institution_id}",
                    status=status,
                    pzzj_id=pzzj if pzzj != institution_id else None,
                    ended_on=decided + timedelta(days=400) if status == RightStatus.WITHDRAWN else None,
                    status_since=decided + timedelta(days=400) if status != RightStatus.ACTIVE else decided,
                )
            )
        for done, batch in enumerate(_batches(rows), start=1):
            CertificationRight.objects.bulk_create(batch)
            self.progress("certification rights", min(done * BATCH, len(rows)), len(rows))
        self.quarterly_reports([right for right in rows if right.status == RightStatus.ACTIVE])
        # The register rule: functioning while an active right exists.
        Qualification.objects.filter(
            pk__in=CertificationRight.objects.filter(
                certifying_condition(timezone.localdate()), qualification_id__in=qualification_ids
            ).values("qualification_id")
        ).update(status=Status.FUNCTIONING)
        # The triggers that keep where each qualification can be obtained are idle in a bulk load.
        with connection.cursor() as cursor:
            cursor.execute(REFRESH_ALL_ACTIVE_RIGHTS, {"low": min(qualification_ids), "high": max(qualification_ids)})

    def quarterly_reports(self, rights: list[CertificationRight]) -> None:
        """The two latest reported quarters of each active right, so pages and the API read realistic
        numbers of reports (art. 65)."""
        reports = []
        for right in rights:
            for year, quarter in GENERATED_REPORT_QUARTERS:
                if quarter_end(year, quarter) < right.decision_date:
                    continue
                documents = self.rng.randrange(0, 60)
                fee = Decimal(500 + 50 * self.rng.randrange(0, 40))
                reports.append(
                    QuarterlyReport(
                        right_id=right.pk,
                        year=year,
                        quarter=quarter,
                        documents_issued=documents,
                        average_fee=fee if documents else None,
                        revenue=fee * documents,
                        received_on=quarter_end(year, quarter) + timedelta(days=20),
                    )
                )
        for done, batch in enumerate(_batches(reports), start=1):
            QuarterlyReport.objects.bulk_create(batch)
            self.progress("quarterly reports", min(done * BATCH, len(reports)), len(reports))

    def rebuild_search(self, qualification_ids: list[int]) -> None:
        """Recompute the search document of the new rows, split over two connections (or on this
        one when the caller holds a transaction, whose rows other connections cannot see)."""
        if not qualification_ids:
            return
        low, high = min(qualification_ids), max(qualification_ids)
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE qualifications_qualification SET search_vector = NULL WHERE id BETWEEN %s AND %s",
                    [low, high],
                )
            self.progress("search index", len(qualification_ids), len(qualification_ids))
            return
        done = [0]
        lock = threading.Lock()

        def worker(parity: int):
            conn = connections.create_connection("default")
            try:
                for start in range(low, high + 1, 2_000):
                    with conn.cursor() as cursor:
                        cursor.execute(
                            "UPDATE qualifications_qualification SET search_vector = NULL "
                            "WHERE id BETWEEN %s AND %s AND id %% 2 = %s",
                            [start, min(start + 1_999, high), parity],
                        )
                        count = cursor.rowcount
                    with lock:
                        done[0] += count
                        self.progress("search index", done[0], len(qualification_ids))
            finally:
                conn.close()

        threads = [threading.Thread(target=worker, args=(parity,)) for parity in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def generate(sizes: Sizes, seed: int, progress: Callable[[str, int, int], None]) -> dict[str, int]:
    """Insert generated data in one transaction with the search triggers idle (zrk.bulk_load),
    then rebuild the search documents of the new rows."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(BULK_LOAD_ON)
        generator = Generator(sizes, seed, progress)
        organisations = generator.organisations()
        qualification_ids = generator.qualifications()
        generator.outcomes(qualification_ids)
        planted = generator.near_duplicates()
        qualification_ids += planted
        generator.rights(qualification_ids, organisations)
        with connection.cursor() as cursor:
            cursor.execute(BULK_LOAD_OFF)
            cursor.execute(BUMP_REGISTER_VERSION)
    generator.rebuild_search(qualification_ids)
    return {
        "organisations": len(organisations),
        "qualifications": len(qualification_ids),
        "learning outcomes": (len(qualification_ids) - len(planted)) * sizes.outcomes_per_qualification
        + 6 * len(planted),
        "near-duplicate pairs": len(planted) // 2,
        "certification rights": CertificationRight.objects.filter(decision_number__startswith="GEN/").count(),
        "quarterly reports": QuarterlyReport.objects.filter(right__decision_number__startswith="GEN/").count(),
    }
