"""The `nashra` command driven end to end, as a user runs it."""

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answers.search import snippet
from bot.settings import load_settings
from bot.telegram.app import check_bot_api
from digest.arabic import normalize, query_alternatives
from digest.summarize import arabic_stop_words
from storage.engine import open_database
from tests.conftest import ROOT, CliRunner, real_process_env
from tests.doubles import TelegramDouble

ARTICLE = {
    "title": "افتتاح معرض الرياض الدولي للكتاب",
    "text": (
        "افتتح وزير الثقافة مساء أمس معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة. "
        "وقال الوزير في كلمة الافتتاح إن المعرض أصبح موعداً سنوياً للقراء والناشرين في المنطقة كلها."
    ),
    "source": "واس",
    "url": "https://example.org/fair",
}


def _json(result) -> object:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_prints_a_digest_of_the_bundled_samples(cli: CliRunner):
    result = cli("demo")
    assert result.returncode == 0, result.stderr
    assert "معرض الرياض" in result.stdout and "جدة" in result.stdout
    digest = _json(cli("digest", "--format", "json"))
    fair = next(s for s in digest["stories"] if "معرض" in s["title"])
    assert len(fair["articles"]) == 3  # three outlets, one story
    assert digest["stories"][0] is fair  # carried by most sources: first
    assert all("الذهب" not in s for story in digest["stories"] for s in story["summary"])  # glued story dropped


def test_seeds_ingest_once_then_none(cli: CliRunner, seeds: Path):
    first = _json(cli("ingest", "--once", str(seeds), "--format", "json"))
    assert (first["seen"], first["ingested"], first["duplicates"], first["failed"]) == (5, 5, 0, [])
    second = _json(cli("ingest", "--once", str(seeds), "--format", "json"))
    assert (second["seen"], second["ingested"], second["duplicates"]) == (5, 0, 5)


def test_seed_digest_summaries_are_whole_sentences_of_the_articles(cli: CliRunner, seeds: Path):
    from digest.arabic import clean_unicode

    assert cli("ingest", str(seeds), "--once").returncode == 0  # options after positionals too
    digest = _json(cli("digest", "--format", "json"))
    originals = " ".join(clean_unicode(p.read_text(encoding="utf-8")) for p in seeds.glob("*.txt"))
    stories = digest["stories"]
    assert sum(len(s["articles"]) for s in stories) == 5
    for story in stories:
        assert story["title"] and 1 <= len(story["summary"]) <= 5
        for sentence in story["summary"]:
            assert sentence in originals
            assert len(sentence.split()) >= 6 and sentence[-1] in '.!؟?…"»”'
        assert {"id", "title", "source", "url"} <= set(story["articles"][0])


def test_search_finds_words_inside_prefixed_forms(cli: CliRunner, seeds: Path):
    cli("ingest", "--once", str(seeds))
    hits = _json(cli("search", "بيونغ", "--format", "json"))
    titles = {h["title"] for h in hits}
    assert any(t.startswith("يصف غالبية المراقبين") for t in titles)  # it only has وبيونغ and بيونغ يانغ
    assert all({"article_id", "title", "snippet", "source"} <= set(h) for h in hits)
    korea = _json(cli("search", "كوريا", "--format", "json"))
    assert len(korea) == 5
    assert _json(cli("search", "لكوريا", "الشمالية", "--format", "json"))  # prefixed query words too
    assert _json(cli("search", "كلمةغيرموجودة", "--format", "json")) == []


@pytest.mark.parametrize("stored", [True, False])
def test_a_snippet_opens_at_the_first_matching_word_or_at_the_start(stored: bool):
    body = " ".join(["تمهيد"] * 40 + ["وقال", "وزير", "الثقافة", "إن", "المعرض", "نجح"] + ["خاتمة"] * 40)
    normalized = normalize(body) if stored else None
    around = snippet(body, [query_alternatives("الثقافة")], width=10, normalized=normalized)
    assert around.startswith("… ") and "وزير الثقافة" in around and around.endswith(" …")
    title_only = snippet(body, [query_alternatives("افتتاح")], width=10, normalized=normalized)  # the hit was the title
    assert title_only == " ".join(body.split()[:10]) + " …"


