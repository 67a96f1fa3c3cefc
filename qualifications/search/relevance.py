"""The relevance set of the search: judged queries over the demo register, and their metrics.

Each query names the qualifications (by ZRK id) a person typing it expects to find, and the page
language it is typed on. Judgements are binary. The metrics are the share of queries with an expected
qualification among the first k results (hit@k) and nDCG@10 (the expected records at the top, in any
order, score 1). ``make relevance`` prints them; ``make test`` holds them above a floor
(tests/search/test_relevance.py) that is only ever raised.
"""

import math
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils import translation

# ZRK ids of the demo register (qualifications/demo/qualifications.json).
PHOTOGRAPHER, TAILOR, ELECTRICIAN = 90001, 90002, 90003
BEAUTICIAN_MASTER, BEAUTICIAN_JOURNEYMAN = 90004, 12621
MAKEUP_MASTER, MAKEUP_JOURNEYMAN = 90005, 90006
FURNITURE_MAKER, CONFECTIONER, CAR_PAINTER, BAKER, OPTICIAN = 90007, 12624, 12677, 13859, 90035
JOINERY, SALES, BUSINESS_TRAINER, TOUR_LEADER, BAR, TOUR_GUIDE = 12464, 90008, 90009, 12615, 12636, 90010
# The qualification of the published inclusion application (M.P. 2021 poz. 684), a market one.
MANUAL_ASSEMBLY = 100007
OFF_PISTE_SKI, WAKEBOARD, WINGFOIL, KITE_TEACHING, KITE_TRAINING, SNOWBOARD = 90011, 90012, 90013, 90014, 90015, 90016
GROUP_FITNESS, PERSONAL_TRAINING = 13480, 13481
ACCOUNTING_ASSIST, ACCOUNTING, ACCOUNTING_MANAGE, PAYROLL_MANAGE = 13827, 90017, 13826, 13824
HR_MANAGE, HR_PAYROLL = 90019, 90020
DATA_RECOVERY, CYBERSECURITY, PROGRAMMING, MEDIATION, LEAN = 90021, 13870, 90022, 12632, 90023
HORTICULTURE, HORSE_RIDING, HORSE_TRAINING, MEDICAL_CARE = 90026, 90027, 90028, 90029
HAIR_SERVICES, HAIR_AUXILIARY, HAIRSTYLES, HAIR_TREATMENTS_OLD, HAIRSTYLES_OLD = 90030, 90031, 90032, 90033, 90034

BEAUTICIANS = [BEAUTICIAN_MASTER, BEAUTICIAN_JOURNEYMAN]
MAKEUP = [MAKEUP_MASTER, MAKEUP_JOURNEYMAN]
ACCOUNTANTS = [ACCOUNTING, ACCOUNTING_ASSIST, ACCOUNTING_MANAGE]
HR = [HR_MANAGE, HR_PAYROLL]
IT = [PROGRAMMING, CYBERSECURITY, DATA_RECOVERY]
HAIR = [HAIR_SERVICES, HAIR_AUXILIARY, HAIRSTYLES]
HORSES = [HORSE_RIDING, HORSE_TRAINING]
KITE = [KITE_TEACHING, KITE_TRAINING]
JOINERS = [JOINERY, FURNITURE_MAKER]
CRAFT = [PHOTOGRAPHER, TAILOR, ELECTRICIAN, *BEAUTICIANS, *MAKEUP, FURNITURE_MAKER, CONFECTIONER, CAR_PAINTER]
CRAFT += [BAKER, OPTICIAN]
LEVEL_5 = [PHOTOGRAPHER, TAILOR, ELECTRICIAN, BEAUTICIAN_MASTER, MAKEUP_MASTER, CONFECTIONER, CAR_PAINTER, BAKER]
LEVEL_5 += [OPTICIAN, DATA_RECOVERY, MEDICAL_CARE]
MARKET = [JOINERY, SALES, BUSINESS_TRAINER, TOUR_LEADER, BAR, TOUR_GUIDE, OFF_PISTE_SKI, WAKEBOARD, KITE_TEACHING]
MARKET += [KITE_TRAINING, SNOWBOARD, GROUP_FITNESS, PERSONAL_TRAINING, ACCOUNTING_ASSIST, ACCOUNTING]
MARKET += [ACCOUNTING_MANAGE, PAYROLL_MANAGE, *HR, DATA_RECOVERY, PROGRAMMING, MEDIATION, MANUAL_ASSEMBLY]


