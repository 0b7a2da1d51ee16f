"""What the repository itself must never hold."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_merge_conflict_markers_are_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    marked = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".py", ".md", ".toml", ".yaml", ".sh", ".json", ".tsv", ".txt"} and path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            marked += [f"{name}:{n}" for n, line in enumerate(lines, 1) if line.startswith(("<<<<<<< ", ">>>>>>> "))]
    assert not marked, marked


def test_the_readme_lists_every_module_as_its_docstring_describes_it():
    """Adding, moving or re-describing a module without the README's list fails here (scripts/module_list.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import module_list
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module_list.BEGIN in readme and module_list.END in readme
    assert module_list.readme_with_list(readme) == readme, "run: python scripts/module_list.py --write"
    listed = readme.partition(module_list.BEGIN)[2].partition(module_list.END)[0]
    assert "`digest/story_core.py`" in listed and "`storage/search.py`" in listed