def test_ingest_reports_bad_files_and_keeps_going(cli: CliRunner, tmp_path: Path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "good.json").write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (inbox / "cp1256.txt").write_bytes(("عنوان الخبر\n" + ARTICLE["text"].replace("الرياض", "جدة")).encode("cp1256"))
    (inbox / "nav.html").write_text("<html><body><nav>الرئيسية</nav></body></html>", encoding="utf-8")
    (inbox / "report.docx").write_bytes(b"PK\x03\x04" + bytes(100))  # a document, not an article file
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n" + bytes(100))
    result = cli(
        "ingest", "--once", str(inbox), str(tmp_path / "missing"), str(tmp_path / "scan.pdf"), "--format", "json"
    )
    assert result.returncode == 1  # a path given that is not there; the rest is ingested all the same
    report = json.loads(result.stdout)
    assert report["ingested"] == 2
    failed = {Path(f["item"]).name: f["error"] for f in report["failed"]}
    assert set(failed) == {"empty.txt", "binary.txt", "nav.html", "missing", "report.docx", "scan.pdf"}
    assert all(failed.values())
    assert "save the article as .txt, .html or .json" in failed["scan.pdf"] and ".docx" in failed["report.docx"]
    assert report["seen"] == 8
    alone = cli("ingest", "--once", str(tmp_path / "missing"))
    assert alone.returncode == 1 and "missing" in alone.stdout
    assert alone.stderr.strip() == f"nashra: not ingested: {tmp_path / 'missing'}: no such file or folder"
    with socket.socket() as probe:  # a URL given that cannot be reached is not ingested either
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/feed.xml"
        unreachable = cli("ingest", "--once", url, NASHRA_ALLOW_PRIVATE_URLS="true", NASHRA_HOST_INTERVAL="0")
    assert unreachable.returncode == 1 and unreachable.stderr.startswith(f"nashra: not ingested: {url}: ")
    assert cli("ingest", "--once", str(inbox)).returncode == 0  # bad files are reported, not an error of the command


def test_sources_add_list_remove_and_ingest_from_sources(cli: CliRunner, tmp_path: Path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    added = _json(cli("sources", "add", str(folder), "--name", "محلي", "--format", "json"))
    assert added["name"] == "محلي" and added["kind"] == "folder"
    listed = _json(cli("sources", "list", "--format", "json"))
    assert [s["id"] for s in listed] == [added["id"]]
    assert cli("sources", "add", str(folder)).returncode == 1  # already there: one-line reason
    report = _json(cli("ingest", "--once", "--format", "json"))
    assert report["ingested"] == 1
    removed = cli("sources", "remove", str(added["id"]))
    assert removed.returncode == 0 and f"حُذف المصدر #{added['id']}: محلي" in removed.stdout  # says what went
    assert _json(cli("sources", "list", "--format", "json")) == []
    assert "nashra sources add" in cli("sources", "list").stdout  # how to add one, in the terminal's own words
    missing = cli("sources", "remove", "999")
    assert missing.returncode == 1 and "لا مصدر بالرقم 999" in missing.stderr  # in the reader's language
    english = cli("sources", "remove", "999", NASHRA_LANGUAGE="en")
    assert english.returncode == 1 and "no source with id 999" in english.stderr


def test_analyze_reads_stdin(cli: CliRunner):
    text = ARTICLE["title"] + "\n" + ARTICLE["text"]
    result = _json(cli("analyze", "-", "--format", "json", stdin=text.encode("utf-8")))
    assert result["title"] == ARTICLE["title"]
    assert len(result["sentences"]) == 2 and result["summary"]
    assert {"title", "text", "sentences", "summary", "entities"} <= set(result)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("NASHRA_DIGEST_TIME", "25:00"),
        ("NASHRA_TIMEZONE", "Mars/Olympus"),
        ("NASHRA_INGEST_INTERVAL", "soon"),
        ("NASHRA_ADMIN_IDS", "12,abc"),
        ("NASHRA_ALLOW_PRIVATE_URLS", "perhaps"),
    ],
)
def test_bad_setting_stops_with_one_line_naming_it(cli: CliRunner, variable: str, value: str):
    result = cli("digest", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0]


def test_settings_from_dotenv_file(cli: CliRunner):
    (cli.workdir / ".env").write_text("NASHRA_DIGEST_TIME=7am\n", encoding="utf-8")
    env = {k: v for k, v in cli.env.items()}
    result = cli("digest", **env)
    assert result.returncode == 2 and "NASHRA_DIGEST_TIME" in result.stderr