@dataclass(frozen=True)
class Judged:
    query: str
    expected: tuple[int, ...]
    language: str = "pl"
    kind: str = "word"  # word, phrase, typo, code, level, category, synonym, family, english


def _q(query, expected, kind="word", language="pl"):
    ids = (expected,) if isinstance(expected, int) else tuple(expected)
    return Judged(query, ids, language, kind)


def _en(query, expected, kind="english"):
    return _q(query, expected, kind, "en")


JUDGED = [
    # Polish, single words and their inflected or unaccented forms
    _q("piekarz", BAKER),
    _q("cukiernik", CONFECTIONER),
    _q("fotograf", PHOTOGRAPHER),
    _q("krawiec", TAILOR),
    _q("elektryk", ELECTRICIAN),
    _q("kosmetyczka", BEAUTICIANS),
    _q("kosmetyczki", BEAUTICIANS),
    _q("wizażystka", MAKEUP),
    _q("wizazystka", MAKEUP),
    _q("lakiernik", CAR_PAINTER),
    _q("optyk", OPTICIAN),
    _q("sprzedawca", SALES),
    _q("sprzedaż", SALES),
    _q("wakeboard", WAKEBOARD),
    _q("wingfoil", WINGFOIL),
    _q("kiteboarding", KITE),
    _q("snowboard", SNOWBOARD),
    _q("fitness", GROUP_FITNESS),
    _q("księgowość", ACCOUNTANTS),
    _q("ksiegowosc", ACCOUNTANTS),
    _q("księgowych", ACCOUNTANTS),
    _q("programowanie", PROGRAMMING),
    _q("cyberbezpieczeństwo", CYBERSECURITY),
    _q("mediacje", MEDIATION),
    _q("lean", LEAN),
    _q("fryzjerskich", HAIR),
    _q("turystyka", [TOUR_LEADER, TOUR_GUIDE]),
    _q("stolarka", JOINERS),
    # phrases
    _q("pilot wycieczek", TOUR_LEADER, "phrase"),
    _q("odzyskiwanie danych", DATA_RECOVERY, "phrase"),
    _q("trener personalny", PERSONAL_TRAINING, "phrase"),
    _q("ochrona zdrowia", LEAN, "phrase"),
    _q("dyplom mistrzowski piekarz", BAKER, "phrase"),
    _q("kosmetyczka czeladnik", BEAUTICIAN_JOURNEYMAN, "phrase"),
    _q("zarządzanie księgowością", ACCOUNTING_MANAGE, "phrase"),
    _q("opieka nad chorym", MEDICAL_CARE, "phrase"),
    _q("obsluga klienta", SALES, "phrase"),
    _q("procesy płacowe", [PAYROLL_MANAGE, HR_PAYROLL], "phrase"),
    # word families: a word finds its derivatives and its base
    _q("pilot", TOUR_LEADER, "family"),
    _q("kadry", HR, "family"),
    _q("kadrowy", HR, "family"),
    _q("ogrodnik", HORTICULTURE, "family"),
    _q("ogrodnictwo", HORTICULTURE, "family"),
    _q("jeździec", HORSE_RIDING, "family"),
    _q("jezdziec", HORSE_RIDING, "family"),
    _q("fryzjer", HAIR, "family"),
    _q("przewodnik", TOUR_GUIDE, "family"),
    _q("mediator", MEDIATION, "family"),
    _q("programista", PROGRAMMING, "family"),
    _q("narciarstwo", OFF_PISTE_SKI, "family"),
    _q("płace", [PAYROLL_MANAGE, HR_PAYROLL], "family"),
    _q("księgowy", ACCOUNTANTS, "family"),
    _q("okulary", OPTICIAN, "family"),
    _q("meble", FURNITURE_MAKER, "family"),
    _q("kiteboard", KITE, "family"),
    _q("krawiectwo", TAILOR, "family"),
    _q("krawcowa", TAILOR, "family"),
    _q("cukiernictwo", CONFECTIONER, "family"),
    _q("cukiernia", CONFECTIONER, "family"),
    _q("piekarnia", BAKER, "family"),
    _q("lakiernictwo", CAR_PAINTER, "family"),
    _q("optyka", OPTICIAN, "family"),
    _q("sprzedawczyni", SALES, "family"),
    _q("programistka", PROGRAMMING, "family"),
    _q("pilotka", TOUR_LEADER, "family"),
    _q("trenerka", [PERSONAL_TRAINING, BUSINESS_TRAINER], "family"),
    _q("wizażysta", MAKEUP, "family"),
    _q("narciarz", OFF_PISTE_SKI, "family"),
    _q("snowboardzista", SNOWBOARD, "family"),
    _q("ogrodniczka", HORTICULTURE, "family"),
    _q("mediatorka", MEDIATION, "family"),
    # synonyms
    _q("trener", [PERSONAL_TRAINING, BUSINESS_TRAINER], "synonym"),
    _q("instruktor", [WAKEBOARD, WINGFOIL, OFF_PISTE_SKI, GROUP_FITNESS], "synonym"),
    _q("IT", IT, "synonym"),
    _q("informatyka", IT, "synonym"),
    _q("makijaż", MAKEUP, "synonym"),
    _q("wizaż", MAKEUP, "synonym"),
    _q("barman", BAR, "synonym"),
    _q("HR", HR, "synonym"),
    _q("narty", OFF_PISTE_SKI, "synonym"),
    _q("kitesurfing", KITE, "synonym"),
    _q("opiekun medyczny", MEDICAL_CARE, "synonym"),
    _q("konie", HORSES, "synonym"),
    _q("stolarz", JOINERS, "synonym"),
    _q("rachunkowość", ACCOUNTANTS, "synonym"),
    # typos
    _q("kosmetyczak", BEAUTICIANS, "typo"),
    _q("piekrz", BAKER, "typo"),
    _q("fryzjr", HAIR, "typo"),
    _q("cukeirnik", CONFECTIONER, "typo"),
    _q("snowbord", SNOWBOARD, "typo"),
    # codes
    _q("FRK.01", HAIR_SERVICES, "code"),
    _q("frk.02", HAIR_AUXILIARY, "code"),
    _q("MED.14", MEDICAL_CARE, "code"),
    _q("OGR.02", HORTICULTURE, "code"),
    _q("CECB", CYBERSECURITY, "code"),
    _q("13859", BAKER, "code"),
    _q("fryzjer FRK.03", HAIRSTYLES, "code"),
    # levels and categories, alone and with words
    _q("poziom 5", LEVEL_5, "level"),
    _q("PRK 6 księgowość", ACCOUNTING_MANAGE, "level"),
    _q("piekarz poziom 5", BAKER, "level"),
    _q("kosmetyczka poziom 4", BEAUTICIAN_JOURNEYMAN, "level"),
    _q("kwalifikacje rynkowe", MARKET, "category"),
    _q("rzemieślnicze", CRAFT, "category"),
    _q("rynkowe fitness", GROUP_FITNESS, "category"),
    _q("kwalifikacja rzemieślnicza fotograf", PHOTOGRAPHER, "category"),
    # English
    _en("baker", BAKER),
    _en("carpenter", JOINERS),
    _en("joiner", JOINERS),
    _en("fitness instructor", GROUP_FITNESS),
    _en("personal trainer", PERSONAL_TRAINING),
    _en("accounting", ACCOUNTANTS),
    _en("accountant", ACCOUNTANTS),
    _en("payroll", [PAYROLL_MANAGE, HR_PAYROLL]),
    _en("hairdresser", HAIR),
    _en("hairdressing", HAIR),
    _en("tour guide", [TOUR_GUIDE, TOUR_LEADER]),
    _en("tour leader", TOUR_LEADER),
    _en("bartender", BAR),
    _en("programmer", PROGRAMMING),
    _en("cybersecurity", CYBERSECURITY),
    _en("make-up artist", MAKEUP),
    _en("beautician", BEAUTICIANS),
    _en("horse", HORSES),
    _en("gardener", HORTICULTURE),
    _en("caregiver", MEDICAL_CARE),
    _en("mediator", MEDIATION),
    _en("electrician", ELECTRICIAN),
    _en("tailor", TAILOR),
    _en("photographer", PHOTOGRAPHER),
    _en("IT", IT),
    _en("HR", HR),
    _en("ski instructor", OFF_PISTE_SKI),
    _en("snowboard instructor", SNOWBOARD),
    _en("kitesurfing", KITE),
    _en("level 5 baker", BAKER, "level"),
    _en("EQF 4 accounting", ACCOUNTING, "level"),
    _en("craft qualifications", CRAFT, "category"),
    _en("market photographer", [], "category"),
    _en("accountnig", ACCOUNTANTS, "typo"),
    _en("piekarz", BAKER),
    # Held out: written after the search was tuned on the queries above, and never tuned on since;
    # their figures are the honest estimate of how the search does on queries nobody has looked at.
    _q("sprzedawca w sklepie", SALES, "held-out"),
    _q("drinki", BAR, "held-out"),
    _q("koktajle", BAR, "held-out"),
    _q("przewodnik górski", TOUR_GUIDE, "held-out"),
    _q("zarządzanie zespołem", LEAN, "held-out"),
    _q("lean management", LEAN, "held-out"),
    _q("mediacje rodzinne", MEDIATION, "held-out"),
    _q("nauczyciel snowboardu", SNOWBOARD, "held-out"),
    _q("trener kiteboardingu", KITE_TRAINING, "held-out"),
    _q("instruktor wakeboardu", WAKEBOARD, "held-out"),
    _q("szycie", TAILOR, "held-out"),
    _q("meble na wymiar", FURNITURE_MAKER, "held-out"),
    _q("malowanie samochodów", CAR_PAINTER, "held-out"),
    _q("montaż okien", JOINERY, "held-out"),
    _q("płace i kadry", HR_PAYROLL, "held-out"),
    _q("wynagrodzenia", [PAYROLL_MANAGE, HR_PAYROLL], "held-out"),
    _q("bezpieczeństwo sieci", CYBERSECURITY, "held-out"),
    _q("odzyskiwanie plików", DATA_RECOVERY, "held-out"),
    _q("uprawa warzyw", HORTICULTURE, "held-out"),
    _q("tresura koni", HORSE_TRAINING, "held-out"),
    _q("fryzjer męski", HAIR, "held-out"),
    _q("kosmetyczka mistrz", BEAUTICIAN_MASTER, "held-out"),
    _q("elektryk mistrz", ELECTRICIAN, "held-out"),
    _q("fotografia ślubna", PHOTOGRAPHER, "held-out"),
    _q("opiekunka osób starszych", MEDICAL_CARE, "held-out"),
    _en("horse riding", HORSE_RIDING, "held-out"),
    _en("wedding make-up", MAKEUP, "held-out"),
    _en("payroll manager", PAYROLL_MANAGE, "held-out"),
    _en("C++ programming", PROGRAMMING, "held-out"),
    _en("data recovery", DATA_RECOVERY, "held-out"),
    _en("court mediation", MEDIATION, "held-out"),
    _en("master baker", BAKER, "held-out"),
    _en("journeyman beautician", BEAUTICIAN_JOURNEYMAN, "held-out"),
    _en("ski teacher", OFF_PISTE_SKI, "held-out"),
    _en("HR manager", HR_MANAGE, "held-out"),
]
# A query whose expected list is empty expects no result at all (a craft record is not a market one).


