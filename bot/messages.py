"""What the bot says, in Arabic (the default) and English. Values are filled with `str.format`."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "help": {
        "ar": (
            "<b>نشرة</b> — موجز يومي قصير وموثوق لأخبار اليوم من مصادر عربية متعددة.\n\n"
            "/digest — النشرة الآن\n"
            "/subscribe [HH:MM] — اشترك في النشرة اليومية\n"
            "/unsubscribe — أوقف النشرة اليومية\n"
            "/settime HH:MM — وقت النشرة\n"
            "/timezone Area/City — المنطقة الزمنية\n"
            "/about اسم — ما نعرفه عن شخص أو مكان أو جهة (أو أرسل الاسم فقط)\n"
            "/follow اسم ، /unfollow اسم — قسم خاص في نشرتك\n"
            "/search كلمات — بحث في الأخبار\n"
            "/trend اسم — رسم لعدد الأخبار يومياً"
        ),
        "en": (
            "<b>Nashra</b> — a short, trustworthy daily digest of Arabic news from many outlets.\n\n"
            "/digest — the digest now\n"
            "/subscribe [HH:MM] — daily digest for this chat\n"
            "/unsubscribe — stop the daily digest\n"
            "/settime HH:MM — when the digest comes\n"
            "/timezone Area/City — your time zone\n"
            "/about NAME — what we know about a person, place or organisation (or just send the name)\n"
            "/follow NAME, /unfollow NAME — a section of your own in the digest\n"
            "/search WORDS — full-text search\n"
            "/trend NAME — a chart of mentions per day"
        ),
    },
    "button_subscribe": {"ar": "اشترك في النشرة اليومية", "en": "Daily digest"},
    "button_digest": {"ar": "النشرة الآن", "en": "Digest now"},
    "subscribed": {
        "ar": "تم الاشتراك ✅ ستصلك النشرة يومياً الساعة {digest_time} ({timezone}).",
        "en": "Subscribed ✅ Your digest comes every day at {digest_time} ({timezone}).",
    },
    "unsubscribed": {"ar": "تم إيقاف النشرة اليومية.", "en": "Daily digest stopped."},
    "not_subscribed": {"ar": "لا يوجد اشتراك لهذه المحادثة.", "en": "This chat has no subscription."},
    "bad_time": {
        "ar": "الوقت غير صحيح: {value} — اكتبه بصيغة HH:MM مثل 07:30",
        "en": "Bad time: {value} — use HH:MM, e.g. 07:30",
    },
    "bad_zone": {
        "ar": "منطقة زمنية غير معروفة: {value} — مثال: Asia/Riyadh",
        "en": "Unknown time zone: {value} — for example Europe/London",
    },
    "need_name": {"ar": "اكتب الاسم بعد الأمر، مثل: /about بوتين", "en": "Add a name, e.g. /about Putin"},
    "need_words": {
        "ar": "اكتب كلمات البحث بعد الأمر، مثل: /search كوريا",
        "en": "Add search words, e.g. /search كوريا",
    },
    "following": {"ar": "تتابع الآن: {names}", "en": "You now follow: {names}"},
    "following_none": {"ar": "لا تتابع أي اسم.", "en": "You follow nobody."},
    "not_admin": {
        "ar": "عذراً، هذا الأمر متاح لمشرفي البوت فقط.",
        "en": "Sorry, only the bot's admins can use this command.",
    },
    "alias_usage": {"ar": "الصيغة: /alias الاسم = الصيغة الأخرى", "en": "Usage: /alias NAME = VARIANT"},
    "alias_done": {"ar": "تم الدمج: «{variant}» = «{canonical}»", "en": "Merged: “{variant}” = “{canonical}”"},
    "source_added": {"ar": "أضيف المصدر #{id}: {name}", "en": "Source #{id} added: {name}"},
    "source_removed": {"ar": "حُذف المصدر #{id}: {name}", "en": "Source #{id} removed: {name}"},
    "source_error": {"ar": "تعذر ذلك: {error}", "en": "Could not do that: {error}"},
    "no_sources": {"ar": "لا توجد مصادر بعد.", "en": "No sources yet."},
    "ingest_started": {"ar": "بدأ جلب الأخبار…", "en": "Fetching news…"},
    "ingest_done": {
        "ar": "انتهى الجلب: {ingested} خبراً جديداً، {duplicates} مكرراً، {failed} تعذر.",
        "en": "Done: {ingested} new articles, {duplicates} duplicates, {failed} failed.",
    },
    "no_results": {"ar": "لا نتائج.", "en": "No results."},
    "digest_title": {"ar": "نشرة {date}", "en": "Digest of {date}"},
    "digest_empty": {
        "ar": "لا جديد في الساعات الأربع والعشرين الماضية. نلقاك غداً.",
        "en": "Nothing new in the last 24 hours. See you tomorrow.",
    },
    "followed_title": {"ar": "ما تتابعه: {name}", "en": "You follow: {name}"},
    "about_unknown": {"ar": "لا نعرف «{name}» بعد.", "en": "We don't know “{name}” yet."},
    "about_mentions": {"ar": "{mentions} خبراً", "en": "{mentions} articles"},
    "about_aliases": {"ar": "يُكتب أيضاً", "en": "Also written"},
    "about_related": {"ar": "أسماء مرتبطة", "en": "Related"},
    "did_you_mean": {"ar": "ربما تقصد", "en": "Did you mean"},
    "error": {"ar": "حدث خطأ؛ أُبلغ المشرفون.", "en": "Something went wrong; the admins have been told."},
}


def say(key: str, language: str, /, **values: object) -> str:
    texts = MESSAGES[key]
    return texts.get(language, texts["ar"]).format(**values)