def test_unreachable_database_is_one_line(cli: CliRunner):
    result = cli("digest", NASHRA_DATABASE_URL="sqlite:////nonexistent/dir/x.db")
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_bot_with_a_bad_token_or_an_unreachable_api_stops_with_one_line(cli: CliRunner):
    with socket.socket() as probe:  # a loopback port bound but not listening: refused, and no one else's
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/bot"
        result = cli("bot", NASHRA_TELEGRAM_TOKEN="123456:RIGHT", NASHRA_TELEGRAM_API_URL=closed)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line, no traceback
    assert "cannot reach the Bot API" in result.stderr and "NASHRA_TELEGRAM_API_URL" in result.stderr
    with TelegramDouble(token="123456:RIGHT") as telegram:
        pasted = load_settings(telegram_token=" 123456:RIGHT\n", telegram_api_url=telegram.api_url)
        assert check_bot_api(pasted) == "nashra_test_bot"  # a token pasted with its newline still works
        result = cli("bot", NASHRA_TELEGRAM_TOKEN="123456:WRONG", NASHRA_TELEGRAM_API_URL=telegram.api_url)
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "refused the token" in result.stderr
    assert "WRONG" not in result.stderr  # the token is never printed
    assert not (cli.workdir / "nashra.db").exists()  # it stopped before anything started


def test_text_output_in_one_language_through_python_dash_m(tmp_path: Path):
    """A real `python -m bot` process; its text output is Arabic by default, English when asked for."""
    real = CliRunner(tmp_path, f"sqlite:///{tmp_path / 'n.db'}", real_process=True)
    assert "7 أخبار جديدة" in real("ingest", "--once", str(ROOT / "digest" / "samples")).stdout
    out = real("digest").stdout
    assert "معرض الرياض" in out and "3 مصادر" in out
    assert "عكاظ (https://example.org/okaz/book-fair)" in out  # where to read it: each outlet's own link
    assert not re.search("[A-Za-z]{3,}", re.sub(r"<[^>]+>|\S+://\S+", "", out))  # no English words, links aside
    english = real("digest", NASHRA_LANGUAGE="en").stdout
    assert "outlets" in english and "مصادر" not in english


def test_cli_on_postgresql(postgres_url: str, tmp_path: Path, seeds: Path):
    cli = CliRunner(tmp_path, postgres_url)
    first = _json(cli("ingest", "--once", str(seeds), "--format", "json"))
    assert first["ingested"] + first["duplicates"] == 5
    assert _json(cli("ingest", "--once", str(seeds), "--format", "json"))["ingested"] == 0
    assert _json(cli("search", "بيونغ", "--format", "json"))
    assert _json(cli("digest", "--format", "json"))["stories"]


def test_urls_on_the_command_line_and_as_sources(cli: CliRunner):
    from tests.doubles import Route, WebDouble, rss
    from tests.test_web_sources import paragraphs

    with WebDouble() as web:
        items = [
            {"guid": "urn:x:1", "link": web.url("/a/1"), "title": "خبر", "description": " ".join(paragraphs(1) * 3)}
        ]
        web.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml")
        web.routes["/broken.xml"] = Route(b"<html><body>Error</body></html>")
        result = cli("ingest", "--once", web.url("/feed.xml"), "--format", "json")
        assert result.returncode == 1 and "not ingested" in result.stderr  # the URL given was refused
        refused = json.loads(result.stdout)
        assert refused["ingested"] == 0 and "loopback or private" in refused["failed"][0]["error"]
        added = cli("sources", "add", web.url("/broken.xml"))
        assert added.returncode == 1 and "شبكة محلية أو خاصة" in added.stderr
        assert web.requests == []

        allowed = {"NASHRA_ALLOW_PRIVATE_URLS": "true"}
        report = _json(cli("ingest", "--once", web.url("/feed.xml"), "--format", "json", **allowed))
        assert report["ingested"] == 1
        source = _json(cli("sources", "add", web.url("/broken.xml"), "--kind", "feed", "--format", "json", **allowed))
        assert source["kind"] == "feed"
        failing = _json(cli("ingest", "--once", "--format", "json", **allowed))
        assert failing["failed"][0]["item"] == web.url("/broken.xml")
        health = _json(cli("sources", "list", "--format", "json"))[0]
        assert health["error_count"] == 1 and "HTML page" in health["last_error"] and health["next_check_at"]
        assert "ليس خلاصة RSS أو Atom" in cli("sources", "list").stdout  # the reason, in the reader's words


