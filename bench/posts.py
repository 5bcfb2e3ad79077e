"""Deterministic exports of posts, in the CSV format `kpis.posts` reads.

    python bench/posts.py demo [charters/demo/data/posts.csv]   the demo's 12-month export
    python bench/posts.py synthetic ROWS OUTPUT                 a large export for benchmarks

The demo export is what Hélios Énergie's community manager would download after the first
year: ambassadors joining month after month, leaders named as in charters/demo/handbook.yml,
experts on the programme's topics, the company page and external authors on overlapping
topics, leads appearing only after a few months. Same seed, same bytes: a test checks that
the committed file is exactly what this script writes.
"""

from __future__ import annotations

import calendar
import csv
import io
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO_EXPORT = REPO / "charters" / "demo" / "data" / "posts.csv"

# The demo's export names impressions "views", as many tools do (see kpis.columns).
DEMO_HEADER = ("date", "author", "author_type", "mentions_company", "topic", "views",
               "reactions", "comments", "shares", "clicks", "leads")

TOPICS = {
    "employee": {"recrutement et métiers": 5, "sécurité sur les chantiers": 3,
                 "vie de l'entreprise": 4, "RSE et territoires": 2, "solaire photovoltaïque": 2},
    "expert": {"solaire photovoltaïque": 5, "autoconsommation collective": 4,
               "décret tertiaire": 3, "pompes à chaleur": 3, "performance énergétique": 3},
    "leader": {"RSE et territoires": 3, "marché de l'énergie": 3, "recrutement et métiers": 2,
               "vie de l'entreprise": 2, "décret tertiaire": 2},
    "company_page": {"vie de l'entreprise": 5, "recrutement et métiers": 3,
                     "solaire photovoltaïque": 3, "RSE et territoires": 2,
                     "performance énergétique": 2},
    "external": {"marché de l'énergie": 5, "solaire photovoltaïque": 4,
                 "autoconsommation collective": 3, "pompes à chaleur": 3, "décret tertiaire": 2,
                 "recrutement et métiers": 1},
}
# Per author type: share of posts naming the company, median impressions, engagement rate,
# click rate.
PROFILE = {
    "employee": (0.65, 700, 0.038, 0.004),
    "expert": (0.45, 1400, 0.045, 0.009),
    "leader": (0.70, 4500, 0.050, 0.006),
    "company_page": (1.00, 1500, 0.011, 0.006),
    "external": (0.15, 2500, 0.022, 0.003),
}
ACTIVE_EMPLOYEES = (10, 18, 24, 27, 29, 31, 34, 35, 36, 37, 38, 38)  # of 40, month by month
ACTIVE_EXPERTS = (3, 7, 10, 11, 12, 12, 13, 13, 14, 14, 14, 15)  # of 15
LEADERS = (("Claire Vautrin", 1), ("Bertrand Mollard", 2), ("Sandrine Achour", 3))  # first month
EXPERTS = ("Karim Benali", "Émilie Roux", *(f"exp-{n:02d}" for n in range(3, 16)))
EMPLOYEES = tuple(f"emp-{n:02d}" for n in range(1, 41))
EXTERNALS = tuple(f"ext-{n:02d}" for n in range(1, 41))
COMPANY = "Hélios Énergie"


def demo_rows() -> list[tuple]:
    """The posts of 2027 (the programme starts on 15 January 2027), sorted by date."""
    rng = random.Random(20270115)
    rows = []
    for month in range(1, 13):
        growth = 1 + 0.06 * (month - 1)  # ambassadors' audiences grow as they keep posting

        def post(author, author_type, count=1, first_day=1, month=month, growth=growth):
            for _ in range(count):
                rows.append(_post(rng, 2027, month, author, author_type, growth, first_day))

        # The kick-off is on 15 January: the export starts there, for every author.
        first_day = 15 if month == 1 else 1
        for author in rng.sample(EMPLOYEES, ACTIVE_EMPLOYEES[month - 1]):
            post(author, "employee", rng.choice((1, 1, 2, 2, 2, 3)), first_day)
        for author in rng.sample(EXPERTS, ACTIVE_EXPERTS[month - 1]):
            post(author, "expert", rng.choice((1, 2, 2, 3)), first_day)
        for author, first_month in LEADERS:
            if month >= first_month and rng.random() > 0.1:
                post(author, "leader", 2 if rng.random() < 0.2 else 1, first_day)
        post(COMPANY, "company_page", rng.randint(16, 22), first_day)
        for _ in range(rng.randint(90, 120)):
            post(rng.choice(EXTERNALS), "external", first_day=first_day)
    return sorted(rows, key=lambda row: (row[0], row[2], row[1], row[4], row[5]))


