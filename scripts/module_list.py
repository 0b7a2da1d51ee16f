"""Print the README's module list, one line per module, from each module's own docstring.

    .venv/bin/python scripts/module_list.py            # print it
    .venv/bin/python scripts/module_list.py --write    # replace the list in README.md

tests/test_repository.py fails when the README's list differs from what this prints, so a module added,
moved or re-described shows up in the README with it.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "digest", "storage")
BEGIN, END = "<!-- module list: scripts/module_list.py -->", "<!-- end of module list -->"


def modules() -> list[Path]:
    """Every module of the three packages, a package's __init__ first; migrations' versions left out."""
    found = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "versions" not in p.parts]
    return sorted(found, key=lambda p: (p.parent.relative_to(ROOT).parts, p.name != "__init__.py", p.name))


def summary(path: Path) -> str:
    """The docstring's first sentence (PEP 257's summary), on one line."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    paragraph = " ".join(doc.split("\n\n")[0].split())
    if not paragraph:
        raise SystemExit(f"{path.relative_to(ROOT)} has no docstring: say what it holds")
    return re.split(r"(?<=[.?])\s+(?=[A-Z`(])", paragraph)[0]


def module_list() -> str:
    lines = []
    for path in modules():
        name = path.relative_to(ROOT).as_posix()
        if path.name == "__init__.py":
            name = name.removesuffix("__init__.py")
        lines.append(f"- `{name}` — {summary(path)}")
    return "\n".join(lines)


def readme_with_list(readme: str) -> str:
    if readme.count(BEGIN) != 1 or readme.count(END) != 1 or readme.index(BEGIN) > readme.index(END):
        raise SystemExit(f"README.md must hold the markers {BEGIN} and {END}, once each and in that order")
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{module_list()}\n{END}{tail}"


def main() -> None:
    if sys.argv[1:] == ["--write"]:
        path = ROOT / "README.md"
        path.write_text(readme_with_list(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(module_list())


if __name__ == "__main__":
    main()