def test_chat_runs_the_bot_commands_in_the_terminal(cli: CliRunner):
    assert cli("demo").returncode == 0
    script = "\n".join(
        [
            "/help",
            "/digest",
            "الهلال",
            "/search جدة",
            "/follow الهلال",
            "/subscribe 07:30",
            "/settime 25:00",
            "/trend جدة",
            "/alias الهلال = الزعيم",
            "/about الزعيم",
            "/sources",
            "/nonsense",
            "",
        ]
    )
    result = cli("chat", stdin=script.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "/subscribe" in out  # help
    assert "معرض الرياض" in out  # digest
    assert "النصر" in out  # the card for الهلال
    assert "أمطار" in out  # search
    assert "تتابع الآن: الهلال" in out
    assert out.count("النشرة اليومية تُرسل في تيليجرام") == 2  # no push promised that nothing sends
    assert "جدة — " in out and "حُفظ الرسم في" in out and list(cli.workdir.glob("trend-*.png"))
    assert "«الزعيم» = «الهلال»" in out
    assert "لا توجد مصادر بعد" in out
    assert "لا نعرف الأمر /nonsense" in out
    assert "<b>" not in out  # HTML is rendered as plain text


def test_about_and_entities_commands(cli: CliRunner, seeds: Path):
    assert cli("ingest", "--once", str(seeds)).returncode == 0
    card = _json(cli("about", "كيم", "جونج", "أون", "--format", "json"))
    assert card["query"] == "كيم جونج أون" and card["mentions"] >= 3
    assert {"id", "name", "kind", "aliases"} <= set(card["entity"]) and card["entity"]["kind"] == "PER"
    assert card["stories"] and {"id", "title", "summary"} <= set(card["stories"][0])
    unknown = cli("about", "زيد", "عمرو", "الخيالي", "--format", "json")
    assert unknown.returncode == 0 and json.loads(unknown.stdout)["entity"] is None
    top = _json(cli("entities", "--top", "30", "--format", "json"))
    assert len(top) == 30 and all({"name", "kind", "aliases", "mentions"} <= set(e) for e in top)
    by_name = {e["name"]: e for e in top}
    assert {"روسيا", "كوريا الشمالية", "فلاديمير بوتين"} <= set(by_name)
    merged = next(e for e in top if "كيم" in e["name"])
    assert {merged["name"], *merged["aliases"]} >= {"كيم جونغ أون", "كيم جونج أون"}  # spellings merged
    assert top == sorted(top, key=lambda e: -e["mentions"])
    assert "كوريا الشمالية" in cli("entities").stdout and "كيم" in cli("about", "كيم", "جونغ", "أون").stdout
    # The 30 most mentioned hold no common words; a person asked by one name is found by the full name.
    common = arabic_stop_words()
    assert not [e["name"] for e in top if any(normalize(w) in common for w in e["name"].split())]
    putin = _json(cli("about", "بوتين", "--format", "json"))
    assert putin["entity"]["name"] == "فلاديمير بوتين" and "بوتين" in putin["entity"]["aliases"]
    assert putin["mentions"] == by_name["فلاديمير بوتين"]["mentions"] == 5


# The NLP stack, and camel-tools' character sets (0.7 s to build; the normaliser itself is light).
HEAVY = ("sumy", "nltk", "scipy", "torch", "camel_tools.utils.charsets", "sklearn", "matplotlib", "pycrfsuite")


@pytest.mark.parametrize(
    ("argv", "forbidden"),
    [
        (["--help"], (*HEAVY, "sqlalchemy", "sqlmodel", "pydantic", "alembic")),
        (["health"], (*HEAVY, "alembic")),
        (["about", "الهلال"], (*HEAVY, "alembic")),
        (["search", "جدة"], (*HEAVY, "alembic")),
        (["digest"], (*HEAVY, "alembic")),
    ],
)
def test_commands_start_without_what_they_do_not_need(tmp_path: Path, argv: list[str], forbidden: tuple[str, ...]):
    """Start-up (issue #14): a command imports what it needs; a current store opens without Alembic."""
    url = f"sqlite:///{tmp_path / 'n.db'}"
    open_database(url).dispose()  # an existing, current store
    probe = (
        "import sys; from bot.terminal.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', sorted(sys.modules))"
    )
    env = {**real_process_env(), "NASHRA_DATABASE_URL": url}
    result = subprocess.run([sys.executable, "-c", probe, *argv], env=env, cwd=tmp_path, capture_output=True, text=True)
    loaded = json.loads(result.stdout.rsplit("LOADED ", 1)[1].replace("'", '"'))
    assert not [m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden)], result.stderr


def test_every_option_says_what_it_is_and_a_wrong_value_what_is_expected(cli: CliRunner):
    import argparse

    from bot.terminal.cli import build_parser

    def without_help(parser: argparse.ArgumentParser, path: str) -> list[str]:
        found = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found += without_help(sub, f"{path} {name}")
            elif not action.help and action.dest != "help":
                found.append(f"{path} {action.option_strings or action.dest}")
        return found

    assert without_help(build_parser(), "nashra") == []
    wrong = cli("digest", "--hours", "abc")
    assert wrong.returncode == 2 and "--hours: a whole number above 0 is expected, not 'abc'" in wrong.stderr
    assert "a whole number above 0" in cli("sources", "remove", "x").stderr
    assert "_positive_int" not in wrong.stderr and "invalid int" not in cli("sources", "remove", "x").stderr