@dataclass
class Outcome:
    judged: Judged
    found: list[int]

    def hit(self, k: int) -> bool:
        if not self.judged.expected:
            return not self.found
        return bool(set(self.found[:k]) & set(self.judged.expected))

    @property
    def ndcg(self) -> float:
        expected = set(self.judged.expected)
        if not expected:
            return 1.0 if not self.found else 0.0
        dcg = sum(1 / math.log2(rank + 2) for rank, pk in enumerate(self.found[:10]) if pk in expected)
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(expected), 10)))
        return dcg / ideal


@dataclass
class Scores:
    outcomes: list[Outcome] = field(default_factory=list)

    def share(self, k: int) -> float:
        return sum(outcome.hit(k) for outcome in self.outcomes) / len(self.outcomes)

    @property
    def ndcg(self) -> float:
        return sum(outcome.ndcg for outcome in self.outcomes) / len(self.outcomes)

    def by_kind(self) -> dict[str, "Scores"]:
        kinds: dict[str, Scores] = {}
        for outcome in self.outcomes:
            kinds.setdefault(outcome.judged.kind, Scores()).outcomes.append(outcome)
        return kinds


def top_ids(query: str, language: str, k: int = 10) -> list[int]:
    """The ZRK ids of the first ``k`` results of the search page for ``query`` in ``language``."""
    from qualifications.search.pipeline import run

    with translation.override(language):
        params = QueryDict(mutable=True)
        params["q"] = query
        return list(run(params).rows.values_list("zrk_id", flat=True)[:k])


def evaluate(judged: list[Judged] = JUDGED) -> Scores:
    return Scores([Outcome(item, top_ids(item.query, item.language)) for item in judged])
