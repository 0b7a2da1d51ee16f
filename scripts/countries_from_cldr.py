"""Write digest/data/countries.tsv: the Arabic names of the world's countries, from Unicode CLDR (via Babel).

    .venv/bin/python scripts/countries_from_cldr.py

Run by hand when CLDR changes; the package reads the written file and never needs Babel.
The entity extractor uses these names as places and derives nationality adjectives from them
(روسيا → الروسي), which introduce people (الياباني تاكوما ساتو).
"""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale

OUT = Path(__file__).resolve().parent.parent / "digest" / "data" / "countries.tsv"
_COUNTRY = re.compile(r"^[A-Z]{2}$")  # ISO 3166 regions; numeric codes are continents and groupings
_SKIP = {"AQ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}


def main() -> None:
    territories = Locale("ar").territories
    rows = []
    for code, name in sorted(territories.items()):
        if not _COUNTRY.match(code) or code in _SKIP:
            continue
        name = re.sub(r"\s*\(.*?\)", "", name).split(" - ")[0].strip()  # ميانمار (بورما), الكونغو - كينشاسا
        if len(name.split()) > 3:
            continue  # جزيرة هيرد وجزر ماكدونالد: territories, not how news names a country
        rows.append(f"{code}\t{name}")
    header = "# ISO code\tArabic name. Generated from Unicode CLDR (Unicode licence) by scripts/countries_from_cldr.py."
    OUT.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} countries written to {OUT}")


if __name__ == "__main__":
    main()
