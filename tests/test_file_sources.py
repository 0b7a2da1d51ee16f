import json
import os
from pathlib import Path

import pytest

from digest.sources.files import read_file, walk_folder
from digest.sources.model import Failure, FailureReason

ARTICLE = (
    "افتتاح معرض الكتاب في الرياض\n\n"
    "افتتح وزير الثقافة مساء أمس معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة.\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_txt_in_any_common_encoding(tmp_path: Path, encoding: str):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    result = read_file(path)
    assert result.failure is None
    assert result.articles[0].text.lstrip("\ufeff") == ARTICLE
    assert result.articles[0].url == path.resolve().as_uri()


def test_a_utf8_file_cut_inside_its_last_character_is_read_without_it(tmp_path: Path):
    path = tmp_path / "cut.txt"
    path.write_bytes((ARTICLE + "نهاية").encode("utf-8")[:-1])  # a truncated copy: half of «ة»
    result = read_file(path)
    assert result.failure is None and result.articles[0].text == ARTICLE + "نهاي"
    latin = tmp_path / "cafe.txt"  # one non-ASCII byte at the end of another encoding is not a cut UTF-8 file
    latin.write_bytes(("Le menu du jour " * 8 + "café").encode("cp1252"))
    assert read_file(latin).articles[0].text.endswith("café")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", FailureReason.EMPTY),
        (b"  \n ", FailureReason.EMPTY),
        (bytes(range(256)) * 8, FailureReason.BINARY),
    ],
)
def test_empty_and_binary_files_are_failures_with_reasons(tmp_path: Path, content: bytes, reason: FailureReason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = read_file(path)
    assert result.articles == ()
    assert result.failure is not None and result.failure.reason is reason and result.failure.message


def test_huge_file_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "huge.txt"
    path.write_bytes(ARTICLE.encode() * 100)
    result = read_file(path, max_bytes=1000)
    assert result.failure is not None and result.failure.reason is FailureReason.TOO_LARGE
    assert "limit" in result.failure.message


def test_json_and_jsonl(tmp_path: Path):
    (tmp_path / "one.json").write_text(
        json.dumps(
            {
                "title": "عنوان",
                "text": ARTICLE,
                "url": "https://x.test/1",
                "published": "2024-06-19T10:00:00Z",
                "source": "واس",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    article = read_file(tmp_path / "one.json").articles[0]
    assert (article.title, article.url, article.source) == ("عنوان", "https://x.test/1", "واس")
    assert article.published is not None and article.published.isoformat() == "2024-06-19T10:00:00+00:00"

    lines = [json.dumps({"text": ARTICLE + str(i)}, ensure_ascii=False) for i in range(3)]
    (tmp_path / "many.jsonl").write_text("\n".join([*lines, "{broken"]), encoding="utf-8")
    result = read_file(tmp_path / "many.jsonl")
    assert len(result.articles) == 3
    assert len({a.url for a in result.articles}) == 3  # each line gets its own file:// URL
    assert result.failure is not None and "line 4" in result.failure.message


def test_json_without_text_is_a_failure(tmp_path: Path):
    (tmp_path / "x.json").write_text('{"title": "بلا نص"}', encoding="utf-8")
    result = read_file(tmp_path / "x.json")
    assert result.failure is not None and result.failure.reason is FailureReason.BAD_JSON


def test_walk_is_recursive_and_refuses_links_leading_out(tmp_path: Path):
    inside = tmp_path / "src"
    (inside / "deep").mkdir(parents=True)
    (inside / "deep" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (inside / "b.html").write_text("<html></html>", encoding="utf-8")
    (inside / "scan.pdf").write_bytes(b"%PDF")  # a document: reported, not read
    (inside / "ignored.png").write_bytes(b"\x89PNG")  # anything else (a saved page's images): passed over
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    os.symlink(secret, inside / "link.txt")
    os.symlink(inside / "deep" / "a.txt", inside / "inner_link.txt")
    entries = list(walk_folder(inside))
    paths = sorted(p.name for p in entries if isinstance(p, Path))
    failures = [e for e in entries if isinstance(e, Failure)]
    assert paths == ["a.txt", "b.html", "inner_link.txt"]
    assert [(Path(f.item).name, f.reason) for f in failures] == [
        ("link.txt", FailureReason.OUTSIDE_FOLDER),
        ("scan.pdf", FailureReason.UNSUPPORTED),
    ]