def _post(rng, year, month, author, author_type, growth, first_day):
    last_day = calendar.monthrange(year, month)[1]
    day = rng.randint(first_day, last_day)
    mentions, median, rate, click_rate = PROFILE[author_type]
    internal = author_type in ("employee", "expert", "leader")
    topics = TOPICS[author_type]
    topic = rng.choices(list(topics), weights=list(topics.values()))[0]
    impressions = round(median * (growth if internal else 1) * rng.lognormvariate(0, 0.5))
    engagements = round(impressions * rate * (1 + 0.02 * (month - 1) if internal else 1)
                        * rng.uniform(0.6, 1.4))
    reactions = round(engagements * 0.8)
    comments = round(engagements * 0.15)
    shares = engagements - reactions - comments
    clicks = round(impressions * click_rate * rng.uniform(0.5, 1.5))
    # Leads come late: experts from month 6, employees from month 7; the page brings a few.
    per_post = {"expert": 0.06 * (month - 5), "employee": 0.01 * (month - 6),
                "company_page": 0.02}.get(author_type, 0)
    leads = sum(rng.random() < per_post / 3 for _ in range(3)) if per_post > 0 else 0
    return (f"{year}-{month:02d}-{day:02d}", author, author_type,
            "true" if rng.random() < mentions else "false", topic, impressions, reactions,
            comments, shares, clicks, leads)


def write_demo(path: Path = DEMO_EXPORT) -> int:
    rows = demo_rows()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(DEMO_HEADER)
        writer.writerows(rows)
    return len(rows)


def write_synthetic(path: Path, count: int, seed: int = 1) -> None:
    """`count` posts over 24 months by thousands of authors, written in blocks for speed,
    with the demo's header: the file can replace the demo's export."""
    rng = random.Random(seed)
    types = ("employee",) * 50 + ("expert",) * 15 + ("leader",) * 2 + ("company_page",) * 8 \
        + ("external",) * 25
    authors = {"employee": [f"emp-{n}" for n in range(3000)],
               "expert": [f"exp-{n}" for n in range(400)],
               "leader": [f"lead-{n}" for n in range(25)],
               "company_page": ["Company"],
               "external": [f"ext-{n}" for n in range(2000)]}
    topics = [f"topic {n}" for n in range(30)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(DEMO_HEADER) + "\n")
        block = io.StringIO()
        for number in range(count):
            author_type = rng.choice(types)
            month = number * 24 // count
            impressions = rng.randint(50, 20000)
            block.write(f"{2026 + month // 12}-{month % 12 + 1:02d}-{rng.randint(1, 28):02d},"
                        f"{rng.choice(authors[author_type])},{author_type},"
                        f"{rng.choice(('true', 'false'))},{rng.choice(topics)},{impressions},"
                        f"{impressions // rng.randint(20, 60)},{rng.randint(0, 30)},"
                        f"{rng.randint(0, 10)},{rng.randint(0, 200)},{rng.randint(0, 1)}\n")
            if number % 100_000 == 99_999:
                handle.write(block.getvalue())
                block = io.StringIO()
        handle.write(block.getvalue())


def main(argv: list[str]) -> None:
    if argv[:1] == ["demo"] and len(argv) <= 2:
        path = Path(argv[1]) if len(argv) == 2 else DEMO_EXPORT
        print(f"{write_demo(path)} posts written to {path}")
    elif argv[:1] == ["synthetic"] and len(argv) == 3:
        write_synthetic(Path(argv[2]), int(argv[1]))
        print(f"{int(argv[1])} posts written to {argv[2]}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
