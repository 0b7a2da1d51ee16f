"""Everything Nashra says to a person, in Arabic (the default) and English; one language per reader.

A message is a `str.format` template, or, for a counted noun, one template per CLDR plural
category of the language (Arabic has six: zero, one, two, few, many, other), chosen by Babel's
plural rules from the value `n`: خبر واحد، خبران، 3 أخبار، 11 خبراً، 100 خبر.
"""

from __future__ import annotations

from functools import cache

Plural = dict[str, str]  # CLDR plural category -> template

MESSAGES: dict[str, dict[str, str | Plural]] = {
    # --- help and buttons ---------------------------------------------------------------
    "help_intro": {
        "ar": "<b>نشرة</b> — موجز يومي قصير وموثوق لأخبار اليوم من مصادر عربية متعددة.",
        "en": "<b>Nashra</b> — a short, trustworthy daily digest of Arabic news from many outlets.",
    },
    "help_plain_name": {
        "ar": "أو أرسل اسماً فقط لتعرف ما نعرفه عنه.",
        "en": "Or just send a name to see what we know about it.",
    },
    "help_admin": {"ar": "للمشرفين:", "en": "For admins:"},
    "button_subscribe": {"ar": "اشترك في النشرة اليومية", "en": "Daily digest"},
    "button_digest": {"ar": "النشرة الآن", "en": "Digest now"},
    "unknown_command": {
        "ar": "لا نعرف الأمر /{name}. أرسل /help لترى الأوامر.",
        "en": "Unknown command /{name}. Send /help to see the commands.",
    },
    "error": {"ar": "حدث خطأ؛ أُبلغ المشرفون.", "en": "Something went wrong; the admins have been told."},
    # --- subscriptions ------------------------------------------------------------------
    "subscribed": {
        "ar": "تم الاشتراك ✅ ستصلك النشرة يومياً الساعة {digest_time} ({timezone}).",
        "en": "Subscribed ✅ Your digest comes every day at {digest_time} ({timezone}).",
    },
    "unsubscribed": {"ar": "تم إيقاف النشرة اليومية.", "en": "Daily digest stopped."},
    "not_subscribed": {
        "ar": "لا يوجد اشتراك لهذه المحادثة. أرسل /subscribe أولاً.",
        "en": "This chat has no subscription. Send /subscribe first.",
    },
    "terminal_no_push": {
        "ar": "النشرة اليومية تُرسل في تيليجرام؛ هنا اكتب /digest لتقرأها الآن.",
        "en": "Daily digests are sent on Telegram; here, type /digest to read it now.",
    },
    "bad_time": {
        "ar": "الوقت غير صحيح: {value} — اكتب الساعة والدقائق، مثل 07:30",
        "en": "Bad time: {value} — use HH:MM, e.g. 07:30",
    },
    "bad_zone": {
        "ar": "منطقة زمنية غير معروفة: {value} — مثال: Asia/Riyadh",
        "en": "Unknown time zone: {value} — for example Europe/London",
    },
    # --- names and search -----------------------------------------------------------------
    "need_name": {"ar": "اكتب الاسم بعد الأمر، مثل: /about بوتين", "en": "Add a name, e.g. /about Putin"},
    "need_words": {
        "ar": "اكتب كلمات البحث بعد الأمر، مثل: /search كوريا",
        "en": "Add search words, e.g. /search Korea",
    },
    "following": {"ar": "تتابع الآن: {names}", "en": "You now follow: {names}"},
    "following_none": {"ar": "لا تتابع أي اسم.", "en": "You follow nobody."},
    "follow_unknown": {
        "ar": "لم يرد «{name}» في أي خبر عندنا بعد، فلم نضفه.",
        "en": "“{name}” is in none of our articles yet, so it was not added.",
    },
    "no_results": {"ar": "لا نتائج.", "en": "No results."},
    "need_words_filter": {
        "ar": "اكتب الكلمات بعد الأمر، مثل: /{command} كورونا",
        "en": "Add the words, e.g. /{command} football",
    },
    "filters_none": {
        "ar": "لا مرشحات: تصلك كل الأخبار. /mute كلمة لإخفاء ما يذكرها، /only كلمة لتلقي ما يذكرها فقط.",
        "en": "No filters: you get every story. /mute WORD hides stories with it, /only WORD keeps only those.",
    },
    "filters_muted": {"ar": "مخفية: {words}", "en": "Muted: {words}"},
    "filters_only": {"ar": "فقط ما يذكر: {words}", "en": "Only stories with: {words}"},
    "about_unknown": {"ar": "لا نعرف «{name}» بعد.", "en": "We don't know “{name}” yet."},
    "about_aliases": {"ar": "يُكتب أيضاً", "en": "Also written"},
    "about_related": {"ar": "أسماء مرتبطة", "en": "Related"},
    "did_you_mean": {"ar": "ربما تقصد", "en": "Did you mean"},
    "kind_PER": {"ar": "شخص", "en": "person"},
    "kind_LOC": {"ar": "مكان", "en": "place"},
    "kind_ORG": {"ar": "جهة", "en": "organisation"},
    "kind_MISC": {"ar": "اسم", "en": "name"},
    "trend_title": {"ar": "{name} — عدد الأخبار يومياً", "en": "{name} — articles per day"},
    "trend_saved": {"ar": "حُفظ الرسم في {path}", "en": "Chart saved to {path}"},
    # --- the digest -------------------------------------------------------------------------
    "digest_title": {"ar": "نشرة {date}", "en": "Digest of {date}"},
    "digest_empty": {
        "ar": "لا جديد في الساعات الأربع والعشرين الماضية. نلقاك غداً.",
        "en": "Nothing new in the last 24 hours. See you tomorrow.",
    },
    "followed_title": {"ar": "ما تتابعه: {name}", "en": "You follow: {name}"},
    "followed_above": {"ar": "انظر الخبر {numbers} أعلاه.", "en": "See story {numbers} above."},
    "story_new": {"ar": "جديد", "en": "New"},
    "story_update": {"ar": "تحديث", "en": "Update"},
    "story_latest": {"ar": "آخر خبر {time}", "en": "latest {time}"},
    "story_since": {"ar": "الجديد منذ آخر مرة: {titles}", "en": "New since last time: {titles}"},
    # --- sources and ingestion ------------------------------------------------------------
    "source_added": {"ar": "أضيف المصدر #{id}: {name}", "en": "Source #{id} added: {name}"},
    "source_removed": {"ar": "حُذف المصدر #{id}: {name}", "en": "Source #{id} removed: {name}"},
    "usage_addsource": {
        "ar": "الصيغة: /addsource رابط أو مجلد [اسم]",
        "en": "Usage: /addsource URL_OR_FOLDER [name]",
    },
    "usage_removesource": {"ar": "الصيغة: /removesource رقم المصدر", "en": "Usage: /removesource ID"},
    "no_sources": {
        "ar": "لا توجد مصادر بعد. أضف مصدراً: /addsource رابط أو مجلد",
        "en": "No sources yet. Add one: /addsource URL or folder",
    },
    "no_sources_terminal": {
        "ar": "لا توجد مصادر بعد. أضف مصدراً: nashra sources add رابط أو مجلد",
        "en": "No sources yet. Add one: nashra sources add PATH_OR_URL",
    },
    "source_kind_folder": {"ar": "مجلد", "en": "folder"},
    "source_kind_feed": {"ar": "خلاصة", "en": "feed"},
    "source_kind_page": {"ar": "صفحة", "en": "page"},
    "source_state_active": {"ar": "يعمل", "en": "active"},
    "source_state_disabled": {"ar": "متوقف", "en": "disabled"},
    "source_last_success": {"ar": "آخر نجاح {time}", "en": "last success {time}"},
    "source_next_check": {"ar": "الفحص القادم {time}", "en": "next check {time}"},
    "never": {"ar": "لم يحدث", "en": "never"},
    "ingest_started": {"ar": "بدأ جلب الأخبار…", "en": "Fetching news…"},
    "ingest_failed_item": {"ar": "تعذر: {item} — {error}", "en": "Failed: {item} — {error}"},
    # why an item or a source gave no article (digest.sources.model.FailureReason)
    "failure_empty": {"ar": "ملف فارغ", "en": "empty file"},
    "failure_binary": {"ar": "ليس نصاً (ملف ثنائي)", "en": "not text (a binary file)"},
    "failure_too_large": {"ar": "أكبر من الحد المسموح", "en": "larger than the limit"},
    "failure_undecodable": {"ar": "ترميز غير مقروء", "en": "unreadable encoding"},
    "failure_bad_json": {"ar": "JSON غير صالح أو بلا نص", "en": "invalid JSON, or no text in it"},
    "failure_no_article": {
        "ar": "لا نص خبر فيه (عناوين أو قوائم فقط)",
        "en": "no article text (only headlines or lists)",
    },
    "failure_unsupported": {
        "ar": "ليس ملف خبر: احفظه بصيغة ‎.txt أو ‎.html أو ‎.json",
        "en": "not an article file: save it as .txt, .html or .json",
    },
    "failure_unreadable": {"ar": "تعذرت قراءته", "en": "could not be read"},
    "failure_outside_folder": {"ar": "خارج المجلد المضاف", "en": "outside the folder added"},
    "failure_not_found": {"ar": "غير موجود", "en": "not found"},
    "failure_refused": {"ar": "عنوان مرفوض (محلي أو خاص)", "en": "refused address (local or private)"},
    "failure_unreachable": {"ar": "تعذر الوصول إليه", "en": "unreachable"},
    "failure_http_error": {"ar": "ردّ الخادم بخطأ {code}", "en": "the server answered {code}"},
    "failure_not_a_feed": {"ar": "ليس خلاصة RSS أو Atom", "en": "not an RSS or Atom feed"},
    # why a source command could not be done (bot.answers.sources.SourceError)
    "source_not_folder": {"ar": "ليس مجلداً: {location}", "en": "not a folder: {location}"},
    "source_exists": {"ar": "مصدر مضاف من قبل: {location}", "en": "already a source: {location}"},
    "source_bad_address": {
        "ar": "لا يُجلب من هذا العنوان (ليس http(s) أو يقود إلى شبكة محلية أو خاصة): {location}",
        "en": "this address is not fetched (not http(s), or it leads to a local or private network): {location}",
    },
    "source_missing": {"ar": "لا مصدر بالرقم {id}", "en": "no source with id {id}"},
    "opml_unreadable": {"ar": "ملف OPML غير مقروء", "en": "unreadable OPML file"},
    "alias_usage": {"ar": "الصيغة: /alias الاسم = الصيغة الأخرى", "en": "Usage: /alias NAME = VARIANT"},
    "alias_done": {"ar": "تم الدمج: «{variant}» = «{canonical}»", "en": "Merged: “{variant}” = “{canonical}”"},
    "aliases_none": {
        "ar": "لا توجد أسماء مدمجة بعد: nashra alias الاسم = الصيغة الأخرى",
        "en": "No aliases yet: nashra alias NAME = VARIANT",
    },
    "not_admin": {
        "ar": "عذراً، هذا الأمر متاح لمشرفي البوت فقط.",
        "en": "Sorry, only the bot's admins can use this command.",
    },
    "health_ok": {
        "ar": "قاعدة البيانات {database} تعمل (المخطط {schema})، آخر جلب: {last}",
        "en": "Database {database} is up (schema {schema}), last fetched: {last}",
    },
    "analyze_summary": {"ar": "الملخص", "en": "Summary"},
    "analyze_sentences": {"ar": "الجمل", "en": "Sentences"},
    "analyze_entities": {"ar": "الأسماء", "en": "Names"},
    # --- counted nouns: one template per CLDR plural category ------------------------------
    "n_articles": {
        "ar": {
            "zero": "لا أخبار",
            "one": "خبر واحد",
            "two": "خبران",
            "few": "{n} أخبار",
            "many": "{n} خبراً",
            "other": "{n} خبر",
        },
        "en": {"one": "{n} article", "other": "{n} articles"},
    },
    "n_new_articles": {
        "ar": {
            "zero": "لا أخبار جديدة",
            "one": "خبر جديد واحد",
            "two": "خبران جديدان",
            "few": "{n} أخبار جديدة",
            "many": "{n} خبراً جديداً",
            "other": "{n} خبر جديد",
        },
        "en": {"one": "{n} new article", "other": "{n} new articles"},
    },
    "n_outlets": {
        "ar": {
            "zero": "لا مصادر",
            "one": "مصدر واحد",
            "two": "مصدران",
            "few": "{n} مصادر",
            "many": "{n} مصدراً",
            "other": "{n} مصدر",
        },
        "en": {"one": "{n} outlet", "other": "{n} outlets"},
    },
    "n_stories": {
        "ar": {
            "zero": "لا قصص",
            "one": "قصة واحدة",
            "two": "قصتان",
            "few": "{n} قصص",
            "many": "{n} قصة",
            "other": "{n} قصة",
        },
        "en": {"one": "{n} story", "other": "{n} stories"},
    },
    "n_duplicates": {
        "ar": {
            "zero": "لا مكرر",
            "one": "مكرر واحد",
            "two": "مكرران",
            "few": "{n} مكررات",
            "many": "{n} مكرراً",
            "other": "{n} مكرر",
        },
        "en": {"one": "{n} duplicate", "other": "{n} duplicates"},
    },
    "n_failed": {
        "ar": {
            "zero": "لا إخفاق",
            "one": "إخفاق واحد",
            "two": "إخفاقان",
            "few": "{n} إخفاقات",
            "many": "{n} إخفاقاً",
            "other": "{n} إخفاق",
        },
        "en": {"one": "{n} failed", "other": "{n} failed"},
    },
    "n_seen": {
        "ar": {
            "zero": "لم يُفحص شيء",
            "one": "فُحص عنصر واحد",
            "two": "فُحص عنصران",
            "few": "فُحصت {n} عناصر",
            "many": "فُحص {n} عنصراً",
            "other": "فُحص {n} عنصر",
        },
        "en": {"one": "{n} item looked at", "other": "{n} items looked at"},
    },
    "n_errors": {
        "ar": {
            "zero": "لا أخطاء",
            "one": "خطأ واحد",
            "two": "خطآن متتاليان",
            "few": "{n} أخطاء متتالية",
            "many": "{n} خطأً متتالياً",
            "other": "{n} خطأ متتالٍ",
        },
        "en": {"one": "{n} error in a row", "other": "{n} errors in a row"},
    },
    "n_sources_active": {
        "ar": {
            "zero": "لا مصادر تعمل",
            "one": "مصدر واحد يعمل",
            "two": "مصدران يعملان",
            "few": "{n} مصادر تعمل",
            "many": "{n} مصدراً يعمل",
            "other": "{n} مصدر يعمل",
        },
        "en": {"one": "{n} source active", "other": "{n} sources active"},
    },
    "n_feeds_added": {
        "ar": {
            "zero": "لم تُضف أي خلاصة",
            "one": "أضيفت خلاصة واحدة",
            "two": "أضيفت خلاصتان",
            "few": "أضيفت {n} خلاصات",
            "many": "أضيفت {n} خلاصة",
            "other": "أضيفت {n} خلاصة",
        },
        "en": {"one": "{n} feed added", "other": "{n} feeds added"},
    },
    "last_hours": {
        "ar": {
            "zero": "الآن",
            "one": "آخر ساعة",
            "two": "آخر ساعتين",
            "few": "آخر {n} ساعات",
            "many": "آخر {n} ساعة",
            "other": "آخر {n} ساعة",
        },
        "en": {"one": "the last hour", "other": "the last {n} hours"},
    },
}


def say(key: str, language: str, /, **values: object) -> str:
    """The message `key` in `language` (Arabic when there is none), its `{fields}` filled in.

    A counted message takes its number as `n` and picks the template of its plural category.
    """
    texts = MESSAGES[key]
    template = texts.get(language) or texts["ar"]
    if isinstance(template, dict):
        template = template.get(plural_category(language, int(values["n"])), template["other"])  # type: ignore[call-overload]
    return template.format(**values)


def count(key: str, language: str, n: int) -> str:
    """A number and its noun in agreement: `count("n_articles", "ar", 3)` → "3 أخبار"."""
    return say(key, language, n=n)


def plural_category(language: str, n: int) -> str:
    """CLDR's plural category of `n` in `language` (Babel's rules)."""
    return _locale(language).plural_form(n)


@cache
def _locale(language: str):
    from babel import Locale

    return Locale.parse(language)
