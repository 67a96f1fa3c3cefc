"""Word families: a query word also finds the words derived from the same root (pilot /
pilotowanie, kadry / kadrowy, ogrodnik / ogrodniczy, jeździec / jeździectwo, fryzjer / fryzjerski).

The root is the folded word without its longest known Polish derivational or inflectional ending,
kept at least ``MIN_ROOT`` letters long; the search matches it as a prefix of the register's own
word forms (so the register's vocabulary decides what the family holds), ranked below the exact
forms. Chosen by measurement on the relevance set (``make relevance``, 175 queries, nDCG@10) over
the alternatives: with the thesaurus, these endings 0.976, no family at all 0.976, lemmas from the
morfeusz2 analyser (SGJP; lemma less its final vowel) 0.976, the word cut to its first letters (len - 3,
at least 4) 0.971, and on the 35 held-out queries 0.917, 0.917, 0.917 and 0.889; without the
thesaurus 0.915, 0.908, 0.908 and 0.917 (held out 0.897, 0.886, 0.886, 0.897). Morfeusz2 lemmatises
inflection well, which the dictionary and the shortened prefix of text.py already do, but knows no
derivation; these endings cost no dependency and are never worse with the thesaurus.
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
