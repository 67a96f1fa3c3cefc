"""Geometry of the statistics page's SVG charts (templates/components/chart_*.svg.html).

Charts are drawn on the server in a fixed coordinate space (``WIDTH`` wide, as high as their rows
need) that the browser scales; the numbers, labels and links all live in the table beside each chart,
so the drawing only has to be faithful, not complete.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

WIDTH = 480
ROW = 46  # a label line, then the bar
BAR_TOP = 22
BAR_HEIGHT = 16
VALUE_SPACE = 110  # right of the longest bar, for its value
RANGE_TEXT_SPACE = 170  # right of the longest range, for "median (shortest–longest)"
LABEL_CHARS = 58  # longer labels are shortened in the drawing (never in the table)

# Where each voivodeship sits on the tile map, (column, row), roughly as on a map of Poland.
TILE_GRID = {
    "32": (0, 0),  # zachodniopomorskie
    "22": (1, 0),  # pomorskie
    "28": (2, 0),  # warmińsko-mazurskie
    "20": (3, 0),  # podlaskie
    "08": (0, 1),  # lubuskie
    "30": (1, 1),  # wielkopolskie
    "04": (2, 1),  # kujawsko-pomorskie
    "14": (3, 1),  # mazowieckie
    "02": (0, 2),  # dolnośląskie
    "10": (1, 2),  # łódzkie
    "26": (2, 2),  # świętokrzyskie
    "06": (3, 2),  # lubelskie
    "16": (0, 3),  # opolskie
    "24": (1, 3),  # śląskie
    "12": (2, 3),  # małopolskie
    "18": (3, 3),  # podkarpackie
}
TILE = 116
TILE_GAP = 5
TILE_SHADES = 4


def number(value, decimals: int = 0) -> str:
    """A number written the way the current language writes it (grouped thousands, decimal comma in Polish)."""
    if value is None:
        return "–"
    if isinstance(value, float) and decimals == 0 and value.is_integer():
        value = int(value)
    elif isinstance(value, float):
        value = Decimal(str(round(value, decimals)))
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _length(value, largest) -> float:
    if not value or not largest:
        return 0
    # A non-zero value always shows as a sliver, so that it is not mistaken for zero.
    return max(2.0, round(float(value) / float(largest) * (WIDTH - VALUE_SPACE), 1))


@dataclass
class Bar:
    label: str
    value_text: str
    y: float
    length: float
    second_length: float | None = None
    second_text: str = ""

    @property
    def value_x(self) -> float:
        return self.length + 6

    @property
    def second_value_x(self) -> float:
        return (self.second_length or 0) + 6


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    two_series: bool = False
    width: int = WIDTH
    bar_top: int = BAR_TOP
    bar_height: int = BAR_HEIGHT
    value_y: int = BAR_TOP + BAR_HEIGHT - 3
    second_top: int = BAR_TOP + BAR_HEIGHT + 4
    second_value_y: int = BAR_TOP + 2 * BAR_HEIGHT + 1


def bar_chart(rows: list[dict], key: str, second_key: str | None = None, second_decimals: int = 2) -> BarChart:
    """Horizontal bars of ``row[key]``; with ``second_key``, a second, hatched bar under each one on its
    own scale (so that documents and fees can share a chart)."""
    largest = max((row[key] or 0 for row in rows), default=0)
    second_largest = max((row[second_key] or 0 for row in rows), default=0) if second_key else 0
    row_height = ROW + (BAR_HEIGHT + 4 if second_key else 0)
    bars = []
    for index, row in enumerate(rows):
        bar = Bar(
            label=_short(row["label"]),
            value_text=number(row[key]),
            y=index * row_height,
            length=_length(row[key], largest),
        )
        if second_key:
            bar.second_length = _length(row[second_key], second_largest)
            bar.second_text = number(row[second_key], second_decimals)
        bars.append(bar)
    return BarChart(bars=bars, height=max(row_height * len(rows), row_height), two_series=bool(second_key))


@dataclass
class Range:
    label: str
    text: str
    y: float
    start: float
    end: float
    median: float

    @property
    def text_x(self) -> float:
        return self.end + 10

    @property
    def span(self) -> float:
        return max(2.0, round(self.end - self.start, 1))

    @property
    def diamond(self) -> str:
        """The median's marker: a diamond centred on the bar's line (a shape, not only a colour)."""
        middle = BAR_TOP + BAR_HEIGHT / 2
        half = BAR_HEIGHT / 2 + 1
        return " ".join(
            f"{x},{y}"
            for x, y in (
                (self.median, middle - half),
                (self.median + half, middle),
                (self.median, middle + half),
                (self.median - half, middle),
            )
        )


@dataclass
class RangeChart:
    ranges: list[Range]
    height: int
    width: int = WIDTH
    line_top: int = BAR_TOP + BAR_HEIGHT // 2 - 2
    line_height: int = 4
    text_y: int = BAR_TOP + BAR_HEIGHT - 3


def range_chart(rows: list[dict]) -> RangeChart:
    """For each row a line from its ``min`` to its ``max`` and a diamond at its ``median``."""
    largest = max((row["max"] for row in rows), default=0) or 1
    scale = (WIDTH - RANGE_TEXT_SPACE) / largest
    ranges = [
        Range(
            label=_short(row["label"]),
            text=f"{number(row['median'], 1 if row['median'] % 1 else 0)} ({number(row['min'])}–{number(row['max'])})",
            y=index * ROW,
            start=round(row["min"] * scale, 1),
            end=round(row["max"] * scale, 1),
            median=round(row["median"] * scale, 1),
        )
        for index, row in enumerate(rows)
    ]
    return RangeChart(ranges=ranges, height=max(ROW * len(rows), ROW))


@dataclass
class Tile:
    code: str
    name_lines: list[str]
    x: int
    y: int
    shade: int
    value_text: str
    second_text: str

    @property
    def name_y(self) -> list[tuple[str, int]]:
        return [(line, 20 + 16 * index) for index, line in enumerate(self.name_lines)]


@dataclass
class TileMap:
    tiles: list[Tile]
    width: int = 4 * TILE + 3 * TILE_GAP
    height: int = 4 * TILE + 3 * TILE_GAP
    size: int = TILE


# Names too wide for a tile on one line, where no hyphen or space offers a break.
TILE_NAME_BREAKS = {"zachodniopomorskie": ["zachodnio-", "pomorskie"]}


def _name_lines(name: str) -> list[str]:
    if name in TILE_NAME_BREAKS:
        return TILE_NAME_BREAKS[name]
    if len(name) > 13:
        # "warmińsko-mazurskie", "West Pomeranian": break after the hyphen or at the space.
        for separator, kept in (("-", "-"), (" ", "")):
            if separator in name:
                first, rest = name.split(separator, 1)
                return [first + kept, rest]
    return [name]


def tile_map(rows: list[dict], key: str, second_key: str) -> TileMap:
    """The 16 voivodeships as equal tiles, shaded in ``TILE_SHADES`` steps of ``row[key]``. The shade only
    repeats what the number on the tile says."""
    largest = max((row[key] for row in rows), default=0)
    tiles = []
    for row in rows:
        if row["key"] not in TILE_GRID:
            continue
        column, line = TILE_GRID[row["key"]]
        shade = (
            0 if not largest or not row[key] else 1 + min(TILE_SHADES - 2, int(row[key] / largest * (TILE_SHADES - 1)))
        )
        tiles.append(
            Tile(
                code=row["key"],
                name_lines=_name_lines(row["label"]),
                x=column * (TILE + TILE_GAP),
                y=line * (TILE + TILE_GAP),
                shade=shade,
                value_text=number(row[key]),
                second_text=number(row[second_key]),
            )
        )
    return TileMap(tiles=tiles)
