"""The ticks of a chart's time axis, chosen as matplotlib's `AutoDateLocator(minticks=4,
maxticks=8)` chooses them, and their labels.

The span picks the unit: years when it holds at least 4 whole years, else months when it
holds at least 4 whole months, else days. The step is the smallest of the unit's steps that
gives at most 8 ticks (days stop at a fortnight, however long the span), and ticks fall on
round dates: years that are multiples of the step, the first of the months of
`range(1, 13)[::step]`, and the days of the month `range(1, 32)[::step]` (but the 1st, 8th,
15th and 22nd for a week, the 1st and 15th for a fortnight). A span shorter than 4 days
(matplotlib would count hours) has a tick every day.

Labels are English whatever the locale (`'15 Dec'`, or `'Dec'` beyond 300 days), with the
year under the first tick and wherever it changes (`'1 Jan\\n2022'`).
"""

from __future__ import annotations

from datetime import date, timedelta

MIN_TICKS, MAX_TICKS = 4, 8
_YEAR_STEPS = (1, 2, 4, 5, 10, 20, 40, 50, 100, 200, 400, 500, 1000, 2000, 4000, 5000, 10000)
_MONTH_STEPS = (1, 2, 3, 4, 6)
_DAY_STEPS = (1, 2, 4, 7, 14)
_MONTH_DAYS = {7: (1, 8, 15, 22), 14: (1, 15)}  # a week and a fortnight: round days of the month
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WIDE_SPAN = timedelta(days=300)  # beyond it, labels show months (and years), not days


def ticks(first: date, last: date) -> list[date]:
    """The tick dates between `first` and `last`, both included, oldest first.

    >>> [d.isoformat() for d in ticks(date(2021, 12, 7), date(2022, 2, 3))]
    ['2021-12-15', '2022-01-01', '2022-01-15', '2022-02-01']
    """
    months = (last.year - first.year) * 12 + last.month - first.month - (last.day < first.day)
    days = (last - first).days
    if months // 12 >= MIN_TICKS:
        step = _step(months // 12, _YEAR_STEPS)
        start = -(-first.year // step) * step
        return [d for d in (date(y, 1, 1) for y in range(start, last.year + 1, step)) if first <= d <= last]
    if months >= MIN_TICKS:
        chosen = range(1, 13)[:: _step(months, _MONTH_STEPS)]
        return [
            date(y, m, 1)
            for y in range(first.year, last.year + 1)
            for m in chosen
            if first <= date(y, m, 1) <= last
        ]
    if days >= MIN_TICKS:
        step = _step(days, _DAY_STEPS)
        month_days = set(_MONTH_DAYS.get(step, range(1, 32)[::step]))
    else:
        month_days = set(range(1, 32))
    every = (first + timedelta(days=n) for n in range(days + 1))
    return [d for d in every if d.day in month_days]


def _step(count: int, steps: tuple[int, ...]) -> int:
    """The smallest step giving at most MAX_TICKS ticks over `count` units (else the largest)."""
    return next((s for s in steps if count <= s * (MAX_TICKS - 1)), steps[-1])


def labels(days: list[date], wide: bool) -> list[str]:
    """Each tick's label: the day and month (the month alone when `wide`), and the year on a
    second line under the first tick and wherever the year changes."""
    out = []
    for n, day in enumerate(days):
        text = MONTHS[day.month - 1] if wide else f"{day.day} {MONTHS[day.month - 1]}"
        new_year = n == 0 or days[n - 1].year != day.year
        out.append(f"{text}\n{day.year}" if new_year else text)
    return out
