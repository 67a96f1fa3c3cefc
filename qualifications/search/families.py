"""Word families: a query word also finds the words derived from the same root (pilot /
pilotowanie, kadry / kadrowy, ogrodnik / ogrodniczy, jeździec / jeździectwo, fryzjer / fryzjerski).

The root is the folded word without its longest known Polish derivational or inflectional ending,
kept at least ``MIN_ROOT`` letters long; the search matches it as a prefix of the register's own
word forms (so the register's vocabulary decides what the family holds), ranked below the exact
forms. Chosen by measurement on the relevance set (``make relevance``) over the alternatives: the
plain shortened prefix the text search already used, and lemmas from the morfeusz2 analyser, which
lemmatises inflection well but knows no derivation, so it found fewer families than these endings.
"""

from qualifications.search.normal import fold

MIN_ROOT = 4

# Endings in folded form (no diacritics), the longest tried first. Nouns of agents and activities,
# adjectives, verbal nouns, and the inflectional endings left on them.
_ENDINGS = """
    iectwo iectwa iectwem iectwie ictwo ictwa nictwo nictwa nictwem stwo stwa stwem stwie ctwo ctwa ctwem ctwie
    owaniem owania owanie owaniu ywanie ywania iwanie iwania anie ania aniem aniu enie enia eniem eniu
    owego owemu owych owymi owej owym owe owy owa owo owi
    niczego niczych niczymi niczej niczy nicza nicze niczki niczka nik nika nikiem nikow nicy nikami
    skiego skich skimi skiej skim ski ska skie cki cka ckie ckich
    icznego icznych icznej iczny iczna iczne
    istka ystka istki ystki ista isty istow ysta
    ator atora atorzy acja acji acje acjach
    arstwo arstwa arski arska arskie arz arza arze
    iec ca cy cow ek ka ki ke ko ku kami kach kom
    ych ymi ego emu ich imi ej ym im
    er ow em ami ach om ie iem y a e i o u
"""
ENDINGS = sorted(set(_ENDINGS.split()), key=len, reverse=True)


def family_root(word: str) -> str:
    """The root ``word`` shares with its family, folded: "jeździectwo" -> "jezdz", "kadry" -> "kadr".
    A word too short to lose an ending is its own root."""
    folded = fold(word)
    for ending in ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= MIN_ROOT:
            return folded[: -len(ending)]
    return folded
